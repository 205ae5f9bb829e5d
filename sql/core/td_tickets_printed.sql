-- Tickets handed out (printed or shown): counted, so a reprint can warn.
create or replace function td_tickets_printed(p_booking bigint, p_staff bigint, p_device bigint) returns void
language plpgsql as $$
declare
    b bookings%rowtype;
begin
    update bookings set tickets_printed = tickets_printed + 1, tickets_last_printed_at = clock_timestamp()
     where id = p_booking returning * into b;
    insert into audit_log (staff_id, device_id, action, departure_id, booking_id, details)
    values (p_staff, p_device, 'tickets.printed', b.departure_id, b.id,
            jsonb_build_object('generation', b.ticket_gen, 'times', b.tickets_printed));
end $$;
