-- Recurring schedules (issue 14): a rule makes departures, so a manager no
-- longer adds a season one departure at a time.
--
-- A rule is a tour, ISO days of the week (1 Monday … 7 Sunday), local times
-- of day, a range of local dates, and what each departure gets: capacity,
-- adult/child prices in minor units with a currency, a meeting point, a time
-- zone. Departures are priced as api.add_departure prices a hand-added one
-- (base prices on the row, the pricing rules applied by td_quote at sale),
-- so a generated departure sells exactly like any other.
--
-- Why local times and a local start on the departure: "07:00 every Monday"
-- means 07:00 on the wall clock of the rule's zone, summer and winter; the
-- instant is computed per date (`(date + time) at time zone`), never by
-- adding days to an instant. The departure keeps the rule's id and the
-- local start it was made for, and (schedule_id, schedule_local_start) is
-- unique: an apply inserts with ON CONFLICT DO NOTHING, so re-applying adds
-- only what is missing and two applies racing cannot make one start twice.
-- A local time that does not exist on a date (a spring-forward gap) is
-- placed where PostgreSQL puts it (an hour later on the wall clock) and the
-- preview says it moved.
--
-- Exceptions are per local date: 'skip' (no departure that day; a departure
-- already made without bookings is cancelled — departures are never
-- deleted) or 'add' (a date outside the days or the range gets the rule's
-- times). One exception per date: the later one replaces the earlier.
--
-- schedule_writes makes every write of a rule idempotent on the client's key:
-- the first answer is kept and a retry with the same request returns it
-- (replayed); another request under the same key is IDEMPOTENCY_CONFLICT.
-- Resources and guides are not part of a rule yet (they come with the
-- resources work of the same issue).

create table schedules (
    id                bigserial primary key,
    tour_id           bigint not null references tours(id),
    days              smallint[] not null
                          check (cardinality(days) between 1 and 7 and days <@ array[1, 2, 3, 4, 5, 6, 7]::smallint[]),
    times             time[] not null check (cardinality(times) between 1 and 48),
    valid_from        date not null,
    valid_to          date not null,
    time_zone         text not null check ((timestamptz '2000-01-01 00:00+00' at time zone time_zone) is not null),
    capacity          int not null check (capacity between 1 and 1000000),
    adult_price_minor bigint not null check (adult_price_minor between 0 and 100000000000),
    child_price_minor bigint not null check (child_price_minor between 0 and 100000000000),
    currency          text not null check (currency ~ '^[A-Z]{3}$'),
    meeting_point     text not null default '',
    -- bumped by every edit (the audit names the revision a change made)
    revision          int not null default 1,
    staff_id          bigint references staff(id),
    device_id         bigint references devices(id),
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    constraint schedules_range check (valid_from <= valid_to)
);

create table schedule_exceptions (
    schedule_id bigint not null references schedules(id),
    local_date  date not null,
    kind        text not null check (kind in ('skip', 'add')),
    staff_id    bigint references staff(id),
    device_id   bigint references devices(id),
    created_at  timestamptz not null default now(),
    primary key (schedule_id, local_date)
);

create table schedule_writes (
    client_key  uuid primary key,
    schedule_id bigint references schedules(id),
    action      text not null check (action in ('add', 'apply', 'edit', 'skip', 'add_date')),
    request     jsonb not null,
    result      jsonb not null,
    staff_id    bigint references staff(id),
    device_id   bigint references devices(id),
    created_at  timestamptz not null default now()
);

-- Only generated departures carry these; a hand-added one has neither. The
-- foreign key costs nothing on the sales path: a sale's UPDATE does not
-- change schedule_id, and PostgreSQL checks a foreign key only when it does.
alter table departures
    add column schedule_id bigint references schedules(id),
    add column schedule_local_start timestamp,
    add constraint departures_schedule_pair check ((schedule_id is null) = (schedule_local_start is null));
create unique index departures_schedule_start on departures (schedule_id, schedule_local_start)
    where schedule_id is not null;

-- schedules carry no personal data: the application role may read them
-- (writes go through the api functions, as everywhere)
grant select on schedules, schedule_exceptions to tourdesk_app;
