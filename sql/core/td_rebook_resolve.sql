-- Marks a weather case (rebookings, migration 0022) resolved with p_outcome
-- — moved, refunded, credited or swept — under the caller's locks (the
-- departure's, then the booking's), and audits it as `rebook.<outcome>`
-- with p_details. Only the case: the caller does the booking's part (the
-- refund, the voucher, the move). NOT_TO_REBOOK when the booking has no
-- open case (none, or resolved before: the detail says which).
--
-- For api.booking_move (migration 0021): a move of a party to rebook calls
-- `perform td_rebook_resolve(booking, 'moved', key, staff, device,
-- jsonb_build_object('to_departure', target))` in its transaction.
create or replace function td_rebook_resolve(p_booking bigint, p_outcome text, p_key uuid, p_staff bigint,
                                             p_device bigint, p_details jsonb default '{}')
returns rebookings language plpgsql as $$
declare
    r rebookings%rowtype;
    v_number text;
begin
    if p_outcome is null or p_outcome not in ('moved', 'refunded', 'credited', 'swept') then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'outcome',
                         'problem', 'a party to rebook is moved, refunded, credited or swept'));
    end if;
    select booking_number into v_number from bookings where id = p_booking;
    select * into r from rebookings where booking_id = p_booking for update;
    if not found or r.status <> 'open' then
        perform td_raise('NOT_TO_REBOOK', jsonb_build_object('booking_number', v_number,
                         'status', coalesce(r.status, 'none')));
    end if;
    update rebookings
       set status = p_outcome, resolved_at = clock_timestamp(), resolved_staff_id = p_staff,
           resolved_device_id = p_device, client_key = p_key
     where booking_id = p_booking
    returning * into r;
    insert into audit_log (staff_id, device_id, action, departure_id, booking_id, details)
    values (p_staff, p_device, 'rebook.' || p_outcome, r.departure_id, p_booking,
            jsonb_build_object('booking_number', v_number, 'key', p_key, 'due_at', r.due_at) || coalesce(p_details, '{}'));
    return r;
end $$;
