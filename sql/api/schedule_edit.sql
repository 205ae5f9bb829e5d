-- Edits a rule (a manager's): any of days, times, dates, capacity, prices,
-- meeting point, guide and resources (null: unchanged; p_guide '' takes the
-- guide off the rule, p_resources '{}' its resources; zone, tour and
-- currency stay — a new zone or tour is a new rule). Then, for each future
-- scheduled departure of the rule, in id order under its row lock:
--   no seats booked or held: brought to the new rule — capacity, prices and
--   meeting point updated, and when the edit names a guide or resources,
--   the old rule's guide / resources taken off and the new ones assigned
--   (td_schedule_recrew: refusals listed in failures, as an apply lists
--   them) ('updated'); or cancelled as an operator cancels when its start
--   is no longer one of the rule's ('cancelled');
--   seats booked or held: left exactly as it is and listed ('kept', with
--   what differs from the rule — 'guide' and 'resources' among them — or
--   'not_in_rule') — a sold departure is never changed silently; the
--   operator moves or cancels it, or assigns by hand.
-- A crew edit locks all those departures first, then the old and new
-- resources and guides (td_schedule_lock_crew): the core's lock order.
-- New starts are made by the next apply (preview first). Idempotent on
-- p_key. Answers {schedule_id, revision, updated: [ids], cancelled:
-- [{departure_id, starts_at}], kept: [{departure_id, starts_at, booked, held,
-- in_rule, differs}], failures: [as apply's], replayed}.
create function api.schedule_edit(p_session text, p_schedule bigint, p_days smallint[], p_times time[],
                                   p_from date, p_to date, p_capacity int, p_adult_price bigint,
                                   p_child_price bigint, p_meeting_point text, p_guide text,
                                   p_resources text[], p_key uuid)
returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
    r schedules%rowtype;
    d departures%rowtype;
    v_request jsonb;
    v_done jsonb;
    v_days smallint[];
    v_times time[];
    v_in_rule boolean;
    v_differs text[];
    v_updated bigint[] := '{}';
    v_cancelled jsonb := '[]';
    v_kept jsonb := '[]';
    v_result jsonb;
    c record;
    v_crew boolean := p_guide is not null or p_resources is not null;
    v_old_guide bigint;
    v_gone_guide bigint;
    v_gone_resources bigint[] := '{}';
    v_failures jsonb := '[]';
begin
    s := td_authorize(p_session, 'manage_departures', 'edit schedules');
    select array_agg(distinct x order by x) into v_days from unnest(p_days) x;
    select array_agg(t order by t) into v_times from unnest(p_times) t;
    v_request := jsonb_strip_nulls(jsonb_build_object(
        'schedule_id', p_schedule, 'days', v_days, 'times', v_times, 'from', p_from, 'to', p_to,
        'capacity', p_capacity, 'adult_price_minor', p_adult_price, 'child_price_minor', p_child_price,
        'meeting_point', p_meeting_point));
    -- (read even when not named: c's fields are then null and empty)
    c := td_schedule_crew(p_guide, p_resources);
    if v_crew then
        v_request := v_request || jsonb_strip_nulls(jsonb_build_object(
            'guide', case when p_guide is not null then coalesce(c.guide, '') end,
            'resources', case when p_resources is not null then to_jsonb(c.resources) end));
    end if;
    if v_request - 'schedule_id' = '{}'::jsonb then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'edit',
                         'problem', 'nothing to change: give days, times, dates, capacity, prices, a meeting point, a guide or resources'));
    end if;
    v_done := td_schedule_replay(p_key, 'edit', v_request);
    if v_done is not null then
        return v_done;
    end if;
    select * into r from schedules where id = p_schedule for update;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'schedule', 'id', p_schedule));
    end if;
    v_old_guide := r.guide_id;
    update schedules
       set days = coalesce(v_days, days), times = coalesce(v_times, times),
           valid_from = coalesce(p_from, valid_from), valid_to = coalesce(p_to, valid_to),
           capacity = coalesce(p_capacity, capacity), adult_price_minor = coalesce(p_adult_price, adult_price_minor),
           child_price_minor = coalesce(p_child_price, child_price_minor),
           meeting_point = coalesce(p_meeting_point, meeting_point),
           guide_id = case when p_guide is null then guide_id else c.guide_id end,
           revision = revision + 1, updated_at = now()
     where id = r.id
    returning * into r;
    if v_crew then
        -- what the old rule put on its departures and the new one does not
        v_gone_guide := case when p_guide is not null then nullif(v_old_guide, r.guide_id) end;
        if p_resources is not null then
            select coalesce(array_agg(sr.resource_id), '{}') into v_gone_resources from schedule_resources sr
             where sr.schedule_id = r.id and not sr.resource_id = any (c.resource_ids);
            delete from schedule_resources sr where sr.schedule_id = r.id;
            insert into schedule_resources (schedule_id, resource_id) select r.id, unnest(c.resource_ids);
        end if;
        perform 1 from departures x
         where x.schedule_id = r.id and x.status = 'scheduled' and x.starts_at > clock_timestamp()
         order by x.id for update;
        perform td_schedule_lock_crew(r.id, v_gone_resources, v_gone_guide);
    end if;
    perform td_schedule_check(r.days, r.times, r.valid_from, r.valid_to, r.time_zone, r.capacity,
                              r.adult_price_minor, r.child_price_minor, r.meeting_point);
    for d in select * from departures x
              where x.schedule_id = r.id and x.status = 'scheduled' and x.starts_at > clock_timestamp()
              order by x.id for update loop
        v_in_rule := exists (select 1 from td_schedule_occurrences(r.id, d.schedule_local_start::date,
                                                                   d.schedule_local_start::date) o
                              where o.local_start = d.schedule_local_start and not o.skipped);
        v_differs := array_remove(array[
            case when d.capacity <> r.capacity then 'capacity' end,
            case when d.adult_price_minor <> r.adult_price_minor then 'adult_price' end,
            case when d.child_price_minor <> r.child_price_minor then 'child_price' end,
            case when d.meeting_point <> r.meeting_point then 'meeting_point' end], null);
        if v_crew then
            v_differs := v_differs || td_schedule_crew_differs(d.id, r.id, v_gone_guide, v_gone_resources);
        end if;
        if d.booked + d.held > 0 then
            if not v_in_rule or cardinality(v_differs) > 0 then
                v_kept := v_kept || jsonb_build_object('departure_id', d.id, 'starts_at', d.starts_at,
                                                       'booked', d.booked, 'held', d.held, 'in_rule', v_in_rule,
                                                       'differs', to_jsonb(v_differs));
            end if;
        elsif not v_in_rule then
            perform td_cancel_departure(d.id, 'operator', 100,
                                        (extract(epoch from d.starts_at - clock_timestamp()) / 3600)::numeric,
                                        format('no longer in schedule %s (revision %s)', r.id, r.revision),
                                        s.staff_id, s.device_id);
            v_cancelled := v_cancelled || jsonb_build_object('departure_id', d.id, 'starts_at', d.starts_at);
        elsif cardinality(v_differs) > 0 then
            update departures
               set capacity = r.capacity, adult_price_minor = r.adult_price_minor,
                   child_price_minor = r.child_price_minor, meeting_point = r.meeting_point
             where id = d.id;
            if v_differs && array['guide', 'resources'] then
                v_failures := v_failures || td_schedule_recrew(d.id, r.id, v_gone_guide, v_gone_resources,
                                                               s.staff_id, s.device_id);
            end if;
            insert into audit_log (staff_id, device_id, action, departure_id, details)
            values (s.staff_id, s.device_id, 'departure.changed', d.id,
                    jsonb_build_object('schedule_id', r.id, 'revision', r.revision, 'changed', to_jsonb(v_differs),
                                       'capacity', r.capacity, 'adult_price_minor', r.adult_price_minor,
                                       'child_price_minor', r.child_price_minor));
            v_updated := v_updated || d.id;
        end if;
    end loop;
    v_result := jsonb_build_object('schedule_id', r.id, 'revision', r.revision, 'updated', to_jsonb(v_updated),
                                   'cancelled', v_cancelled, 'kept', v_kept, 'failures', v_failures);
    insert into audit_log (staff_id, device_id, action, details)
    values (s.staff_id, s.device_id, 'schedule.edited', v_request || v_result);
    return td_schedule_record(p_key, r.id, 'edit', v_request, v_result, s.staff_id, s.device_id);
end $$;
