-- Pickup points (issue 14, "Pickup points"): where a tour's bus collects
-- people before the departure, as an ordered route.
--
-- A point belongs to a tour (not a departure): the same hotels serve every
-- departure of it. Its time is either relative (minutes before the
-- departure's start) or absolute (a local time of day in the departure's
-- zone, on the start's local day); exactly one of the two
-- (td_pickup_at computes the instant). position orders the route; removing a
-- point only deactivates it (active = false), so bookings that chose it keep
-- it and are listed to be told.
--
-- A booking may choose one point of its departure's tour
-- (bookings.pickup_point_id, nullable). A trigger keeps it on the tour
-- whoever writes the row: choosing a point of another tour is
-- PICKUP_NOT_ON_TOUR, and a booking moved to a departure of another tour
-- loses its pickup (the old tour's stops mean nothing there). Changing it
-- after the sale is a booking change (api.booking_pickup: booking_changes
-- kind 'pickup', keyed by the client's key, audited).

create table pickup_points (
    id             bigserial primary key,
    tour_id        bigint not null references tours(id),
    name           text not null check (length(btrim(name)) between 1 and 200),
    minutes_before int check (minutes_before between 0 and 1440),
    at_time        time,
    position       int not null check (position >= 1),
    active         boolean not null default true,
    -- the request that made it: a retried `pickup add` returns it
    client_key     uuid unique,
    -- the request that deactivated it: a retried `pickup remove` answers it
    removal_key    uuid unique,
    staff_id       bigint references staff(id),
    device_id      bigint references devices(id),
    created_at     timestamptz not null default clock_timestamp(),
    removed_at     timestamptz,
    constraint pickup_points_one_time check ((minutes_before is null) <> (at_time is null))
);
create index pickup_points_tour on pickup_points (tour_id, position);
create unique index pickup_points_active_name on pickup_points (tour_id, lower(btrim(name))) where active;

alter table bookings add column pickup_point_id bigint references pickup_points(id);
create index bookings_pickup_point on bookings (pickup_point_id) where pickup_point_id is not null;

alter table booking_changes drop constraint booking_changes_kind_check;
alter table booking_changes add constraint booking_changes_kind_check
    check (kind in ('contact', 'participant', 'add_person', 'remove_person', 'pickup'));

-- (created here because the trigger needs it now; sql/core/td_booking_pickup.sql takes over)
create or replace function td_booking_pickup() returns trigger language plpgsql as $$
begin
    return new;
end $$;
create trigger bookings_pickup before insert or update of departure_id, pickup_point_id on bookings
    for each row execute function td_booking_pickup();

-- Nothing personal: the kiosk lists a tour's stops itself.
grant select on pickup_points to tourdesk_app;
grant select (pickup_point_id) on bookings to tourdesk_app;
