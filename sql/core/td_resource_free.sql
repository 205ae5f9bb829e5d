-- The seats a departure's resources leave free for it (the view
-- departure_resource_free, migration 0027): null for a departure without
-- resources, 0 when one is out of service on its day. Decides a sale only
-- under the resources' locks (td_lock_resources).
-- PL/pgSQL, not SQL: a SQL function's query is planned again at every call
-- (the view's plan took ~1.7 ms, more than running it), and every sale on a
-- departure with resources calls this while it holds the resource's lock —
-- PL/pgSQL keeps the plan. BENCHMARKS.md, "Shared resources".
create or replace function td_resource_free(p_departure bigint) returns int
language plpgsql as $$
begin
    return (select f.free from departure_resource_free f where f.departure_id = p_departure);
end $$;
