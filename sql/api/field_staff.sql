-- The staff a field laptop's store is wrapped for at prepare: each must be
-- active and have typed their PIN on this device (api.login, checked here by
-- the server) within the last 15 minutes, or be the session's own staff
-- member. Recorded on the device (a sync takes offline entries under these
-- staff ids only) and audited with the ids; returns id, name and role, no
-- PIN hash: the laptop unlocks by unwrapping its key, not by checking a hash.
create function api.field_staff(p_session text, p_staff bigint[])
returns table (id bigint, name text, role text)
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
    v_missing bigint;
begin
    s := td_authorize(p_session, 'check_in', 'prepare for the field');
    if coalesce(cardinality(p_staff), 0) = 0 or cardinality(p_staff) > 20 then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'staff',
            'problem', 'wrap the store for 1 to 20 staff members (the preparer and --also PERSON)'));
    end if;
    select x into v_missing from unnest(p_staff) x
     where x is distinct from s.staff_id
       and not exists (select 1 from staff st
                        where st.id = x and st.active
                          and exists (select 1 from sessions se
                                       where se.staff_id = x and se.device_id = s.device_id and se.kind = 'pin'
                                         and se.created_at > clock_timestamp() - interval '15 minutes'))
     limit 1;
    if v_missing is not null then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'staff',
            'problem', format('staff %s is not active or did not type their PIN on this laptop just now', v_missing)));
    end if;
    update devices set field_keyholders = (select array_agg(distinct x order by x) from unnest(p_staff) x)
     where devices.id = s.device_id;
    insert into audit_log (staff_id, device_id, action, details)
    values (s.staff_id, s.device_id, 'field.wrapped_for',
            jsonb_build_object('staff', (select jsonb_agg(distinct x) from unnest(p_staff) x)));
    return query select st.id, st.name, st.role from staff st
                  where st.id = any (p_staff) and st.active order by st.id;
end $$;
