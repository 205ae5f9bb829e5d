-- Takes guide p_guide off departure p_departure: the one implementation
-- behind api.guide_unassign and api.schedule_edit (a rule's guide
-- replaced). Returns whether anything changed (false: the departure did not
-- have that guide). Audited as guide.unassigned, with p_audit's fields added.
create or replace function td_guide_unassign(p_departure bigint, p_guide bigint, p_staff bigint,
                                             p_device bigint, p_audit jsonb default '{}') returns boolean
language plpgsql as $$
declare
    v_name text;
begin
    perform 1 from departures x where x.id = p_departure for update;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'departure', 'id', p_departure));
    end if;
    delete from departure_guides x where x.departure_id = p_departure and x.guide_id = p_guide;
    if not found then
        return false;
    end if;
    select name into v_name from staff where id = p_guide;
    insert into audit_log (staff_id, device_id, action, departure_id, details)
    values (p_staff, p_device, 'guide.unassigned', p_departure,
            jsonb_build_object('guide_id', p_guide, 'guide', v_name) || coalesce(p_audit, '{}'));
    return true;
end $$;
