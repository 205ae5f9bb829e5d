-- Undo a check-in (scanned the wrong person, pressed the wrong key).
create or replace function td_undo_check_in(p_participant bigint, p_reason text, p_staff bigint, p_device bigint)
returns jsonb language plpgsql as $$
declare
    c check_ins%rowtype;
begin
    if length(btrim(coalesce(p_reason, ''))) = 0 then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'reason', 'problem', 'an undo needs a reason'));
    end if;
    update check_ins set status = 'undone', undo_reason = p_reason, undone_at = clock_timestamp()
     where participant_id = p_participant and status = 'accepted'
    returning * into c;
    if not found then
        perform 1 from participants where id = p_participant;
        if not found then
            perform td_raise('NOT_FOUND', jsonb_build_object('what', 'participant', 'id', p_participant));
        end if;
        perform td_raise('NOT_CHECKED_IN', jsonb_build_object('participant_id', p_participant));
    end if;
    -- after check-in closed, whoever is not in did not travel
    update participants p set no_show = true, no_show_reason = 'check-in undone after it closed',
                              no_show_at = clock_timestamp()
      from departures d
     where p.id = p_participant and d.id = p.departure_id and d.check_in_closed_at is not null;
    insert into audit_log (staff_id, device_id, action, departure_id, details)
    values (p_staff, p_device, 'check_in.undone', c.departure_id,
            jsonb_build_object('participant_id', p_participant, 'event_id', c.event_id, 'reason', p_reason,
                               'was_at', c.occurred_at));
    return jsonb_build_object('participant_id', p_participant, 'was_at', c.occurred_at);
end $$;
