-- Clocks (issue 11): a sync flags journal entries whose device time cannot
-- be right (api.field_clock_check) as conflicts of their own kind.
alter table field_conflicts drop constraint field_conflicts_kind_check;
alter table field_conflicts add constraint field_conflicts_kind_check
    check (kind in ('duplicate', 'cancelled', 'refused', 'walk_in_failed', 'clock'));
