-- A booking, straight or from a hold (td_book). The source is the session's
-- device kind, not the caller's word. The price is the server's (td_quote at
-- the server's clock); p_expected_total and p_currency are what the clerk
-- showed, only compared: a difference is PRICE_CHANGED with both figures, so
-- nobody is charged a figure other than the one shown. A retry of a booking
-- already made (same key) is answered as it was, whatever prices did since.
-- p_pickup (trailing, default none: older callers unchanged) chooses the
-- booking's pickup point: an active one of the departure's tour, else
-- PICKUP_NOT_ON_TOUR before anything is taken; audited as booking.pickup.
-- p_language (trailing, default none: the operator's notify language) is
-- the customer's, remembered on the booking for the messages sent to them
-- (migration 0036's bookings.language): 'en' or 'ru', else INVALID_INPUT.
create function api.book(
    p_session text, p_key uuid, p_departure bigint, p_hold bigint, p_adults int, p_children int,
    p_booking_number text, p_confirmation text,
    p_contact_name text, p_contact_phone text, p_contact_email text, p_special text,
    p_participants jsonb, p_expected_total bigint, p_currency text,
    p_payment_method text, p_payment_reference text, p_pickup bigint default null,
    p_language text default null,
    out booking_id bigint, out booking_number text, out confirmation_code text,
    out total_minor bigint, out participant_ids bigint[], out replayed boolean, out price_breakdown jsonb)
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
    v_quote jsonb;
    v_rev bigint;
    v_rules bigint;
begin
    s := td_authorize(p_session, 'sell', 'sell seats');
    perform td_check_booking_text(p_contact_name, p_contact_phone, p_contact_email, p_special, p_payment_reference,
                                  p_participants);
    -- the revisions first, then the quote: a rule changed in between makes
    -- td_book's check refuse (PRICE_CHANGED) rather than pass a stale price
    select d.pricing_rev, st.rules_rev into v_rev, v_rules
      from departures d cross join pricing_state st where d.id = p_departure;
    v_quote := td_quote(p_departure, p_adults, p_children, clock_timestamp());
    if ((v_quote ->> 'total_minor')::bigint is distinct from p_expected_total
        or v_quote ->> 'currency' is distinct from p_currency)
       and not exists (select 1 from bookings b where b.idempotency_key = p_key) then
        perform td_raise('PRICE_CHANGED', jsonb_build_object(
            'departure_id', p_departure,
            'expected_total_minor', p_expected_total, 'expected_currency', p_currency,
            'total_minor', (v_quote ->> 'total_minor')::bigint, 'currency', v_quote ->> 'currency'));
    end if;
    if p_language is not null and p_language not in ('en', 'ru') then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'language',
            'problem', format('%s: en or ru', p_language)));
    end if;
    if p_pickup is not null and not exists (select 1 from bookings b where b.idempotency_key = p_key)
       and not exists (select 1 from pickup_points p join departures d on d.tour_id = p.tour_id
                        where p.id = p_pickup and p.active and d.id = p_departure) then
        perform td_raise('PICKUP_NOT_ON_TOUR', jsonb_build_object(
            'pickup_point_id', p_pickup, 'departure_id', p_departure,
            'tour', coalesce((select t.name from departures d join tours t on t.id = d.tour_id
                               where d.id = p_departure), '')));
    end if;
    select b.booking_id, b.booking_number, b.confirmation_code, b.total_minor, b.participant_ids, b.replayed
      into booking_id, booking_number, confirmation_code, total_minor, participant_ids, replayed
      from td_book(p_key, p_departure, p_hold, p_adults, p_children, p_booking_number, p_confirmation,
                   p_contact_name, p_contact_phone, p_contact_email, p_special, p_participants, v_quote,
                   (v_quote ->> 'total_minor')::bigint, v_quote ->> 'currency', v_rev, v_rules,
                   p_payment_method, p_payment_reference,
                   td_source(s.device_id), td_offer_ttl(), s.staff_id, s.device_id) b;
    if p_pickup is not null and not replayed then
        update bookings x set pickup_point_id = p_pickup where x.id = booking_id;
        insert into audit_log (staff_id, device_id, action, departure_id, booking_id, details)
        values (s.staff_id, s.device_id, 'booking.pickup', p_departure, booking_id,
                jsonb_build_object('booking_number', booking_number, 'pickup_point_id', p_pickup));
    end if;
    if p_language is not null and not replayed then
        update bookings x set language = p_language where x.id = booking_id;
    end if;
    price_breakdown := case when replayed then (select b.price_breakdown from bookings b where b.id = booking_id)
                            else v_quote end;
end $$;
