-- Takes a resource off a departure (a manager's): its seats no longer bound
-- the departure's sales. Idempotent by itself: a resource the departure does
-- not have changes nothing (changed = false). Under the departure's lock and
-- then the resource's, the core's order. Audited as resource.unassigned.
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
    perform 1 from departures x where x.id = p_departure for update;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'departure', 'id', p_departure));
    end if;
    perform td_lock_resources(array[p_departure]);
    delete from departure_resources x where x.departure_id = p_departure and x.resource_id = r.id;
    if not found then
        return query select p_departure, r.id, r.name, false;
        return;
    end if;
    update departures x set has_resources = exists (select 1 from departure_resources y where y.departure_id = x.id)
     where x.id = p_departure;
    insert into audit_log (staff_id, device_id, action, departure_id, details)
    values (s.staff_id, s.device_id, 'resource.unassigned', p_departure,
            jsonb_build_object('resource_id', r.id, 'resource', r.name));
    return query select p_departure, r.id, r.name, true;
end $$;
