-- An offline check-in, replayed. p_device_verdict is what the guide saw:
-- a refusal is recorded as it was (nobody was let in, so nobody is admitted
-- now); an admission goes through td_check_in like any scan, and where the
-- server disagrees the conflict is recorded. p_admitted: the participants the
-- device let in.
create or replace function td_field_check_in(
    p_event uuid, p_method text, p_raw text, p_ticket bigint, p_kind text, p_key int, p_participant bigint,
    p_booking bigint, p_departure bigint, p_location text, p_occurred timestamptz, p_window interval,
    p_staff bigint, p_device bigint, p_limit int, p_device_verdict text, p_device_detail jsonb,
    p_admitted bigint[])
returns jsonb language plpgsql as $$
declare
    v jsonb;
    v_kind text;
    v_dups jsonb;
    c field_conflicts%rowtype;
begin
    if p_device_verdict <> 'admitted' then
        v := td_check_in(p_event, p_method, p_raw, p_ticket, p_kind, p_key, p_participant, p_booking, p_departure,
                         p_location, p_occurred, p_window, p_staff, p_device, p_device_verdict,
                         coalesce(p_device_detail, '{}'), p_limit);
        return v;
    end if;
    v := td_check_in(p_event, p_method, p_raw, p_ticket, p_kind, p_key, p_participant, p_booking, p_departure,
                     p_location, p_occurred, p_window, p_staff, p_device, null, '{}', p_limit);
    if (v ->> 'replayed')::boolean then
        select * into c from field_conflicts where event_id = p_event;
        if found then
            v := v || jsonb_build_object('conflict', to_jsonb(c));
        end if;
        return v;
    end if;
    -- people this device let in whom the server had already admitted elsewhere
    select coalesce(jsonb_agg(x), '[]') into v_dups
      from jsonb_array_elements(coalesce(v -> 'already', '[]')) x
     where (x ->> 'participant_id')::bigint = any (p_admitted);
    v_kind := case
        when v ->> 'verdict' in ('admitted', 'already_checked_in') and jsonb_array_length(v_dups) > 0 then 'duplicate'
        when v ->> 'verdict' = 'cancelled' then 'cancelled'
        when v ->> 'verdict' not in ('admitted', 'already_checked_in') then 'refused'
    end;
    if v_kind is null then
        return v;
    end if;
    if v_kind = 'duplicate' then
        insert into check_ins (event_id, participant_id, departure_id, method, device_id, staff_id, location,
                               raw_code, occurred_at, scan_event_id, status)
        select md5(p_event::text || ':dup:' || (x ->> 'participant_id'))::uuid, (x ->> 'participant_id')::bigint,
               (v ->> 'departure_id')::bigint,
               case when p_method = 'qr' and p_participant is null and p_ticket is not null and p_kind = 'group'
                    then 'group' else p_method end,
               p_device, p_staff, p_location, p_raw, p_occurred, p_event, 'duplicate'
          from jsonb_array_elements(v_dups) x
        on conflict (event_id) do nothing;
    end if;
    insert into field_conflicts (event_id, kind, departure_id, booking_id, participant_id, device_id, staff_id,
                                 occurred_at, details)
    values (p_event, v_kind, coalesce((v ->> 'departure_id')::bigint, p_departure),
            (select booking_id from scan_events where event_id = p_event), p_participant, p_device, p_staff,
            p_occurred,
            jsonb_build_object('server', v, 'device_verdict', p_device_verdict, 'device', p_device_detail,
                               'duplicates', v_dups))
    returning * into c;
    insert into audit_log (staff_id, device_id, action, departure_id, booking_id, details)
    values (p_staff, p_device, 'field.conflict', c.departure_id, c.booking_id,
            jsonb_build_object('event_id', p_event, 'kind', v_kind));
    return v || jsonb_build_object('conflict', to_jsonb(c));
end $$;
