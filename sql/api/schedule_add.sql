-- Adds a schedule rule (a manager's); the tour is made on first use, as by
-- add_departure. A rule may name a guide and resources (by name,
-- td_schedule_crew): apply assigns them to each departure it makes. Makes
-- no departure yet: `schedule_apply` does, after a preview. Idempotent on
-- p_key (td_schedule_replay). Answers {schedule_id, tour_created, replayed}.
create function api.schedule_add(p_session text, p_tour text, p_days smallint[], p_times time[], p_from date,
                                  p_to date, p_time_zone text, p_capacity int, p_adult_price bigint,
                                  p_child_price bigint, p_currency text, p_meeting_point text, p_guide text,
                                  p_resources text[], p_key uuid)
returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
    v_request jsonb;
    v_done jsonb;
    v_tour bigint;
    v_created boolean;
    v_id bigint;
    v_days smallint[];
    v_times time[];
    c record;
begin
    s := td_authorize(p_session, 'manage_departures', 'add schedules');
    perform td_check_text('tour', p_tour, 200, true);
    -- kept sorted: the same rule typed in another order is the same request
    select array_agg(distinct d order by d) into v_days from unnest(p_days) d;
    select array_agg(t order by t) into v_times from unnest(p_times) t;
    perform td_schedule_check(v_days, v_times, p_from, p_to, p_time_zone, p_capacity, p_adult_price,
                              p_child_price, coalesce(p_meeting_point, ''));
    if p_currency is null or p_currency !~ '^[A-Z]{3}$' then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'currency',
                         'problem', 'use a three-letter ISO code such as RUB'));
    end if;
    c := td_schedule_crew(p_guide, p_resources);
    v_request := jsonb_build_object('tour', btrim(p_tour), 'days', v_days, 'times', v_times, 'from', p_from,
                                    'to', p_to, 'time_zone', p_time_zone, 'capacity', p_capacity,
                                    'adult_price_minor', p_adult_price, 'child_price_minor', p_child_price,
                                    'currency', p_currency, 'meeting_point', coalesce(p_meeting_point, ''),
                                    'guide', c.guide, 'resources', to_jsonb(c.resources));
    v_done := td_schedule_replay(p_key, 'add', v_request);
    if v_done is not null then
        return v_done;
    end if;
    insert into tours (name) values (btrim(p_tour)) on conflict (name) do nothing returning id into v_tour;
    v_created := v_tour is not null;
    if v_created then
        insert into audit_log (staff_id, device_id, action, details)
        values (s.staff_id, s.device_id, 'tour.added', jsonb_build_object('tour_id', v_tour, 'name', btrim(p_tour)));
    else
        select id into v_tour from tours where name = btrim(p_tour);
    end if;
    insert into schedules (tour_id, days, times, valid_from, valid_to, time_zone, capacity, adult_price_minor,
                           child_price_minor, currency, meeting_point, guide_id, staff_id, device_id)
    values (v_tour, v_days, v_times, p_from, p_to, p_time_zone, p_capacity, p_adult_price, p_child_price,
            p_currency, coalesce(p_meeting_point, ''), c.guide_id, s.staff_id, s.device_id)
    returning id into v_id;
    insert into schedule_resources (schedule_id, resource_id) select v_id, unnest(c.resource_ids);
    insert into audit_log (staff_id, device_id, action, details)
    values (s.staff_id, s.device_id, 'schedule.added', v_request || jsonb_build_object('schedule_id', v_id));
    return td_schedule_record(p_key, v_id, 'add', v_request,
                              jsonb_build_object('schedule_id', v_id, 'tour_created', v_created),
                              s.staff_id, s.device_id);
end $$;
