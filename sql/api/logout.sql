-- Ends a session (logout, the kiosk's lock). Ending an ended one is a no-op.
create function api.logout(p_session text, p_reason text default 'logout') returns void
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
begin
    select * into s from sessions where token_hash = sha256(convert_to(coalesce(p_session, ''), 'UTF8'));
    if not found or s.ended_at is not null then
        return;
    end if;
    update sessions set ended_at = clock_timestamp(), end_reason = left(coalesce(p_reason, 'logout'), 40)
     where id = s.id;
    insert into audit_log (staff_id, device_id, action, details, session_id)
    values (s.staff_id, s.device_id, 'logout', jsonb_build_object('reason', p_reason), s.id);
end $$;
