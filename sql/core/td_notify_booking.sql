-- Queues one message to a booking's contact: an SMS to its phone and an
-- e-mail to its address, each when there is one. Returns how many were queued.
create or replace function td_notify_booking(p_booking bigint, p_kind text, p_body text) returns int
language plpgsql as $$
declare
    b bookings%rowtype;
    v_queued int := 0;
begin
    select * into b from bookings where id = p_booking;
    if b.contact_phone <> '' then
        insert into notification_outbox (booking_id, channel, recipient, kind, body)
        values (b.id, 'sms', b.contact_phone, p_kind, p_body);
        v_queued := v_queued + 1;
    end if;
    if b.contact_email <> '' then
        insert into notification_outbox (booking_id, channel, recipient, kind, body)
        values (b.id, 'email', b.contact_email, p_kind, p_body);
        v_queued := v_queued + 1;
    end if;
    return v_queued;
end $$;
