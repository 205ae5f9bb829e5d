-- Resources and guides (issue 14): what carries a departure and who leads it.
--
-- A departure now has an end: ends_at, its start plus its tour's duration
-- when it is made (td_departure_span fills it), kept with the departure so
-- that a tour whose duration is edited later does not move the end of
-- departures already sold, nor make assignments overlap after the fact.
--
-- Resources (a vehicle, a boat, a helicopter, a raft, an equipment set) have
-- seats. A resource's seats bound every departure using it at overlapping
-- times, together: at any instant, the seats taken (booked + live holds) on
-- the departures it serves then are at most its seats — FareHarbor's shared
-- capacity ("max uses"). The bound is kept by the functions that take seats
-- (td_resource_room, under the resources' row locks), as a departure's own
-- capacity is; a CHECK cannot see other rows. has_resources on the departure
-- tells a sale whether it must take that slower path: it is part of the
-- fast path's conditional UPDATE, so a sale racing an assignment re-reads it
-- under the departure's lock and never skips the bound.
--
-- Guides are staff with the role guide. A guide cannot lead two departures
-- at overlapping times: an exclusion constraint on (guide, time range), so
-- that two managers assigning one guide at once cannot both succeed — the
-- second insert waits for the first and fails (btree_gist gives GiST the
-- equality on the guide's id; it ships with PostgreSQL's contrib and is a
-- trusted extension, which a database owner may create). A cancelled
-- departure frees its guides (the trigger below), as it frees its
-- resources' seats (cancelled departures count for no resource).
--
-- A resource can be out of service on a date (a broken helicopter):
-- departures using it that day sell nothing more (RESOURCE_OUT_OF_SERVICE)
-- and their bookings are listed for moving (api.resource_out_of_service).

create extension if not exists btree_gist;

alter table departures
    add column ends_at timestamptz,
    add column has_resources boolean not null default false;

-- (created here because the trigger needs it now; sql/core/td_departure_span.sql takes over)
create or replace function td_departure_span() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        if new.ends_at is null then
            select new.starts_at + make_interval(mins => t.duration_minutes) into new.ends_at
              from tours t where t.id = new.tour_id;
        end if;
    elsif new.starts_at is distinct from old.starts_at and new.ends_at is not distinct from old.ends_at then
        -- a start moved keeps its duration
        new.ends_at := new.starts_at + (old.ends_at - old.starts_at);
    end if;
    return new;
end $$;

update departures d set ends_at = d.starts_at + make_interval(mins => t.duration_minutes)
  from tours t where t.id = d.tour_id;
alter table departures
    alter column ends_at set not null,
    add constraint departures_ends_after_start check (ends_at > starts_at);
create trigger departures_span before insert or update of starts_at, ends_at on departures
    for each row execute function td_departure_span();

create table resources (
    id         bigserial primary key,
    name       text not null unique check (length(btrim(name)) between 1 and 200),
    kind       text not null check (kind in ('vehicle', 'boat', 'helicopter', 'raft', 'equipment_set')),
    seats      int  not null check (seats between 1 and 10000),
    -- the request that made it: a retried `resource add` returns it
    client_key uuid unique,
    staff_id   bigint references staff(id),
    device_id  bigint references devices(id),
    created_at timestamptz not null default clock_timestamp()
);

create table departure_resources (
    departure_id bigint not null references departures(id),
    resource_id  bigint not null references resources(id),
    client_key   uuid unique,
    staff_id     bigint references staff(id),
    device_id    bigint references devices(id),
    assigned_at  timestamptz not null default clock_timestamp(),
    primary key (departure_id, resource_id)
);
create index departure_resources_resource on departure_resources (resource_id, departure_id);

create table resource_outages (
    resource_id bigint not null references resources(id),
    day         date not null,
    note        text not null default '',
    client_key  uuid unique,
    staff_id    bigint references staff(id),
    device_id   bigint references devices(id),
    created_at  timestamptz not null default clock_timestamp(),
    primary key (resource_id, day)
);

create table departure_guides (
    departure_id bigint not null references departures(id),
    guide_id     bigint not null references staff(id),
    -- the departure's [starts_at, ends_at), copied: the constraint needs it here
    during       tstzrange not null,
    -- false once the departure is cancelled: the guide is free again
    active       boolean not null default true,
    client_key   uuid unique,
    staff_id     bigint references staff(id),
    device_id    bigint references devices(id),
    assigned_at  timestamptz not null default clock_timestamp(),
    primary key (departure_id, guide_id),
    constraint departure_guides_no_overlap exclude using gist (guide_id with =, during with &&) where (active)
);
create index departure_guides_guide on departure_guides (guide_id);

-- (created here because the trigger needs it now; sql/core/td_departure_crew_release.sql takes over)
create or replace function td_departure_crew_release() returns trigger language plpgsql as $$
begin
    update departure_guides set active = false where departure_id = new.id and active;
    return null;
end $$;
create trigger departures_crew_release after update of status on departures
    for each row when (new.status = 'cancelled' and old.status <> 'cancelled')
    execute function td_departure_crew_release();

-- What each resource leaves free for each departure it serves: its seats
-- less the most seats taken at any instant of the departure's time by the
-- departures it serves then, the least over the departure's resources
-- (seats_free); free is that, or 0 when one of them is out of service on
-- one of the departure's local days (out_of_service).
-- The busiest instant of an interval is some departure's start within it,
-- so those starts (and the departure's own) are the instants tried. Seats
-- taken: the counters (booked + held) less the holds that have expired but
-- are not yet reclaimed — dead the instant they expire, sweeper or not — an
-- allotment excepted until it is reclaimed, as a field laptop may sync sales
-- from it after the start (td_field_sell). From the counters, not the hold
-- rows: td_hold writes its row before it takes the seats. Cancelled
-- departures take nothing. A view, not a
-- function, so that the kiosk's listings (which may read no td_ function)
-- and the sales path (td_resource_free) count the same way.
create view departure_resource_free as
select mine.departure_id,
       min(r.seats - coalesce(peak.seats, 0))::int as seats_free,
       bool_or(exists (
           select 1 from resource_outages o
            where o.resource_id = mine.resource_id
              and o.day between (me.starts_at at time zone me.time_zone)::date
                            and ((me.ends_at - interval '1 microsecond') at time zone me.time_zone)::date))
           as out_of_service,
       case when bool_or(exists (
                select 1 from resource_outages o
                 where o.resource_id = mine.resource_id
                   and o.day between (me.starts_at at time zone me.time_zone)::date
                                 and ((me.ends_at - interval '1 microsecond') at time zone me.time_zone)::date))
            then 0
            else min(r.seats - coalesce(peak.seats, 0))::int end as free
  from departure_resources mine
  join departures me on me.id = mine.departure_id
  join resources r on r.id = mine.resource_id
  cross join lateral (
      select max(at_start.seats) as seats
        from departure_resources pdr
        join departures p on p.id = pdr.departure_id
        cross join lateral (
            select sum(x.booked + x.held - (select coalesce(sum(h.seats), 0) from holds h
                                             where h.departure_id = x.id and h.status = 'active'
                                               and h.expires_at <= clock_timestamp() and h.purpose <> 'allotment'))
                   as seats
              from departure_resources xdr
              join departures x on x.id = xdr.departure_id
             where xdr.resource_id = mine.resource_id and x.status <> 'cancelled'
               and x.starts_at <= greatest(p.starts_at, me.starts_at)
               and greatest(p.starts_at, me.starts_at) < x.ends_at
        ) at_start
       where pdr.resource_id = mine.resource_id and p.status <> 'cancelled'
         and p.starts_at < me.ends_at and me.starts_at < p.ends_at
  ) peak
 group by mine.departure_id;

-- Nothing here is anyone's personal data: the kiosk lists resources and
-- counts their seats itself.
grant select on resources, departure_resources, resource_outages, departure_guides, departure_resource_free
    to tourdesk_app;
