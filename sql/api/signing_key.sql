-- The id of a registered ticket-signing key, looked up by its public half,
-- and when it was retired (null: it may sign). Printing never registers a
-- key: an unknown one is NO_SIGNING_KEY (a manager runs `tourdesk keys new`).
create function api.signing_key(p_session text, p_public bytea, out key_id int,
                                out retired_at timestamptz)
language plpgsql security definer set search_path = public, pg_temp as $$
begin
    -- the delivery worker (a notifier) signs the tickets it attaches to
    -- confirmations; it may sell nothing
    perform td_authorize(p_session,
        case when td_role_may((td_session(p_session)).role, 'notify') then 'notify' else 'sell' end,
        'print tickets');
    select k.id, k.retired_at into key_id, retired_at from ticket_keys k where k.public_key = p_public;
    if key_id is null then
        perform td_raise('NO_SIGNING_KEY', jsonb_build_object('reason', 'unregistered'));
    end if;
end $$;
