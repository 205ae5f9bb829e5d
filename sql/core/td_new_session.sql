-- A new session row; returns the token (shown once, stored hashed).
create or replace function td_new_session(p_kind text, p_staff bigint, p_role text, p_device bigint, p_ttl interval,
                               out token text, out session_id bigint, out expires_at timestamptz)
language plpgsql as $$
begin
    token := encode(gen_random_bytes(32), 'hex');
    insert into sessions (token_hash, kind, staff_id, role, device_id, expires_at)
    values (sha256(convert_to(token, 'UTF8')), p_kind, p_staff, p_role, p_device, clock_timestamp() + p_ttl)
    returning id, sessions.expires_at into session_id, expires_at;
end $$;
