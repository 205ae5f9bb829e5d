-- Live occupancy: every kiosk LISTENs on 'departure_changed'.
-- Triggers: departures_notify_insert, departures_notify_update.
create or replace function td_departure_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('departure_changed', new.id::text);
    return null;
end $$;
