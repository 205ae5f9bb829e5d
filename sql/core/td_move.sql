-- Moves a booking to another departure (td_move_terms says whether and for
-- how much), keeping its number, code, participants and their details.
--
-- Locks: both departures `for update` in ascending id order, then the
-- booking, then the resources of both (td_lock_resources) — the order every write of a booking takes (departure, booking),
-- extended to two departures the one way that cannot deadlock: two clerks
-- moving parties between the same two departures in opposite directions
-- queue on the lower id (td_lock_booking, which also takes them again if
-- another move took the booking elsewhere while this one waited).
--
-- Seats: taken on the target as a sale takes them (td_make_room: expired
-- holds reclaimed, SOLD_OUT with nothing changed), given back on the source
-- and offered to its waitlist (not a cancelled source's: its seats went
-- with the cancellation and its waitlist was told). Tickets: a new
-- generation (td_reissue_tickets), so the old codes answer "reissued" at
-- the gate and the new ones name the target. Money: a refund is a ledger row
-- (td_ledger_post) keyed on the move's key; a charge is the balance the new
-- total leaves, paid with api.pay.
--
-- Idempotent on p_key: the booking_moves row answers a retry (the same
-- booking, target and reason), anything else under the key is
-- IDEMPOTENCY_CONFLICT. The caller (api.booking_move) has checked the session.
--
-- p_expected_total: the new total the client showed (its quote's
-- new_total_minor), only compared, as a sale compares its figure: the terms
-- under the locks giving another one (a price rule changed, money taken or
-- given back since the quote) is PRICE_CHANGED with both figures and
-- nothing changed, so nobody is moved at a figure they were not shown. A
-- retry of a move made answers it whatever the prices did since. Null only
-- for a move no client priced (api.rebook_move: free, the server's).
create or replace function td_move(p_booking bigint, p_to bigint, p_reason text, p_refund_difference boolean,
                                   p_expected_total bigint, p_key uuid, p_role text, p_offer_ttl interval,
                                   p_staff bigint, p_device bigint,
                                   out moved booking_moves, out replayed boolean)
language plpgsql as $$
declare
    b bookings%rowtype;
    src departures%rowtype;
    t record;
    v_gen int;
    v_offers int := 0;
begin
    b := td_lock_booking(p_booking, p_to);
    -- then the resources of both departures at once, in id order (migration
    -- 0027): taking seats on the target and offering the source's to its
    -- waitlist must not lock one resource after another with a higher id
    perform td_lock_resources(array[b.departure_id, p_to]);

    -- a retry, after the locks: a request with this key that was in flight
    -- has committed or rolled back by now
    select * into moved from booking_moves m where m.client_key = p_key;
    if found then
        if moved.booking_id <> p_booking or moved.to_departure_id <> p_to or moved.reason <> p_reason then
            perform td_raise('IDEMPOTENCY_CONFLICT', jsonb_build_object('key', p_key,
                             'booking_number', (select x.booking_number from bookings x where x.id = moved.booking_id)));
        end if;
        replayed := true;
        return;
    end if;

    select * into t from td_move_terms(p_booking, p_to, p_reason, p_refund_difference, p_role);
    if p_expected_total is not null and p_expected_total <> t.new_total_minor then
        perform td_raise('PRICE_CHANGED', jsonb_build_object(
            'booking_number', b.booking_number, 'departure_id', p_to,
            'expected_total_minor', p_expected_total, 'total_minor', t.new_total_minor, 'currency', t.currency));
    end if;
    select * into src from departures where id = t.from_departure_id;
    perform td_make_room(p_to, b.seats, 0, p_offer_ttl, p_staff, p_device);
    update departures set booked = booked + b.seats where id = p_to;
    -- a party still confirmed on a cancelled departure is one to rebook
    -- (migration 0022), whose seats stay counted there until it is resolved
    update departures set booked = booked - b.seats where id = src.id;
    update bookings
       set departure_id = p_to, total_minor = t.new_total_minor,
           price_breakdown = coalesce(t.quote, price_breakdown),
           payment_status = td_payment_status(t.new_total_minor, paid_minor, refunded_minor, payment_method)
     where id = p_booking;
    update participants set departure_id = p_to where booking_id = p_booking;
    v_gen := td_reissue_tickets(p_booking, p_staff, p_device);
    if t.refund_minor > 0 then
        perform td_ledger_post(p_booking, 'refund', t.refund_minor, null, null,
                               format('moved to departure %s (%s): %s %% of %s', p_to, p_reason, t.refund_percent,
                                      case when p_reason = 'customer' then 'the difference paid'
                                           else 'the difference, as asked' end),
                               md5(p_key::text || ':refund')::uuid, p_staff, p_device);
    end if;
    if src.status = 'scheduled' then
        v_offers := td_promote_waitlist(src.id, p_offer_ttl, p_staff, p_device);
    end if;
    -- a party to rebook after a weather cancellation (migration 0022): the
    -- move is its resolution, so the sweep will not refund it later
    if src.status = 'cancelled' and exists (select 1 from rebookings r where r.booking_id = p_booking and r.status = 'open') then
        perform td_rebook_resolve(p_booking, 'moved', p_key, p_staff, p_device, jsonb_build_object('to_departure', p_to));
    end if;
    select * into b from bookings where id = p_booking;
    insert into booking_moves (booking_id, from_departure_id, to_departure_id, reason, seats, old_total_minor,
                               new_total_minor, price_difference_minor, refund_percent, refund_minor, charge_minor,
                               balance_minor, payment_status, currency, ticket_generation, waitlist_offers,
                               staff_id, device_id, client_key)
    values (p_booking, src.id, p_to, p_reason, b.seats, t.old_total_minor, t.new_total_minor,
            t.price_difference_minor, t.refund_percent, t.refund_minor, t.charge_minor,
            greatest(b.total_minor - b.paid_minor, 0), b.payment_status, b.currency, v_gen, v_offers,
            p_staff, p_device, p_key)
    returning * into moved;
    insert into audit_log (staff_id, device_id, action, departure_id, booking_id, details)
    values (p_staff, p_device, 'booking.moved', p_to, p_booking,
            jsonb_build_object('booking_number', b.booking_number, 'from_departure_id', src.id,
                               'to_departure_id', p_to, 'reason', p_reason, 'seats', b.seats,
                               'old_total_minor', t.old_total_minor, 'new_total_minor', t.new_total_minor,
                               'price_difference_minor', t.price_difference_minor,
                               'refund_percent', t.refund_percent, 'refund_minor', t.refund_minor,
                               'charge_minor', t.charge_minor, 'currency', b.currency,
                               'ticket_generation', v_gen, 'waitlist_offers', v_offers, 'key', p_key));
    -- the customer told of the new departure (a desk move or a weather case's)
    perform td_notify_booking(p_booking, 'booking_moved',
        format('Booking %s is moved from %s to departure %s.', b.booking_number,
               to_char(src.starts_at at time zone src.time_zone, 'YYYY-MM-DD HH24:MI'), p_to),
        jsonb_build_object('reason', p_reason,
                           'from_tour', (select x.name from tours x where x.id = src.tour_id),
                           'from_starts_at', src.starts_at, 'from_time_zone', src.time_zone,
                           'total_minor', t.new_total_minor, 'refund_minor', coalesce(t.refund_minor, 0),
                           'charge_minor', coalesce(t.charge_minor, 0), 'currency', b.currency));
    replayed := false;
end $$;
