-- Takes a resource off a departure (a manager's): its seats no longer bound
-- the departure's sales (td_resource_unassign, shared with a schedule
-- edit). Idempotent by itself: a resource the departure does not have
-- changes nothing (changed = false). Audited as resource.unassigned.
create function api.resource_unassign(p_session text, p_resource text, p_departure bigint)
returns table (departure_id bigint, resource_id bigint, resource text, changed boolean)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
declare
    s sessions%rowtype;
    r resources%rowtype;
begin
    s := td_authorize(p_session, 'manage_departures', 'unassign resources');
    select * into r from resources x where lower(x.name) = lower(btrim(coalesce(p_resource, '')))
     order by x.name = btrim(p_resource) desc, x.id limit 1;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'resource', 'id', p_resource));
    end if;
    return query select p_departure, r.id, r.name,
                        td_resource_unassign(p_departure, r.id, s.staff_id, s.device_id);
end $$;
