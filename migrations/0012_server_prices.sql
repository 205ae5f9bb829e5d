-- The check-in window (how long before the start a ticket is admitted) is
-- the operator's setting, no longer each caller's argument: a kiosk, a CLI
-- or a modified client could widen it to 24 hours. One row of settings, not
-- a column on tours: it is one policy of the operator today (one value in
-- the core's config before, one value a prepared field laptop takes along),
-- and a singleton row is how the schema already keeps such things
-- (pricing_state, api_state). A per-tour window would be a column added here
-- later, with the laptop's store keeping one per departure.
create table operator_settings (
    singleton       boolean primary key default true check (singleton),
    check_in_window interval not null default interval '3 hours'
                    check (check_in_window >= interval '0' and check_in_window <= interval '24 hours'),
    updated_at      timestamptz not null default now()
);
insert into operator_settings default values;
