-- Takes resource p_resource off departure p_departure: its seats no longer
-- bound the departure's sales. The one implementation behind
-- api.resource_unassign and api.schedule_edit (a rule's resource replaced).
-- Under the departure's lock and then its resources', the core's order.
-- Returns whether anything changed (false: the departure did not have it).
-- Audited as resource.unassigned, with p_audit's fields added. The body is
-- td_crew_unassign's, shared with td_guide_unassign.
create or replace function td_resource_unassign(p_departure bigint, p_resource bigint, p_staff bigint,
                                                p_device bigint, p_audit jsonb default '{}') returns boolean
language plpgsql as $$
begin
    return td_crew_unassign('resource', p_departure, p_resource, p_staff, p_device, p_audit);
end $$;
