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
-- in_rule, differs}], failures: [as apply's], short_seats: [{resource, seats,
-- capacity}] (the rule's resources with fewer seats than its capacity: a
-- warning, td_schedule_short_seats), replayed}. api.schedule_edit_check runs
-- this function and undoes it: the preview of an edit.
-- The rule's row is written by td_schedule_edit_rule and each departure
-- handled by td_schedule_edit_departure; this function checks the request,
-- replays a known key, and records the answer.
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
    v_one jsonb;
    v_updated bigint[] := '{}';
    v_cancelled jsonb := '[]';
    v_kept jsonb := '[]';
    v_failures jsonb := '[]';
    v_result jsonb;
    c record;
    v_crew boolean := p_guide is not null or p_resources is not null;
    g record;
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
    g := td_schedule_edit_rule(r.id, v_days, v_times, p_from, p_to, p_capacity, p_adult_price, p_child_price,
                               p_meeting_point, p_guide, c.guide_id, p_resources, c.resource_ids);
    select * into r from schedules where id = r.id;
    perform td_schedule_check(r.days, r.times, r.valid_from, r.valid_to, r.time_zone, r.capacity,
                              r.adult_price_minor, r.child_price_minor, r.meeting_point);
    for d in select * from departures x
              where x.schedule_id = r.id and x.status = 'scheduled' and x.starts_at > clock_timestamp()
              order by x.id for update loop
        v_one := td_schedule_edit_departure(d, r, v_crew, g.gone_guide, g.gone_resources, s.staff_id, s.device_id);
        if v_one ? 'updated' then
            v_updated := v_updated || (v_one->>'updated')::bigint;
        end if;
        v_cancelled := v_cancelled || coalesce(v_one->'cancelled', '[]');
        v_kept := v_kept || coalesce(v_one->'kept', '[]');
        v_failures := v_failures || coalesce(v_one->'failures', '[]');
    end loop;
    v_result := jsonb_build_object('schedule_id', r.id, 'revision', r.revision, 'updated', to_jsonb(v_updated),
                                   'cancelled', v_cancelled, 'kept', v_kept, 'failures', v_failures,
                                   'short_seats', td_schedule_short_seats(r.id));
    insert into audit_log (staff_id, device_id, action, details)
    values (s.staff_id, s.device_id, 'schedule.edited', v_request || v_result);
    return td_schedule_record(p_key, r.id, 'edit', v_request, v_result, s.staff_id, s.device_id);
end $$;
