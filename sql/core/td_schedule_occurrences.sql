-- The starts a rule makes on the local dates [p_first, p_last]: each date of
-- its range on one of its days, at each of its times, plus the dates added
-- as exceptions (at the rule's times, wherever they fall), with the instant
-- computed per date in the rule's zone — so 07:00 stays 07:00 on the wall
-- clock across a DST change. A date skipped as an exception is returned
-- with skipped (the preview shows it; apply makes nothing there). shifted:
-- the local time does not exist on that date (a spring-forward gap) and the
-- instant shows another wall-clock time.
create or replace function td_schedule_occurrences(p_schedule bigint, p_first date, p_last date)
returns table (local_start timestamp, starts_at timestamptz, added boolean, skipped boolean, shifted boolean)
language sql stable as $$
    with r as (select * from schedules where id = p_schedule),
    dates as (
        select g::date as day, false as added
          from r, generate_series(greatest(p_first, r.valid_from), least(p_last, r.valid_to), interval '1 day') g
         where extract(isodow from g)::smallint = any (r.days)
        union
        select e.local_date, true
          from schedule_exceptions e
         where e.schedule_id = p_schedule and e.kind = 'add' and e.local_date between p_first and p_last
    ),
    starts as (
        -- a date both in the rule and added counts once, as the rule's
        select d.day, bool_and(d.added) as added from dates d group by d.day
    )
    select s.day + t.at, (s.day + t.at) at time zone r.time_zone, s.added,
           exists (select 1 from schedule_exceptions e
                    where e.schedule_id = p_schedule and e.local_date = s.day and e.kind = 'skip'),
           ((s.day + t.at) at time zone r.time_zone) at time zone r.time_zone <> s.day + t.at
      from r cross join starts s cross join lateral unnest(r.times) as t(at)
     order by 1
$$;
