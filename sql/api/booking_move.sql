-- Moves a booking to another departure (td_move; the terms in
-- td_move_terms): the desk's and the manager's. A move for operator or
-- weather reasons off a departure that runs is a manager's (it waives the
-- price); off a cancelled departure the desk rebooks. p_refund_difference:
-- a free move to a cheaper departure gives back what was paid beyond its
-- price (otherwise nothing). Staff, device and time are the session's and
-- the server's. A retry with the same key answers the first move
-- (replayed), whatever happened to the booking since.
-- p_expected_total: the new total the client showed, its api.move_quote's
-- new_total_minor (required but for a retry): another figure under the move's locks is
-- PRICE_CHANGED with both, nothing changed — quote again and show it.
create function api.booking_move(p_session text, p_booking text, p_to_departure bigint, p_reason text, p_key uuid,
                                 p_expected_total bigint, p_refund_difference boolean default false)
returns table (booking_number text, confirmation_code text, from_departure_id bigint, to_departure_id bigint,
               reason text, seats int, old_total_minor bigint, new_total_minor bigint,
               price_difference_minor bigint, refund_percent int, refund_minor bigint, charge_minor bigint,
               balance_minor bigint, payment_status text, currency text, ticket_generation int,
               waitlist_offers int, at timestamptz, replayed boolean)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
declare
    s sessions%rowtype;
    b bookings%rowtype;
    r record;
    m booking_moves;
begin
    s := td_authorize(p_session, 'sell', 'move bookings');
    if p_key is null then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'key', 'problem', 'a move needs a key'));
    end if;

    select * into b from bookings x where x.booking_number = p_booking;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'booking', 'id', p_booking));
    end if;
    -- no figure: a retry of a move made answers it (td_move); a new move
    -- says why it cannot be made, if it cannot, else that it needs one
    if p_expected_total is null and not exists (select 1 from booking_moves m where m.client_key = p_key) then
        perform td_move_terms(b.id, p_to_departure, p_reason, coalesce(p_refund_difference, false), s.role);
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'expected_total',
                         'problem', 'a move needs the new total its quote showed (move_quote''s new_total_minor)'));
    end if;
    select * into r from td_move(b.id, p_to_departure, p_reason, coalesce(p_refund_difference, false),
                                 p_expected_total, p_key,
                                 s.role, td_offer_ttl(), s.staff_id, s.device_id);
    m := r.moved;
    return query
    select b.booking_number, b.confirmation_code, m.from_departure_id, m.to_departure_id, m.reason, m.seats,
           m.old_total_minor, m.new_total_minor, m.price_difference_minor, m.refund_percent, m.refund_minor,
           m.charge_minor, m.balance_minor, m.payment_status, m.currency, m.ticket_generation, m.waitlist_offers,
           m.at, r.replayed;
end $$;
