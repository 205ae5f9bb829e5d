-- The staff a field laptop may unlock with offline: id, name, role and the
-- argon2 hash (interim: the next step wraps the store's key instead). Only
-- for a session that may prepare, and audited with how many left.
create function api.field_staff(p_session text)
returns table (id bigint, name text, role text, pin_hash text)
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
    n int;
begin
    s := td_authorize(p_session, 'check_in', 'prepare for the field');
    select count(*) into n from staff where active;
    insert into audit_log (staff_id, device_id, action, details)
    values (s.staff_id, s.device_id, 'field.staff_hashes', jsonb_build_object('staff', n));
    return query select st.id, st.name, st.role, st.pin_hash from staff st where st.active order by st.id;
end $$;
