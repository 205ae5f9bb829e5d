-- Adds a resource: a name (unique), a kind (vehicle, boat, helicopter, raft,
-- equipment_set) and its seats, 1 to 10000 (a manager's). Idempotent on
-- p_key: the same key with the same request answers the first resource
-- (replayed), with another request IDEMPOTENCY_CONFLICT; a name already
-- taken by another request is INVALID_INPUT. Audited as resource.added.
create function api.resource_add(p_session text, p_name text, p_kind text, p_seats int, p_key uuid)
returns table (resource_id bigint, name text, kind text, seats int, replayed boolean)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
declare
    s sessions%rowtype;
    r resources%rowtype;
    v_name text := btrim(coalesce(p_name, ''));
begin
    s := td_authorize(p_session, 'manage_departures', 'add resources');
    if p_key is null then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'key', 'problem', 'a write needs a key'));
    end if;
    perform td_check_text('resource name', v_name, 200, true);
    if p_kind is null or p_kind not in ('vehicle', 'boat', 'helicopter', 'raft', 'equipment_set') then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'kind',
                         'problem', 'one of vehicle, boat, helicopter, raft, equipment_set'));
    end if;
    if p_seats is null or p_seats not between 1 and 10000 then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'seats', 'problem', '1 to 10000 seats'));
    end if;
    insert into resources (name, kind, seats, client_key, staff_id, device_id)
    values (v_name, p_kind, p_seats, p_key, s.staff_id, s.device_id)
    on conflict do nothing
    returning * into r;
    if r.id is null then
        select * into r from resources x where x.client_key = p_key;
        if r.id is null then
            perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'resource name',
                             'problem', format('a resource named %s exists already', v_name)));
        end if;
        if (r.name, r.kind, r.seats) is distinct from (v_name, p_kind, p_seats) then
            perform td_raise('IDEMPOTENCY_CONFLICT', jsonb_build_object('key', p_key));
        end if;
        return query select r.id, r.name, r.kind, r.seats, true;
        return;
    end if;
    insert into audit_log (staff_id, device_id, action, details)
    values (s.staff_id, s.device_id, 'resource.added',
            jsonb_build_object('resource_id', r.id, 'name', r.name, 'kind', r.kind, 'seats', r.seats, 'key', p_key));
    return query select r.id, r.name, r.kind, r.seats, false;
end $$;
