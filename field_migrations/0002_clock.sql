-- Clocks (issue 11): each journal entry keeps the laptop's raw wall time
-- beside the corrected time it carries (device_time), and the clock
-- conflict a sync found for it (an impossible time), if any, and where its
-- time came from.
alter table journal add column wall_time text;
alter table journal add column clock text;
-- where device_time came from: boot_clock, corrected_wall, last_entry, wall,
-- or given (`checkin --at`); the last entry not given is the floor of offline time
alter table journal add column time_source text;
