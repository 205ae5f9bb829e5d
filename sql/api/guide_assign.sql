-- Assigns a guide (a staff member with the role guide, by name) to a
-- departure still to come (a manager's): the checks, locks and audit are
-- td_guide_assign's, shared with a schedule rule's guide. A guide leads one
-- departure at a time: one whose time overlaps a departure the guide
-- already leads is refused with GUIDE_BUSY naming that departure.
-- Idempotent on p_key (a retry answers the first assignment, replayed); the
-- same assignment made before under another key changes nothing (changed =
-- false). Audited as guide.assigned.
create function api.guide_assign(p_session text, p_guide text, p_departure bigint, p_key uuid)
returns table (departure_id bigint, guide_id bigint, guide text, changed boolean, replayed boolean)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
declare
    s sessions%rowtype;
    v_guide bigint;
begin
    s := td_authorize(p_session, 'manage_departures', 'assign guides');
    if p_key is null then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'key', 'problem', 'a write needs a key'));
    end if;
    select x.id into v_guide from staff x where lower(x.name) = lower(btrim(coalesce(p_guide, '')))
     order by x.name = btrim(p_guide) desc, x.id limit 1;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'staff member', 'id', p_guide));
    end if;
    return query select * from td_guide_assign(p_departure, v_guide, s.staff_id, s.device_id, p_key);
end $$;
