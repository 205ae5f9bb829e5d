-- Journal entries whose device time cannot be right by the server's clock,
-- flagged after the entries were replayed (applied or refused as they were):
-- in the server's future (beyond 5 minutes), before the laptop was prepared
-- or before the allotment a sale came from was leased (beyond 1 minute), or
-- more than 24 hours after the departure. One `clock` conflict per entry,
-- under an event id derived from the entry's (the entry may have a conflict
-- of another kind too); a sync run again finds the same one. Returns the
-- conflicts, each naming its entry in details.entry_event_id.
-- A staff id the server does not know (a forged journal: a `staff`
-- conflict of its own) is not written as the conflict's staff.
create function api.field_clock_check(
    p_session text, p_events uuid[], p_kinds text[], p_departures bigint[], p_holds bigint[],
    p_occurred timestamptz[], p_prepared timestamptz[], p_walls timestamptz[], p_staff bigint[])
returns setof jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
    v_now timestamptz := clock_timestamp();
    e record;
    v_dep bigint;
    v_starts timestamptz;
    v_lease timestamptz;
    v_problem text;
    v_bound timestamptz;
    v_booking bigint;
    c field_conflicts%rowtype;
begin
    s := td_authorize(p_session, 'check_in', 'sync offline entries');
    for e in
        select * from unnest(p_events, p_kinds, p_departures, p_holds, p_occurred, p_prepared, p_walls, p_staff)
                      with ordinality as t(event, kind, departure, hold, occurred, prepared, wall, staff, n)
         order by n
    loop
        select se.booking_id, coalesce(e.departure, se.departure_id, (se.details ->> 'departure_id')::bigint)
          into v_booking, v_dep
          from (select 1) one left join scan_events se on se.event_id = e.event;
        v_dep := coalesce(v_dep, e.departure);
        if e.kind = 'sale' then
            select id into v_booking from bookings where idempotency_key = e.event;
        end if;
        select starts_at into v_starts from departures where id = v_dep;
        select created_at into v_lease from holds where id = e.hold;
        v_problem := null;
        if e.occurred > v_now + interval '5 minutes' then
            v_problem := 'in_the_future';
            v_bound := v_now;
        elsif e.prepared is not null and e.occurred < e.prepared - interval '1 minute' then
            v_problem := 'before_prepare';
            v_bound := e.prepared;
        elsif v_lease is not null and e.occurred < v_lease - interval '1 minute' then
            v_problem := 'before_lease';
            v_bound := v_lease;
        elsif v_starts is not null and e.occurred > v_starts + interval '24 hours' then
            v_problem := 'after_departure';
            v_bound := v_starts;
        end if;
        continue when v_problem is null;
        insert into field_conflicts (event_id, kind, departure_id, booking_id, device_id, staff_id, occurred_at,
                                     details)
        values (md5(e.event::text || ':clock')::uuid, 'clock', v_dep, v_booking, s.device_id,
                coalesce((select st.id from staff st where st.id = e.staff), s.staff_id), e.occurred,
                jsonb_build_object('problem', v_problem, 'entry_event_id', e.event, 'entry_kind', e.kind,
                                   'device_time', e.occurred, 'wall_time', e.wall, 'bound', v_bound,
                                   'server_time', v_now,
                                   'off_by_seconds', round(extract(epoch from e.occurred - v_bound)),
                                   'booking_number', (select booking_number from bookings where id = v_booking)))
        on conflict (event_id) do nothing
        returning * into c;
        if found then
            insert into audit_log (staff_id, device_id, action, departure_id, booking_id, details)
            values (coalesce((select st.id from staff st where st.id = e.staff), s.staff_id), s.device_id, 'field.conflict', v_dep, v_booking,
                    jsonb_build_object('event_id', e.event, 'kind', 'clock', 'problem', v_problem));
        else
            select * into c from field_conflicts where event_id = md5(e.event::text || ':clock')::uuid;
        end if;
        return next to_jsonb(c);
    end loop;
end $$;
