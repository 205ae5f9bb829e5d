-- td_waitlist_leave for a session that may sell.
create function api.waitlist_leave(p_session text, p_entry bigint) returns text
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
begin
    s := td_authorize(p_session, 'sell', 'manage the waitlist');
    return td_waitlist_leave(p_entry, td_offer_ttl(), s.staff_id, s.device_id);
end $$;
