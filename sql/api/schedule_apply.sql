-- Makes the departures of a rule that start within the next p_horizon_days
-- (1 to 731) and do not exist yet: each start of td_schedule_occurrences
-- not skipped and still ahead, priced and sized by the rule, as
-- add_departure would make it. Only what is missing is made: the departure's
-- (schedule_id, schedule_local_start) is unique and the insert does nothing
-- on a conflict — with it or with a departure of the same tour at the same
-- instant added by hand (counted as existing). The rule's row is locked for
-- the call, so applies and edits of one rule take turns; the unique key
-- alone would already keep racing applies from making a start twice.
--
-- The rule's resources and guide are then assigned to each departure made
-- (td_schedule_assign: the checks, locks and audit of an assignment by
-- hand). A refused one — the guide leads another departure then, a
-- resource is out of service that day — does not stop the apply: the
-- departure is made without it (the Departures screen flags it) and the
-- answer lists it in failures. The departures are all made first and the
-- rule's resources and guide locked once after (td_schedule_lock_crew), so
-- that two applies of rules sharing a guide take turns instead of
-- deadlocking. Departures already there get nothing: a re-apply assigns
-- nothing twice.
-- Idempotent on p_key. Answers {schedule_id, horizon_days, created,
-- existing, skipped, departure_ids, failures: [{departure_id, starts_at,
-- what, name, code, conflicts, day, problem}], replayed}.
create function api.schedule_apply(p_session text, p_schedule bigint, p_horizon_days int, p_key uuid)
returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
    r schedules%rowtype;
    o record;
    v_request jsonb := jsonb_build_object('schedule_id', p_schedule, 'horizon_days', p_horizon_days);
    v_done jsonb;
    v_today date;
    v_now timestamptz := clock_timestamp();
    v_id bigint;
    v_tour text;
    v_ids bigint[] := '{}';
    v_existing int := 0;
    v_skipped int := 0;
    v_failures jsonb := '[]';
begin
    s := td_authorize(p_session, 'manage_departures', 'apply schedules');
    if p_horizon_days is null or p_horizon_days not between 1 and 731 then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'horizon days',
                         'problem', 'from 1 to 731 days ahead'));
    end if;
    v_done := td_schedule_replay(p_key, 'apply', v_request);
    if v_done is not null then
        return v_done;
    end if;
    select * into r from schedules where id = p_schedule for update;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'schedule', 'id', p_schedule));
    end if;
    select name into v_tour from tours where id = r.tour_id;
    v_today := (v_now at time zone r.time_zone)::date;
    for o in select * from td_schedule_occurrences(r.id, v_today, v_today + p_horizon_days) x
              where x.starts_at > v_now and x.starts_at <= v_now + make_interval(days => p_horizon_days) loop
        if o.skipped then
            v_skipped := v_skipped + 1;
            continue;
        end if;
        insert into departures (tour_id, starts_at, time_zone, capacity, adult_price_minor, child_price_minor,
                                currency, meeting_point, schedule_id, schedule_local_start)
        values (r.tour_id, o.starts_at, r.time_zone, r.capacity, r.adult_price_minor, r.child_price_minor,
                r.currency, r.meeting_point, r.id, o.local_start)
        on conflict do nothing
        returning id into v_id;
        if v_id is null then
            v_existing := v_existing + 1;
            continue;
        end if;
        v_ids := v_ids || v_id;
        insert into audit_log (staff_id, device_id, action, departure_id, details)
        values (s.staff_id, s.device_id, 'departure.added', v_id,
                jsonb_build_object('tour', v_tour, 'capacity', r.capacity, 'schedule_id', r.id,
                                   'local_start', o.local_start));
    end loop;
    if cardinality(v_ids) > 0 then
        perform td_schedule_lock_crew(r.id);
        foreach v_id in array v_ids loop
            v_failures := v_failures || td_schedule_assign(v_id, r.id, s.staff_id, s.device_id);
        end loop;
    end if;
    insert into audit_log (staff_id, device_id, action, details)
    values (s.staff_id, s.device_id, 'schedule.applied',
            jsonb_build_object('schedule_id', r.id, 'horizon_days', p_horizon_days,
                               'created', cardinality(v_ids), 'existing', v_existing, 'skipped', v_skipped,
                               'failures', jsonb_array_length(v_failures)));
    return td_schedule_record(p_key, r.id, 'apply', v_request,
                              jsonb_build_object('schedule_id', r.id, 'horizon_days', p_horizon_days,
                                                 'created', cardinality(v_ids), 'existing', v_existing,
                                                 'skipped', v_skipped, 'departure_ids', to_jsonb(v_ids),
                                                 'failures', v_failures),
                              s.staff_id, s.device_id);
end $$;
