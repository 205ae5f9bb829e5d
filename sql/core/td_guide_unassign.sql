-- Takes guide p_guide off departure p_departure: the one implementation
-- behind api.guide_unassign and api.schedule_edit (a rule's guide
-- replaced). Returns whether anything changed (false: the departure did not
-- have that guide). Audited as guide.unassigned, with p_audit's fields added.
-- The body is td_crew_unassign's, shared with td_resource_unassign.
create or replace function td_guide_unassign(p_departure bigint, p_guide bigint, p_staff bigint,
                                             p_device bigint, p_audit jsonb default '{}') returns boolean
language plpgsql as $$
begin
    return td_crew_unassign('guide', p_departure, p_guide, p_staff, p_device, p_audit);
end $$;
