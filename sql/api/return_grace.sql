-- The operator's return grace period, in minutes: how long after a
-- departure's scheduled end someone still out becomes MISSING (any session
-- may read it).
create function api.return_grace(p_session text) returns int
language plpgsql security definer set search_path = public, pg_temp as $$
begin
    perform td_authorize(p_session, 'read', 'read the return grace period');
    return (select (extract(epoch from o.return_grace) / 60)::int from operator_settings o);
end $$;
