-- Takes a guide off a departure (a manager's; td_guide_unassign, shared with
-- a schedule edit). Idempotent by itself: a guide the departure does not
-- have changes nothing (changed = false). Audited as guide.unassigned.
create function api.guide_unassign(p_session text, p_guide text, p_departure bigint)
returns table (departure_id bigint, guide_id bigint, guide text, changed boolean)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
declare
    s sessions%rowtype;
    g staff%rowtype;
begin
    s := td_authorize(p_session, 'manage_departures', 'unassign guides');
    select * into g from staff x where lower(x.name) = lower(btrim(coalesce(p_guide, '')))
     order by x.name = btrim(p_guide) desc, x.id limit 1;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'staff member', 'id', p_guide));
    end if;
    return query select p_departure, g.id, g.name, td_guide_unassign(p_departure, g.id, s.staff_id, s.device_id);
end $$;
