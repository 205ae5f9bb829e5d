-- A change of a departure's price, time or tour bumps its pricing_rev.
-- Trigger: departures_pricing_changed, whose WHEN keeps it off the hot path
-- (a sale changes none of those columns).
create or replace function td_departure_before_update() returns trigger language plpgsql as $$
begin
    new.pricing_rev := old.pricing_rev + 1;
    new.updated_at := now();
    return new;
end $$;
