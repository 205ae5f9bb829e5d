-- An offline return (a field laptop's journal entry), replayed: the people
-- the laptop marked back (or as having left the group) are recorded with the
-- laptop's time and the staff member who acted offline; the device is the
-- session's (the laptop's). Idempotent on the event id, which keys the
-- return request: a sync sent again gets the first answer (and its
-- conflict). Where the server disagrees — a person it does not know as
-- checked in on the departure, or one marked back before by another request
-- — the others are recorded and one `return` conflict lists them. The
-- entry's check-ins come earlier in the journal, so in the same batch they
-- are applied first. An entry under a name the laptop may not act for is a
-- `staff` conflict (td_field_staff_check), not applied. The device's last
-- sync time is noted (api.rollcall shows it to the desk).
-- p_sold (trailing, default none: older callers unchanged) names people of
-- the laptop's offline sales not synced when they were marked, as
-- [{"sale": event id, "position": n}]: the sale is earlier in the journal,
-- so it is applied by now and its booking (keyed by the sale's event id)
-- has them; those of a sale the server did not take (a `walk_in_failed`
-- conflict says so) are nobody here.
create function api.field_return(
    p_session text, p_event uuid, p_state text, p_departure bigint, p_participants bigint[], p_raw text,
    p_note text, p_occurred timestamptz, p_staff bigint, p_sold jsonb default null)
returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
    q return_requests%rowtype;
    c field_conflicts%rowtype;
    v_staff bigint;
    v_note text := btrim(coalesce(p_note, ''));
    v_recorded jsonb := '[]';
    v_already jsonb := '[]';
    v_not_in jsonb := '[]';
    v_answer jsonb;
    v_people bigint[];
    v jsonb;
    r record;
begin
    s := td_authorize(p_session, 'check_in', 'sync offline returns');
    update devices set last_field_sync = clock_timestamp() where id = s.device_id;
    select * into q from return_requests where client_key = p_event;
    if found then
        v_answer := q.answer || jsonb_build_object('replayed', true);
        select * into c from field_conflicts where event_id = p_event;
        if found then
            v_answer := v_answer || jsonb_build_object('conflict', to_jsonb(c));
        end if;
        return v_answer;
    end if;
    v := td_field_staff_check(p_event, 'return', p_staff, s.device_id, p_departure, p_occurred,
                              jsonb_build_object('state', p_state));
    if v is not null then
        return v;
    end if;
    v_staff := coalesce(p_staff, s.staff_id);
    if p_state = 'left' and coalesce((select role from staff where id = v_staff), s.role) not in ('guide', 'manager') then
        perform td_raise('FORBIDDEN', jsonb_build_object('role', coalesce((select role from staff where id = v_staff), s.role),
                                                         'action', 'mark someone as having left the group'));
    end if;
    if p_state is null or p_state not in ('back', 'left') then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'state', 'problem', 'back or left'));
    end if;
    if not exists (select 1 from departures where id = p_departure) then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'departure', 'id', p_departure));
    end if;
    v_people := coalesce(p_participants, '{}') || array(
        select p.id
          from jsonb_array_elements(coalesce(p_sold, '[]')) with ordinality as x(v, n)
          join bookings b on b.idempotency_key = (x.v ->> 'sale')::uuid
          join participants p on p.booking_id = b.id and p.position = (x.v ->> 'position')::int
         order by x.n);
    insert into return_requests (client_key, departure_id, request, staff_id, device_id, occurred_at)
    values (p_event, p_departure,
            jsonb_build_object('state', p_state, 'raw', coalesce(p_raw, ''), 'participants', to_jsonb(v_people),
                               'departure', p_departure, 'note', v_note, 'field', true),
            v_staff, s.device_id, p_occurred);
    for r in
        select u.id, p.name, coalesce(b.booking_number, '') as booking_number,
               exists (select 1 from check_ins ci where ci.participant_id = u.id and ci.status = 'accepted'
                                                    and ci.departure_id = p_departure) as went_out
          from unnest(v_people) with ordinality as u(id, n)
          left join participants p on p.id = u.id
          left join bookings b on b.id = p.booking_id
         order by u.n
    loop
        if not r.went_out then
            v_not_in := v_not_in || jsonb_build_object('participant_id', r.id, 'name', coalesce(r.name, ''),
                                                       'booking_number', r.booking_number);
            continue;
        end if;
        insert into returns (participant_id, departure_id, state, note, raw_code, client_key, staff_id, device_id,
                             occurred_at)
        values (r.id, p_departure, p_state, v_note, coalesce(p_raw, ''), p_event, v_staff, s.device_id, p_occurred)
        on conflict (participant_id) do nothing;
        if found then
            v_recorded := v_recorded || jsonb_build_object('participant_id', r.id, 'name', r.name,
                                                           'booking_number', r.booking_number);
        else
            v_already := v_already || (
                select jsonb_build_object('participant_id', r.id, 'name', r.name, 'booking_number', r.booking_number,
                                          'state', x.state, 'at', x.occurred_at, 'note', x.note,
                                          'staff', coalesce(st.name, ''), 'device', coalesce(dv.name, ''))
                  from returns x
                  left join staff st on st.id = x.staff_id
                  left join devices dv on dv.id = x.device_id
                 where x.participant_id = r.id);
        end if;
    end loop;
    v_answer := jsonb_build_object('departure_id', p_departure, 'state', p_state, 'key', p_event,
                                   'occurred_at', p_occurred, 'recorded', v_recorded, 'already', v_already,
                                   'counts', td_rollcall_counts(p_departure));
    update return_requests set answer = v_answer where client_key = p_event;
    if jsonb_array_length(v_recorded) > 0 then
        insert into audit_log (staff_id, device_id, action, departure_id, details)
        values (v_staff, s.device_id, 'return.' || p_state, p_departure,
                jsonb_build_object('key', p_event, 'participants', v_recorded, 'note', v_note, 'by', 'field'));
    end if;
    if jsonb_array_length(v_already) > 0 or jsonb_array_length(v_not_in) > 0 then
        insert into field_conflicts (event_id, kind, departure_id, participant_id, device_id, staff_id,
                                     occurred_at, details)
        values (p_event, 'return', p_departure, v_people[1], s.device_id, v_staff, p_occurred,
                jsonb_build_object('state', p_state, 'recorded', v_recorded, 'already', v_already,
                                   'not_checked_in', v_not_in))
        returning * into c;
        insert into audit_log (staff_id, device_id, action, departure_id, details)
        values (v_staff, s.device_id, 'field.conflict', p_departure,
                jsonb_build_object('event_id', p_event, 'kind', 'return'));
        return v_answer || jsonb_build_object('replayed', false, 'conflict', to_jsonb(c));
    end if;
    return v_answer || jsonb_build_object('replayed', false);
end $$;
