-- What applying a rule for the next p_horizon_days would do, start by
-- start, changing nothing: 'create' (no departure there yet), 'exists' (a
-- departure is there: made by this rule, or — from_rule false — added by
-- hand for the same tour at the same instant; apply leaves it), 'skipped'
-- (an exception skips the date; a departure still there is named with its
-- seats, kept because it has bookings). added: the date is an added
-- exception; shifted: the local time does not exist that day (a DST gap)
-- and the start is an hour later on the wall clock. crew: whether the
-- rule's guide and resources would be free then, naming what they serve at
-- that time (td_schedule_slot_crew), and whether the rule's own starts to
-- create would share them (td_schedule_rule_overlaps: guide_overlap, the
-- earlier start the apply gives the guide to; resource_overlaps, resources
-- whose seats the overlapping starts exceed); null on a skipped start.
create function api.schedule_preview(p_session text, p_schedule bigint, p_horizon_days int)
returns table (local_start timestamp, starts_at timestamptz, slot text, departure_id bigint,
               departure_status text, from_rule boolean, booked int, held int, added boolean, shifted boolean,
               crew jsonb)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
declare
    r schedules%rowtype;
    v_now timestamptz := clock_timestamp();
    v_today date;
    v_minutes int;
begin
    perform td_authorize(p_session, 'read', 'preview schedules');
    if p_horizon_days is null or p_horizon_days not between 1 and 731 then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'horizon days',
                         'problem', 'from 1 to 731 days ahead'));
    end if;
    select * into r from schedules where id = p_schedule;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'schedule', 'id', p_schedule));
    end if;
    v_today := (v_now at time zone r.time_zone)::date;
    select t.duration_minutes into v_minutes from tours t where t.id = r.tour_id;
    return query
    with slots as (
        select o.local_start, o.starts_at, o.skipped, o.added, o.shifted, d.id as dep_id, d.status as dep_status,
               d.schedule_id as dep_schedule, d.booked as dep_booked, d.held as dep_held,
               d.starts_at as dep_starts, d.ends_at as dep_ends
          from td_schedule_occurrences(r.id, v_today, v_today + p_horizon_days) o
          left join lateral (
              select x.* from departures x
               where (x.schedule_id = r.id and x.schedule_local_start = o.local_start)
                  or (x.tour_id = r.tour_id and x.starts_at = o.starts_at)
               order by (x.schedule_id = r.id) desc nulls last
               limit 1) d on true
         where o.starts_at > v_now and o.starts_at <= v_now + make_interval(days => p_horizon_days)),
    own as (
        select * from td_schedule_rule_overlaps(r.id, array(select c.starts_at from slots c
                                                             where not c.skipped and c.dep_id is null
                                                             order by c.starts_at)))
    select s.local_start, s.starts_at,
           case when s.skipped then 'skipped' when s.dep_id is null then 'create' else 'exists' end,
           s.dep_id, s.dep_status, case when s.dep_id is not null then s.dep_schedule is not distinct from r.id end,
           s.dep_booked, s.dep_held, s.added, s.shifted,
           case when not s.skipped then
               td_schedule_slot_crew(r.id, coalesce(s.dep_starts, s.starts_at),
                                     coalesce(s.dep_ends, s.starts_at + make_interval(mins => v_minutes)), s.dep_id)
               || jsonb_build_object('guide_overlap', w.guide_overlap,
                                     'resource_overlaps', coalesce(w.resource_overlaps, '[]'))
           end
      from slots s
      left join own w on s.dep_id is null and not s.skipped and w.starts_at = s.starts_at
     order by s.local_start;
end $$;
