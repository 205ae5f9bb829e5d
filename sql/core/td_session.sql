-- The live session of a token, or AUTH_REQUIRED / SESSION_EXPIRED.
create or replace function td_session(p_token text) returns sessions
language plpgsql stable as $$
declare
    s sessions%rowtype;
begin
    if p_token is null or p_token = '' then
        perform td_raise('AUTH_REQUIRED', '{}');
    end if;
    select * into s from sessions where token_hash = sha256(convert_to(p_token, 'UTF8'));
    if not found then
        perform td_raise('AUTH_REQUIRED', '{}');
    end if;
    if s.ended_at is not null or s.expires_at <= clock_timestamp() then
        perform td_raise('SESSION_EXPIRED', jsonb_build_object('ended_at', coalesce(s.ended_at, s.expires_at),
                                                               'reason', coalesce(nullif(s.end_reason, ''), 'expired')));
    end if;
    if exists (select 1 from devices where id = s.device_id and revoked_at is not null) then
        perform td_raise('DEVICE_REVOKED', jsonb_build_object('device_id', s.device_id));
    end if;
    return s;
end $$;
