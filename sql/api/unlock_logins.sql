-- A manager lifts a login lockout (scope device, db_role or staff). Returns
-- how many locks it lifted.
create function api.unlock_logins(p_session text, p_scope text, p_key text) returns int
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    n int;
begin
    perform td_authorize(p_session, 'manage_departures', 'unlock logins');
    delete from login_throttle where scope = p_scope and key = p_key;
    get diagnostics n = row_count;
    insert into audit_log (staff_id, device_id, action, details)
    select s.staff_id, s.device_id, 'login.unlocked', jsonb_build_object('scope', p_scope, 'key', p_key, 'lifted', n)
      from td_session(p_session) s;
    return n;
end $$;
