-- A field laptop's store is sealed (issue 11): its data key is wrapped under
-- the PINs of the staff who will work it, so the laptop needs no PIN hash
-- and the server keeps none but its own bcrypt (pin_crypt, checked by
-- api.login). The argon2 hashes that were shipped to laptops go.
alter table staff drop column pin_hash;

-- Whom a field laptop's store was last wrapped for (set by api.field_staff
-- at prepare, audited there): a sync takes an offline entry under one of
-- these staff ids only.
alter table devices add column field_keyholders bigint[] not null default '{}';

-- The new `staff` conflict kind: an offline entry under a name the sync
-- does not take (td_field_staff_check, sql/core).
alter table field_conflicts drop constraint field_conflicts_kind_check;
alter table field_conflicts add constraint field_conflicts_kind_check
    check (kind in ('duplicate', 'cancelled', 'refused', 'walk_in_failed', 'clock', 'staff'));
