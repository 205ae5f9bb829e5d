-- The start of a write of a booking named by its number under a client key
-- (api.pay, api.refund, api.rebook_credit, api.rebook_refund): the key is
-- required (INVALID_INPUT: "a <p_what> needs a key"), the booking must
-- exist (NOT_FOUND), and it is locked the way every write of a booking
-- locks it (td_lock_booking: its departure, then the booking, following a
-- move that took it elsewhere while this waited). Returns the booking as
-- it is under the lock; the caller looks its key up next (a retry answers
-- from its own table) and checks the rest.
create or replace function td_lock_booking_number(p_booking_number text, p_key uuid, p_what text) returns bookings
language plpgsql as $$
declare
    v_id bigint;
begin
    if p_key is null then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'key', 'problem', format('a %s needs a key', p_what)));
    end if;
    select x.id into v_id from bookings x where x.booking_number = p_booking_number;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'booking', 'id', p_booking_number));
    end if;
    return td_lock_booking(v_id);
end $$;
