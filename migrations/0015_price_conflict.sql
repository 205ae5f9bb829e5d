-- The new `price` conflict kind (issue 11, "never trust the client"): an
-- offline sale whose total is not the server's price for that party at the
-- time of sale (td_field_price_check, sql/core). The sale stands as sold —
-- the money taken in the field is what the booking records — and a manager
-- reviews the difference.
alter table field_conflicts drop constraint field_conflicts_kind_check;
alter table field_conflicts add constraint field_conflicts_kind_check
    check (kind in ('duplicate', 'cancelled', 'refused', 'walk_in_failed', 'clock', 'staff', 'price'));
