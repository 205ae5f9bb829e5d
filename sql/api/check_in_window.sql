-- The operator's check-in window: how long before the start a ticket is
-- admitted (any session may read it: a kiosk shows when check-in opens, a
-- field laptop's prepare takes it along).
create function api.check_in_window(p_session text) returns interval
language plpgsql security definer set search_path = public, pg_temp as $$
begin
    perform td_authorize(p_session, 'read', 'read the check-in window');
    return (select check_in_window from operator_settings);
end $$;
