-- Brings an unsold departure's crew to its rule after an edit: takes off the
-- guide and resources the edit took off the rule (td_guide_unassign,
-- td_resource_unassign), then assigns the rule's (td_schedule_assign) and
-- returns that call's refusals. The caller holds the departure and has
-- locked the old and new crew (td_schedule_lock_crew).
create or replace function td_schedule_recrew(p_departure bigint, p_schedule bigint, p_gone_guide bigint,
                                              p_gone_resources bigint[], p_staff bigint, p_device bigint)
returns jsonb
language plpgsql as $$
declare
    v_audit jsonb := jsonb_build_object('schedule_id', p_schedule);
    v_resource bigint;
begin
    if p_gone_guide is not null then
        perform td_guide_unassign(p_departure, p_gone_guide, p_staff, p_device, v_audit);
    end if;
    foreach v_resource in array coalesce(p_gone_resources, '{}') loop
        perform td_resource_unassign(p_departure, v_resource, p_staff, p_device, v_audit);
    end loop;
    return td_schedule_assign(p_departure, p_schedule, p_staff, p_device);
end $$;
