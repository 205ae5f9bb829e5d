-- Changes one participant of a booking (p_participant: its id, as the
-- booking's card shows it): name, medical notes, emergency contact, diet,
-- equipment (null: unchanged), and adult <-> child (p_kind). A kind change
-- reprices the party by today's rules (td_booking_reprice): dearer, the
-- difference becomes due (`tourdesk pay`); cheaper, what was paid beyond the
-- new price goes back in full (the seat stays taken: a correction, not a
-- cancellation, so no refund tier). A kind change needs a departure that
-- still sells (td_lock_open); details can be fixed any time. The desk's. One
-- adult at least stays (td_quote's rule, INVALID_INPUT). Under the
-- departure's lock; idempotent on p_key; audited as participant.changed.
create function api.participant_change(p_session text, p_booking_number text, p_participant bigint, p_name text,
                                       p_medical text, p_emergency text, p_diet text, p_equipment text,
                                       p_kind text, p_key uuid)
returns setof booking_change_answer
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
    b bookings%rowtype;
    p participants%rowtype;
    v_request jsonb := jsonb_build_object('participant', p_participant, 'name', p_name, 'medical', p_medical,
                                          'emergency', p_emergency, 'diet', p_diet, 'equipment', p_equipment,
                                          'kind', p_kind);
    v_fields text[] := '{}';
    v_begin record;
    v_price record;
begin
    s := td_authorize(p_session, 'sell', 'change bookings');
    if p_name is not null then
        perform td_check_text('participant name', p_name, 200, true);
    end if;
    perform td_check_text('medical notes', p_medical, 500, false, true);
    perform td_check_text('emergency contact', p_emergency, 200, false);
    perform td_check_text('dietary needs', p_diet, 500, false, true);
    perform td_check_text('equipment', p_equipment, 500, false, true);
    if p_kind is not null and p_kind not in ('adult', 'child') then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'kind', 'problem', 'adult or child'));
    end if;
    if num_nulls(p_name, p_medical, p_emergency, p_diet, p_equipment, p_kind) = 6 then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'change',
                         'problem', 'nothing to change: give a name, a detail or a kind'));
    end if;
    select * into v_begin from td_change_begin(p_key, p_booking_number, 'participant', v_request, p_kind is not null);
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
    v_fields := array_remove(array[
        case when p_name is distinct from p.name and p_name is not null then 'name' end,
        case when p_medical is distinct from p.medical_notes and p_medical is not null then 'medical_notes' end,
        case when p_emergency is distinct from p.emergency_contact and p_emergency is not null
             then 'emergency_contact' end,
        case when p_diet is distinct from p.dietary and p_diet is not null then 'dietary' end,
        case when p_equipment is distinct from p.equipment and p_equipment is not null then 'equipment' end,
        case when p_kind is distinct from p.kind and p_kind is not null then 'kind' end], null);
    update participants
       set name = coalesce(btrim(p_name), name), medical_notes = coalesce(p_medical, medical_notes),
           emergency_contact = coalesce(p_emergency, emergency_contact), dietary = coalesce(p_diet, dietary),
           equipment = coalesce(p_equipment, equipment), kind = coalesce(p_kind, kind)
     where id = p.id;
    select 0::bigint as price_change_minor, 0::bigint as refund_minor into v_price;
    if 'kind' = any(v_fields) then
        select * into v_price
          from td_booking_reprice(b.id, b.adults + case p_kind when 'adult' then 1 else -1 end,
                                  b.children + case p_kind when 'child' then 1 else -1 end,
                                  format('%s → %s', p.kind, p_kind), 100,
                                  format('%s → %s: the difference', p.kind, p_kind), p_key,
                                  s.staff_id, s.device_id);
    end if;
    insert into audit_log (staff_id, device_id, action, departure_id, booking_id, details)
    values (s.staff_id, s.device_id, 'participant.changed', b.departure_id, b.id,
            jsonb_build_object('booking_number', b.booking_number, 'participant_id', p.id,
                               'fields', to_jsonb(v_fields), 'kind_was', p.kind,
                               'price_change_minor', v_price.price_change_minor,
                               'refund_minor', v_price.refund_minor, 'key', p_key));
    return query select * from td_change_finish(p_key, b.id, 'participant', v_request, p.id, v_price.price_change_minor, 0,
                                          case when v_price.refund_minor > 0 then 100 end, v_price.refund_minor, 0,
                                          s.staff_id, s.device_id);
end $$;
