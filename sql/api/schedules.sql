-- The schedule rules, newest first, each with its exceptions and its
-- departures to come (scheduled, starting after now): how many, how many
-- with seats booked, and the next start; its guide (null: none) and
-- resources (by name, in id order). Rules name nobody's personal data: any
-- session may read them.
create function api.schedules(p_session text)
returns table (schedule_id bigint, tour text, days smallint[], times time[], valid_from date, valid_to date,
               time_zone text, capacity int, adult_price_minor bigint, child_price_minor bigint, currency text,
               meeting_point text, revision int, skipped_dates date[], added_dates date[], departures bigint,
               booked_departures bigint, next_start timestamptz, guide text, resources text[])
language plpgsql security definer set search_path = public, pg_temp as $$
begin
    perform td_authorize(p_session, 'read', 'list schedules');
    return query
    select r.id, t.name, r.days, r.times, r.valid_from, r.valid_to, r.time_zone, r.capacity,
           r.adult_price_minor, r.child_price_minor, r.currency, r.meeting_point, r.revision,
           coalesce((select array_agg(e.local_date order by e.local_date) from schedule_exceptions e
                      where e.schedule_id = r.id and e.kind = 'skip'), '{}'),
           coalesce((select array_agg(e.local_date order by e.local_date) from schedule_exceptions e
                      where e.schedule_id = r.id and e.kind = 'add'), '{}'),
           coalesce(f.n, 0), coalesce(f.sold, 0), f.next_start, g.name,
           coalesce((select array_agg(x.name order by x.id) from schedule_resources sr
                       join resources x on x.id = sr.resource_id where sr.schedule_id = r.id), '{}')
      from schedules r
      join tours t on t.id = r.tour_id
      left join staff g on g.id = r.guide_id
      left join lateral (
          select count(*) as n, count(*) filter (where d.booked > 0) as sold, min(d.starts_at) as next_start
            from departures d
           where d.schedule_id = r.id and d.status = 'scheduled' and d.starts_at > clock_timestamp()) f on true
     order by r.id desc;
end $$;
