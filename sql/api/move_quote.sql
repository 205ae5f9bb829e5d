-- What moving a booking to another departure would do, changing nothing:
-- the kiosk shows it before the clerk confirms, `booking move --dry-run`
-- prints it. The same terms and refusals as api.booking_move
-- (td_move_terms), read without locks: the move decides again under them.
-- free_seats and fits say whether the party fits on the target now.
create function api.move_quote(p_session text, p_booking text, p_to_departure bigint, p_reason text,
                               p_refund_difference boolean default false)
returns table (booking_number text, from_departure_id bigint, to_departure_id bigint, reason text, seats int,
               old_total_minor bigint, new_total_minor bigint, price_difference_minor bigint, refund_percent int,
               refund_minor bigint, charge_minor bigint, balance_minor bigint, currency text, free_seats int,
               fits boolean)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
declare
    s sessions%rowtype;
    b bookings%rowtype;
    t record;
begin
    s := td_authorize(p_session, 'sell', 'move bookings');
    select * into b from bookings x where x.booking_number = p_booking;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'booking', 'id', p_booking));
    end if;
    select * into t from td_move_terms(b.id, p_to_departure, p_reason, coalesce(p_refund_difference, false), s.role);
    return query
    select b.booking_number, t.from_departure_id, t.to_departure_id, p_reason, t.seats, t.old_total_minor,
           t.new_total_minor, t.price_difference_minor, t.refund_percent, t.refund_minor, t.charge_minor,
           t.balance_minor, t.currency, t.free_seats, t.seats <= t.free_seats;
end $$;
