-- Assigns a resource (by name, case aside) to a departure still to come (a
-- manager's): the checks, locks and audit are td_resource_assign's, shared
-- with a schedule rule's assignments. Refused when the resource is out of
-- service on the departure's day (RESOURCE_OUT_OF_SERVICE), or when its
-- seats cannot carry the seats already taken on this departure together
-- with those of the departures it serves at overlapping times
-- (RESOURCE_BUSY, naming them and what each takes).
--
-- Idempotent on p_key (the assignment row keeps it): a retry answers the
-- first assignment (replayed); the same assignment made before under
-- another key changes nothing (changed = false). Audited as
-- resource.assigned.
create function api.resource_assign(p_session text, p_resource text, p_departure bigint, p_key uuid)
returns table (departure_id bigint, resource_id bigint, resource text, seats int, free int,
               changed boolean, replayed boolean)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
declare
    s sessions%rowtype;
    v_resource bigint;
begin
    s := td_authorize(p_session, 'manage_departures', 'assign resources');
    if p_key is null then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'key', 'problem', 'a write needs a key'));
    end if;
    select x.id into v_resource from resources x where lower(x.name) = lower(btrim(coalesce(p_resource, '')))
     order by x.name = btrim(p_resource) desc, x.id limit 1;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'resource', 'id', p_resource));
    end if;
    return query select * from td_resource_assign(p_departure, v_resource, s.staff_id, s.device_id, p_key);
end $$;
