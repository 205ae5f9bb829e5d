-- Gives a hold's seats back; returns the hold's final status.
create function api.release_hold(p_session text, p_hold bigint) returns text
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
begin
    s := td_authorize(p_session, 'sell', 'release holds');
    return td_release_hold(p_hold, td_offer_ttl(), s.staff_id, s.device_id);
end $$;
