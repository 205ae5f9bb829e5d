-- Retires a ticket key (a manager's): its tickets are refused from now on.
create function api.retire_ticket_key(p_session text, p_key int) returns boolean
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
begin
    s := td_authorize(p_session, 'manage_keys', 'retire ticket keys');
    update ticket_keys set retired_at = coalesce(retired_at, now()) where id = p_key;
    if not found then
        return false;
    end if;
    insert into audit_log (staff_id, device_id, action, details)
    values (s.staff_id, s.device_id, 'ticket_key.retired', jsonb_build_object('key_id', p_key));
    return true;
end $$;
