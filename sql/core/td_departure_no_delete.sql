-- Departures are never deleted; cancel the departure instead.
-- Trigger: departures_no_delete.
create or replace function td_departure_no_delete() returns trigger language plpgsql as $$
begin
    raise exception using errcode = 'P0001', message = 'FORBIDDEN',
        detail = '{"what": "departures are never deleted; cancel the departure instead"}';
end $$;
