-- Removes a person from a booking (p_participant: its id, as the booking's
-- card shows it). Refused for a checked-in person (ALREADY_CHECKED_IN: undo
-- the check-in first) and for the last one (LAST_PERSON: that is a
-- cancellation, `tourdesk cancel`); the last adult of a party with children
-- cannot go either (td_quote's rule, INVALID_INPUT). The seat goes back and
-- is offered to the waitlist first (td_promote_waitlist); the party is
-- repriced by today's rules (td_booking_reprice) and what was paid beyond the
-- new price comes back by the customer refund tier at the server's clock
-- (td_refund_percent, as a cancellation's), as a ledger refund row; the part
-- the tier keeps stays in the total. As a cancellation with the rules'
-- refund, the desk's. The person's row and its (undone) check-ins go to
-- removed_participants; their ticket code no longer names anybody (the gate
-- answers unknown ticket) and the others' codes stay valid (no reissue).
-- Idempotent on p_key; audited as participant.removed.
create function api.booking_remove_person(p_session text, p_booking_number text, p_participant bigint, p_key uuid)
returns setof booking_change_answer
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
    b bookings%rowtype;
    p participants%rowtype;
    v_request jsonb := jsonb_build_object('participant', p_participant);
    v_begin record;
    v_price record;
    v_hours numeric;
    v_percent int;
    v_offers int;
begin
    s := td_authorize(p_session, 'cancel', 'remove people from bookings');
    select * into v_begin from td_change_begin(p_key, p_booking_number, 'remove_person', v_request, true);
    if v_begin.prior is not null then
        return query select t.* from booking_changes c, td_change_answer(c.answer, true) t where c.id = v_begin.prior;
        return;
    end if;
    select * into b from bookings x where x.id = v_begin.booking_id;
    select * into p from participants x where x.id = p_participant and x.booking_id = b.id for update;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'participant', 'id',
                         format('%s of booking %s', p_participant, b.booking_number)));
    end if;
    if exists (select 1 from check_ins c where c.participant_id = p.id and c.status = 'accepted') then
        perform td_raise('ALREADY_CHECKED_IN', td_check_in_info(p.id));
    end if;
    if b.seats <= 1 then
        perform td_raise('LAST_PERSON', jsonb_build_object('booking_number', b.booking_number,
                         'participant_id', p.id));
    end if;
    v_hours := (extract(epoch from (select d.starts_at from departures d where d.id = b.departure_id)
                                   - clock_timestamp()) / 3600)::numeric;
    v_percent := td_refund_percent('customer', v_hours);

    insert into removed_participants (participant_id, booking_id, departure_id, participant, check_ins,
                                      staff_id, device_id)
    values (p.id, b.id, b.departure_id, to_jsonb(p),
            coalesce((select jsonb_agg(to_jsonb(c) order by c.id) from check_ins c where c.participant_id = p.id),
                     '[]'), s.staff_id, s.device_id);
    delete from check_ins c where c.participant_id = p.id;
    delete from participants x where x.id = p.id;
    update departures set booked = booked - 1 where id = b.departure_id;
    select * into v_price
      from td_booking_reprice(b.id, b.adults - case p.kind when 'adult' then 1 else 0 end,
                              b.children - case p.kind when 'child' then 1 else 0 end,
                              format('−1 %s', p.kind), v_percent,
                              format('person removed (customer): %s %%', v_percent), p_key,
                              s.staff_id, s.device_id);
    v_offers := td_promote_waitlist(b.departure_id, td_offer_ttl(), s.staff_id, s.device_id);
    insert into audit_log (staff_id, device_id, action, departure_id, booking_id, details)
    values (s.staff_id, s.device_id, 'participant.removed', b.departure_id, b.id,
            jsonb_build_object('booking_number', b.booking_number, 'participant_id', p.id, 'kind', p.kind,
                               'hours_before', round(v_hours, 2), 'refund_percent', v_percent,
                               'price_change_minor', v_price.price_change_minor,
                               'refund_minor', v_price.refund_minor, 'kept_minor', v_price.kept_minor,
                               'waitlist_offers', v_offers, 'key', p_key));
    return query select * from td_change_finish(p_key, b.id, 'remove_person', v_request, p.id, v_price.price_change_minor, 0,
                                          v_percent, v_price.refund_minor, v_offers, s.staff_id, s.device_id);
end $$;
