-- An offline entry names who acted: the person whose PIN opened the laptop's
-- store. A sync applies it under that name only when that staff member is one
-- the store was sealed for at its last prepare, is still active and has a
-- role that may do it; otherwise the entry is not applied and becomes a
-- `staff` conflict saying which of these failed. Null: apply the entry. An
-- entry naming nobody is the syncing session's own (the server knows who
-- that is, and td_authorize checked its role). Idempotent on the event id
-- (a sync sent again finds the same conflict).
create or replace function td_field_staff_check(p_event uuid, p_kind text, p_staff bigint, p_device bigint,
                                                p_departure bigint, p_occurred timestamptz, p_details jsonb)
returns jsonb
language plpgsql as $$
declare
    st staff%rowtype;
    c field_conflicts%rowtype;
    v_problem text;
begin
    if p_staff is null then
        return null;
    end if;
    select * into st from staff where id = p_staff;
    v_problem := case
        when st.id is null then 'unknown_staff'
        when not (st.id = any (coalesce((select field_keyholders from devices where id = p_device), '{}'::bigint[])))
            then 'not_sealed_for'
        when not st.active then 'inactive'
        when not td_role_may(st.role, case p_kind when 'sale' then 'sell' else 'check_in' end) then 'role'
    end;
    if v_problem is null then
        return null;
    end if;
    insert into field_conflicts (event_id, kind, departure_id, device_id, staff_id, occurred_at, details)
    values (p_event, 'staff', p_departure, p_device, st.id, p_occurred,
            coalesce(p_details, '{}'::jsonb) || jsonb_build_object(
                'problem', v_problem, 'entry_kind', p_kind, 'staff_id', p_staff,
                'staff_name', coalesce(st.name, ''), 'role', coalesce(st.role, '')))
    on conflict (event_id) do nothing
    returning * into c;
    if found then
        insert into audit_log (staff_id, device_id, action, departure_id, details)
        values (st.id, p_device, 'field.conflict', p_departure,
                jsonb_build_object('event_id', p_event, 'kind', 'staff', 'problem', v_problem,
                                   'staff_id', p_staff));
        return jsonb_build_object('replayed', false, 'verdict', 'not_applied', 'conflict', to_jsonb(c));
    end if;
    select * into c from field_conflicts where event_id = p_event;
    return jsonb_build_object('replayed', true, 'verdict', 'not_applied', 'conflict', to_jsonb(c));
end $$;
