-- The seats a departure's resources leave free for it (the view
-- departure_resource_free, migration 0027): null for a departure without
-- resources, 0 when one is out of service on its day. Decides a sale only
-- under the resources' locks (td_lock_resources).
create or replace function td_resource_free(p_departure bigint) returns int
language sql as $$
    select f.free from departure_resource_free f where f.departure_id = p_departure
$$;
