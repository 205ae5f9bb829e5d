-- Locks the resources of these departures, waiting (bounded by lock_timeout),
-- in ascending id order. The lock order of the whole core: departures first
-- (ascending id: td_lock_booking), then the booking, then the resources
-- (ascending id) — a departure's row lock freezes its set of resources
-- (assignments take it too), so the resources to lock are known once it is
-- held. A move locks the resources of both its departures at once, before it
-- takes or gives seats, so that no transaction ever waits for a resource
-- with a lower id than one it holds.
create or replace function td_lock_resources(p_departures bigint[]) returns void
language plpgsql as $$
begin
    perform 1 from resources r
     where r.id in (select dr.resource_id from departure_resources dr where dr.departure_id = any (p_departures))
     order by r.id
       for update;
end $$;
