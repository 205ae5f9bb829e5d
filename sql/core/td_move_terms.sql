-- The terms of moving a booking to another departure, as the quote shows
-- them and the move applies them: every refusal, and the money. Reads only:
-- api.move_quote calls it without locks (a preview), td_move with both
-- departures and the booking locked (the answer that counts).
--
-- Refusals: a cancelled booking (BOOKING_CANCELLED); the departure it is
-- already on (INVALID_INPUT); a target that is missing, cancelled, closed or
-- started (NOT_FOUND, DEPARTURE_CANCELLED, SALES_CLOSED); another currency;
-- a source that has left (nobody moves off a departure that went without
-- them: that is a no-show); a party with anyone checked in
-- (ALREADY_CHECKED_IN: undo the check-in first). A cancelled source (a
-- weather cancellation that left the party "to rebook", migration 0022) is
-- moved for weather or operator reasons only: free, no refund tier.
--
-- Who: a move for operator or weather reasons off a departure that runs is
-- a manager's (it waives the price); off a cancelled one, the desk's.
--
-- Money, by td_settle's rule (the one a change of the party follows): the
-- booking's price now is its total less its `paid_beyond` lines (what was
-- paid beyond an earlier price, which stays in the total and is carried
-- to the target's breakdown: a fee kept stays kept, a refund given stays
-- counted).
-- * customer: the target's price now (td_quote). Dearer: the total becomes
--   it (plus the carried lines), the balance (total less paid) grows by the
--   difference, paid at the desk with api.pay. Cheaper: of what was paid
--   beyond the new price, the refund tier of the source
--   (td_refund_percent, hours before the source's start) goes back; all of
--   it stays in the total as a `paid_beyond` line.
-- * operator / weather: the price is kept as paid (a dearer target is free;
--   total and breakdown unchanged); a cheaper one refunds nothing unless
--   p_refund_difference, which gives back all of what was paid beyond the
--   target's price (100 %, no tier).
-- price_difference_minor is the target's price less the booking's price
-- now in both cases (for a free move: what the customer is spared or not
-- given back). charge_minor is the balance the move adds.
create or replace function td_move_terms(p_booking bigint, p_to bigint, p_reason text, p_refund_difference boolean,
    p_role text,
    out from_departure_id bigint, out to_departure_id bigint, out seats int,
    out old_total_minor bigint, out new_total_minor bigint, out price_difference_minor bigint,
    out refund_percent int, out refund_minor bigint, out charge_minor bigint, out balance_minor bigint,
    out currency text, out free_seats int, out quote jsonb)
language plpgsql stable as $$
declare
    b bookings%rowtype;
    src departures%rowtype;
    dst departures%rowtype;
    v_price bigint;
    v_carried jsonb;
    v_carried_minor bigint;
    v_hours numeric;
    v_in bigint;
    m record;
begin
    if p_reason is null or p_reason not in ('customer', 'operator', 'weather') then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'reason',
                         'problem', 'one of customer, operator, weather'));
    end if;
    select * into b from bookings where id = p_booking;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'booking', 'id', p_booking));
    end if;
    if b.status = 'cancelled' then
        perform td_raise('BOOKING_CANCELLED', jsonb_build_object('booking_number', b.booking_number));
    end if;
    if b.departure_id = p_to then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'departure',
            'problem', format('booking %s is already on departure %s: pick another one', b.booking_number, p_to)));
    end if;
    select * into src from departures where id = b.departure_id;
    select * into dst from departures where id = p_to;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'departure', 'id', p_to));
    end if;
    if dst.status = 'cancelled' then
        perform td_raise('DEPARTURE_CANCELLED', jsonb_build_object('departure_id', p_to));
    end if;
    if dst.status = 'closed' or dst.starts_at <= clock_timestamp() then
        perform td_raise('SALES_CLOSED', jsonb_build_object('departure_id', p_to, 'starts_at', dst.starts_at));
    end if;
    if dst.currency <> b.currency then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'departure',
            'problem', format('departure %s sells in %s, booking %s was sold in %s: pick a departure in %s',
                              p_to, dst.currency, b.booking_number, b.currency, b.currency)));
    end if;
    if src.status = 'cancelled' and p_reason = 'customer' then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'reason',
            'problem', format('departure %s was cancelled: move its parties with reason weather or operator '
                              '(free of charge)', src.id)));
    end if;
    -- a free move of a party off a departure that runs is the operator's word:
    -- a manager's, as a cancellation for those reasons is; off a cancelled
    -- departure the server knows it is the operator's doing (the desk rebooks)
    if p_reason <> 'customer' and src.status <> 'cancelled' and not td_role_may(p_role, 'weather') then
        perform td_raise('FORBIDDEN', jsonb_build_object('role', p_role,
                         'action', 'move a party free of charge (reason operator or weather) off a departure that runs'));
    end if;
    if src.status <> 'cancelled' and src.starts_at <= clock_timestamp() then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'booking',
            'problem', format('departure %s of booking %s has left: a booking cannot be moved off a departure '
                              'that went', src.id, b.booking_number)));
    end if;
    select c.participant_id into v_in
      from check_ins c join participants p on p.id = c.participant_id
     where p.booking_id = b.id and c.status = 'accepted'
     order by c.id limit 1;
    if found then
        perform td_raise('ALREADY_CHECKED_IN', td_check_in_info(v_in));
    end if;

    from_departure_id := src.id;
    to_departure_id := dst.id;
    seats := b.seats;
    old_total_minor := b.total_minor;
    currency := b.currency;
    -- and no more than the target's resources leave (migration 0027)
    free_seats := greatest(least(dst.capacity - dst.booked - dst.held, td_resource_free(dst.id)), 0);
    quote := td_quote(dst.id, b.adults, b.children, clock_timestamp());
    v_price := (quote ->> 'total_minor')::bigint;
    select coalesce(jsonb_agg(l order by n), '[]'::jsonb), coalesce(sum((l ->> 'amount_minor')::bigint), 0)
      into v_carried, v_carried_minor
      from jsonb_array_elements(coalesce(b.price_breakdown -> 'lines', '[]'::jsonb)) with ordinality as x(l, n)
     where l ->> 'kind' = 'paid_beyond';
    price_difference_minor := v_price - (b.total_minor - v_carried_minor);
    refund_percent := 0;
    refund_minor := 0;
    if p_reason = 'customer' or (coalesce(p_refund_difference, false) and price_difference_minor < 0) then
        if p_reason <> 'customer' then
            refund_percent := 100;
        elsif price_difference_minor < 0 then
            v_hours := (extract(epoch from src.starts_at - clock_timestamp()) / 3600)::numeric;
            refund_percent := td_refund_percent('customer', v_hours);
        end if;
        select * into m from td_settle(v_price + v_carried_minor, b.paid_minor, b.refunded_minor, refund_percent,
                                       format('moved to departure %s', dst.id));
        refund_minor := m.refund_minor;
        new_total_minor := m.total_minor;
        quote := jsonb_set(quote, '{lines}', (quote -> 'lines') || v_carried
                                             || case when m.line is null then '[]'::jsonb
                                                     else jsonb_build_array(m.line) end)
                 || jsonb_build_object('total_minor', new_total_minor);
    else
        new_total_minor := b.total_minor;
        quote := null;
    end if;
    charge_minor := greatest(greatest(new_total_minor - b.paid_minor, 0) - greatest(b.total_minor - b.paid_minor, 0), 0);
    -- as the ledger reckons it: the total less what was paid
    balance_minor := greatest(new_total_minor - b.paid_minor, 0);
end $$;
