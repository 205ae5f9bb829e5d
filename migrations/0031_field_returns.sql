-- Offline returns (issue 14): a field laptop journals returns like
-- check-ins, and a sync that finds the server disagreeing (someone it does
-- not know as checked in on the departure, or someone another device marked
-- back first) records a `return` conflict. The device's last sync is kept so
-- the desk's roll-call can say how old a laptop's picture is.
alter table field_conflicts drop constraint field_conflicts_kind_check;
alter table field_conflicts add constraint field_conflicts_kind_check
    check (kind in ('duplicate', 'cancelled', 'refused', 'walk_in_failed', 'clock', 'staff', 'price', 'return'));

alter table devices add column last_field_sync timestamptz;
