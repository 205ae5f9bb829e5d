-- Takes resource p_resource off departure p_departure: its seats no longer
-- bound the departure's sales. The one implementation behind
-- api.resource_unassign and api.schedule_edit (a rule's resource replaced).
-- Under the departure's lock and then its resources', the core's order.
-- Returns whether anything changed (false: the departure did not have it).
-- Audited as resource.unassigned, with p_audit's fields added.
create or replace function td_resource_unassign(p_departure bigint, p_resource bigint, p_staff bigint,
                                                p_device bigint, p_audit jsonb default '{}') returns boolean
language plpgsql as $$
declare
    v_name text;
begin
    perform 1 from departures x where x.id = p_departure for update;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'departure', 'id', p_departure));
    end if;
    perform td_lock_resources(array[p_departure]);
    delete from departure_resources x where x.departure_id = p_departure and x.resource_id = p_resource;
    if not found then
        return false;
    end if;
    update departures x set has_resources = exists (select 1 from departure_resources y where y.departure_id = x.id)
     where x.id = p_departure;
    select name into v_name from resources where id = p_resource;
    insert into audit_log (staff_id, device_id, action, departure_id, details)
    values (p_staff, p_device, 'resource.unassigned', p_departure,
            jsonb_build_object('resource_id', p_resource, 'resource', v_name) || coalesce(p_audit, '{}'));
    return true;
end $$;
