-- The rule's resources with fewer seats than the rule's capacity:
-- [{resource, seats, capacity}], in id order ([] when none). A warning, not
-- a refusal, as for a departure: a departure's capacity may exceed the
-- seats of a resource assigned to it (resource assign refuses only when
-- the seats already taken do not fit), since the resource's seats bound
-- every sale of the departures it serves (td_resource_room) — the
-- departure sells at most the resource's seats and is never oversold.
-- A schedule preview and an edit (and its dry run) carry this list, so the
-- manager sees that 6500 seats on a 40-seat boat sell 40.
create or replace function td_schedule_short_seats(p_schedule bigint) returns jsonb
language sql stable as $$
    select coalesce(jsonb_agg(jsonb_build_object('resource', x.name, 'seats', x.seats, 'capacity', s.capacity)
                              order by x.id), '[]')
      from schedules s
      join schedule_resources sr on sr.schedule_id = s.id
      join resources x on x.id = sr.resource_id
     where s.id = p_schedule and x.seats < s.capacity
$$;
