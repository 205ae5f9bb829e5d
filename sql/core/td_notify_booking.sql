-- Queues one message to a booking's contact: an SMS to its phone, an
-- e-mail to its address and a Telegram message to its chat (linked by the
-- customer's /start: api.telegram_update), each when there is one. p_body is the core's own
-- words (English, the last resort); p_details what the message is about as
-- data (migration 0039), rendered by the worker in the booking's language.
-- A row the unique index of reminders already holds is not queued again
-- (two sweeps at once: the second does nothing). Returns how many were queued.
create or replace function td_notify_booking(p_booking bigint, p_kind text, p_body text, p_details jsonb)
returns int language plpgsql as $$
declare
    b bookings%rowtype;
    v_queued int := 0;
    v_one int;
begin
    select * into b from bookings where id = p_booking;
    if b.contact_phone <> '' then
        insert into notification_outbox (booking_id, channel, recipient, kind, body, details)
        values (b.id, 'sms', b.contact_phone, p_kind, p_body, p_details)
        on conflict do nothing;
        get diagnostics v_one = row_count;
        v_queued := v_queued + v_one;
    end if;
    if b.contact_email <> '' then
        insert into notification_outbox (booking_id, channel, recipient, kind, body, details)
        values (b.id, 'email', b.contact_email, p_kind, p_body, p_details)
        on conflict do nothing;
        get diagnostics v_one = row_count;
        v_queued := v_queued + v_one;
    end if;
    if b.telegram_chat <> '' then
        insert into notification_outbox (booking_id, channel, recipient, kind, body, details)
        values (b.id, 'telegram', b.telegram_chat, p_kind, p_body, p_details)
        on conflict do nothing;
        get diagnostics v_one = row_count;
        v_queued := v_queued + v_one;
    end if;
    return v_queued;
end $$;
