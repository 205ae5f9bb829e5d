-- Extends a walk-in hold, up to two hours after it was made.
create function api.extend_hold(p_session text, p_hold bigint, p_ttl interval) returns timestamptz
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
begin
    s := td_authorize(p_session, 'sell', 'extend holds');
    return td_extend_hold(p_hold, least(greatest(p_ttl, interval '5 minutes'), interval '30 minutes'),
                          interval '2 hours', s.staff_id, s.device_id);
end $$;
