-- Adds a person to a booking: one seat taken as a sale takes it (booked +
-- held <= capacity under the departure's lock, expired holds reclaimed, else
-- SOLD_OUT with nothing changed; a departure that no longer sells refuses),
-- priced by today's rules as the difference the party's quote makes
-- (td_booking_reprice), and that difference due: paid at once with
-- p_payment_method (cash, card or transfer: a ledger payment row), or left
-- as the balance ('unpaid', `tourdesk pay` takes it later). The new person
-- gets a ticket of the booking's current generation; the others' codes stay
-- valid (no reissue). The desk's. Idempotent on p_key; audited as
-- participant.added.
create function api.booking_add_person(p_session text, p_booking_number text, p_name text, p_kind text,
                                       p_medical text, p_emergency text, p_diet text, p_equipment text,
                                       p_payment_method text, p_payment_reference text, p_key uuid)
returns setof booking_change_answer
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
    b bookings%rowtype;
    v_reference text := btrim(coalesce(p_payment_reference, ''));
    v_request jsonb := jsonb_build_object('name', p_name, 'kind', p_kind, 'medical', p_medical,
                                          'emergency', p_emergency, 'diet', p_diet, 'equipment', p_equipment,
                                          'payment_method', p_payment_method, 'reference', v_reference);
    v_begin record;
    v_price record;
    v_participant bigint;
    v_charge bigint := 0;
begin
    s := td_authorize(p_session, 'sell', 'add people to bookings');
    perform td_check_text('participant name', p_name, 200, true);
    perform td_check_text('medical notes', p_medical, 500, false, true);
    perform td_check_text('emergency contact', p_emergency, 200, false);
    perform td_check_text('dietary needs', p_diet, 500, false, true);
    perform td_check_text('equipment', p_equipment, 500, false, true);
    if p_kind is null or p_kind not in ('adult', 'child') then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'kind', 'problem', 'adult or child'));
    end if;
    if p_payment_method is null or p_payment_method not in ('cash', 'card', 'transfer', 'unpaid') then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'payment',
                         'problem', 'one of cash, card, transfer, unpaid'));
    end if;
    perform td_check_text('payment reference', v_reference, 100, p_payment_method in ('card', 'transfer'));
    select * into v_begin from td_change_begin(p_key, p_booking_number, 'add_person', v_request, true);
    if v_begin.prior is not null then
        return query select t.* from booking_changes c, td_change_answer(c.answer, true) t where c.id = v_begin.prior;
        return;
    end if;
    select * into b from bookings x where x.id = v_begin.booking_id;
    perform td_make_room(b.departure_id, 1, 0, td_offer_ttl(), s.staff_id, s.device_id);
    update departures set booked = booked + 1 where id = b.departure_id;
    insert into participants (booking_id, departure_id, position, name, kind, medical_notes, emergency_contact,
                              dietary, equipment)
    values (b.id, b.departure_id, (select coalesce(max(x.position), 0) + 1 from participants x where x.booking_id = b.id),
            btrim(p_name), p_kind, coalesce(p_medical, ''), coalesce(p_emergency, ''), coalesce(p_diet, ''),
            coalesce(p_equipment, ''))
    returning id into v_participant;
    select * into v_price
      from td_booking_reprice(b.id, b.adults + case p_kind when 'adult' then 1 else 0 end,
                              b.children + case p_kind when 'child' then 1 else 0 end,
                              format('+1 %s', p_kind), 100, format('+1 %s', p_kind), p_key,
                              s.staff_id, s.device_id);
    -- the added price, or what is still due if less (a booking that had paid
    -- beyond its price keeps that in its total: td_booking_reprice)
    if p_payment_method <> 'unpaid' then
        select least(v_price.price_change_minor, greatest(x.total_minor - x.paid_minor, 0))
          into v_charge from bookings x where x.id = b.id;
        if v_charge > 0 then
            perform td_ledger_post(b.id, 'payment', v_charge, p_payment_method, v_reference, '',
                                   md5(p_key::text || ':payment')::uuid, s.staff_id, s.device_id);
        else
            v_charge := 0;
        end if;
    end if;
    insert into audit_log (staff_id, device_id, action, departure_id, booking_id, details)
    values (s.staff_id, s.device_id, 'participant.added', b.departure_id, b.id,
            jsonb_build_object('booking_number', b.booking_number, 'participant_id', v_participant,
                               'kind', p_kind, 'price_change_minor', v_price.price_change_minor,
                               'charged_minor', v_charge, 'payment_method', p_payment_method, 'key', p_key));
    return query select * from td_change_finish(p_key, b.id, 'add_person', v_request, v_participant,
                                          v_price.price_change_minor, v_charge, null, 0, 0,
                                          s.staff_id, s.device_id);
end $$;
