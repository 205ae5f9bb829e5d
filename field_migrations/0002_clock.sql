-- Clocks (issue 11): each journal entry keeps the laptop's raw wall time
-- beside the corrected time it carries (device_time), and the clock
-- conflict a sync found for it (an impossible time), if any.
alter table journal add column wall_time text;
alter table journal add column clock text;
