-- Closing or reopening a departure's check-in tells the live manifests
-- (see td_check_in_notify). Trigger: departures_check_in_closed_notify.
create or replace function td_check_in_closed_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('check_in_changed', new.id::text);
    return null;
end $$;
