-- Takes a guide (p_what 'guide') or a resource (p_what 'resource') off
-- departure p_departure: the one body behind td_guide_unassign and
-- td_resource_unassign, which differ only in their table, the resource's
-- extra lock (its seats bound the sales: the departure's lock, then its
-- resources', the core's order) and the has_resources flag a sale reads.
-- Returns whether anything changed (false: the departure did not have it).
-- Audited as guide.unassigned / resource.unassigned, {guide_id, guide} or
-- {resource_id, resource}, with p_audit's fields added.
create or replace function td_crew_unassign(p_what text, p_departure bigint, p_id bigint, p_staff bigint,
                                            p_device bigint, p_audit jsonb) returns boolean
language plpgsql as $$
declare
    v_name text;
begin
    perform 1 from departures x where x.id = p_departure for update;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'departure', 'id', p_departure));
    end if;
    if p_what = 'resource' then
        perform td_lock_resources(array[p_departure]);
        delete from departure_resources x where x.departure_id = p_departure and x.resource_id = p_id;
        if not found then
            return false;
        end if;
        update departures x set has_resources = exists (select 1 from departure_resources y
                                                         where y.departure_id = x.id)
         where x.id = p_departure;
        select name into v_name from resources where id = p_id;
    else
        delete from departure_guides x where x.departure_id = p_departure and x.guide_id = p_id;
        if not found then
            return false;
        end if;
        select name into v_name from staff where id = p_id;
    end if;
    insert into audit_log (staff_id, device_id, action, departure_id, details)
    values (p_staff, p_device, p_what || '.unassigned', p_departure,
            jsonb_build_object(p_what || '_id', p_id, p_what, v_name) || coalesce(p_audit, '{}'));
    return true;
end $$;
