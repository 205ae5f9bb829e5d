-- A lost ticket: every code of the booking printed so far is revoked and the
-- next print gives new ones. Returns the new generation.
create or replace function td_reissue_tickets(p_booking bigint, p_staff bigint, p_device bigint) returns int
language plpgsql as $$
declare
    b bookings%rowtype;
begin
    update bookings set ticket_gen = ticket_gen + 1, tickets_printed = 0, tickets_last_printed_at = null
     where id = p_booking and status = 'confirmed'
    returning * into b;
    if not found then
        select * into b from bookings where id = p_booking;
        if not found then
            perform td_raise('NOT_FOUND', jsonb_build_object('what', 'booking', 'id', p_booking));
        end if;
        perform td_raise('BOOKING_CANCELLED', jsonb_build_object('booking_number', b.booking_number));
    end if;
    insert into audit_log (staff_id, device_id, action, departure_id, booking_id, details)
    values (p_staff, p_device, 'tickets.reissued', b.departure_id, b.id,
            jsonb_build_object('booking_number', b.booking_number, 'generation', b.ticket_gen));
    return b.ticket_gen;
end $$;
