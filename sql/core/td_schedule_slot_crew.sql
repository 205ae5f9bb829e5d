-- Whether a rule's guide and resources would be free for one start of its
-- preview, [p_starts_at, p_ends_at), against the departures that exist now
-- (p_departure, the slot's own departure if any, is not its own conflict):
-- {guide, guide_conflict: {departure_id, tour, starts_at, ends_at} | null,
--  resources: [{resource, seats, taken, free, out_of_service: day | null,
--               conflicts: [{departure_id, tour, starts_at, ends_at, booked}]}]}.
-- A resource's taken adds up the seats booked and held on every departure
-- it serves at an overlapping time: at most what it carries at once (the
-- sale's bound, td_resource_room, counts the busiest instant). The rule's
-- own starts still to create that overlap each other are not seen here:
-- td_schedule_rule_overlaps flags them (the apply gives the guide to the
-- earlier and lists the later).
create or replace function td_schedule_slot_crew(p_schedule bigint, p_starts_at timestamptz,
                                                 p_ends_at timestamptz, p_departure bigint) returns jsonb
language sql stable as $$
    select jsonb_build_object(
        'guide', g.name,
        'guide_conflict', (
            select jsonb_build_object('departure_id', x.id, 'tour', t.name, 'starts_at', x.starts_at,
                                      'ends_at', x.ends_at)
              from departure_guides dg join departures x on x.id = dg.departure_id join tours t on t.id = x.tour_id
             where dg.guide_id = g.id and dg.active and x.id is distinct from p_departure
               and dg.during && tstzrange(p_starts_at, p_ends_at, '[)')
             order by x.starts_at limit 1),
        'resources', coalesce((
            select jsonb_agg(jsonb_build_object(
                       'resource', res.name, 'seats', res.seats, 'taken', use.taken,
                       'free', greatest(res.seats - use.taken, 0),
                       'out_of_service', (select min(o.day) from resource_outages o
                                           where o.resource_id = res.id
                                             and o.day between (p_starts_at at time zone s.time_zone)::date
                                                           and ((p_ends_at - interval '1 microsecond')
                                                                at time zone s.time_zone)::date),
                       'conflicts', use.conflicts) order by res.id)
              from schedule_resources sr
              join resources res on res.id = sr.resource_id
              cross join lateral (
                  select coalesce(sum(x.booked + x.held), 0)::int as taken,
                         coalesce(jsonb_agg(jsonb_build_object('departure_id', x.id, 'tour', t.name,
                                                               'starts_at', x.starts_at, 'ends_at', x.ends_at,
                                                               'booked', x.booked)
                                            order by x.starts_at, x.id), '[]') as conflicts
                    from departure_resources dr
                    join departures x on x.id = dr.departure_id
                    join tours t on t.id = x.tour_id
                   where dr.resource_id = res.id and x.status <> 'cancelled' and x.id is distinct from p_departure
                     and x.starts_at < p_ends_at and p_starts_at < x.ends_at) use
             where sr.schedule_id = p_schedule), '[]'))
      from schedules s
      left join staff g on g.id = s.guide_id
     where s.id = p_schedule
$$;
