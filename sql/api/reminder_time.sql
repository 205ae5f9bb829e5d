-- The local time (operator's zone) after which the reminders of tomorrow's
-- departures are queued, as HH:MM (any session may read it).
create function api.reminder_time(p_session text) returns text
language plpgsql security definer set search_path = public, pg_temp as $$
begin
    perform td_authorize(p_session, 'read', 'read the reminder time');
    return (select to_char(o.reminder_time, 'HH24:MI') from operator_settings o);
end $$;
