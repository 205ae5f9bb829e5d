-- Changing a booking after the sale (issue 13, "change a booking"): the
-- contact, a participant's name and details, adding and removing people,
-- adult <-> child. The functions are files (sql/api/booking_change.sql,
-- participant_change.sql, booking_add_person.sql, booking_remove_person.sql;
-- sql/core/td_change_*.sql, td_booking_reprice.sql); this migration adds what
-- they keep.
--
-- booking_changes: one row per change, keyed by the client's key, with the
-- request and the answer. A retry with the same key and the same request is
-- answered from here as it was the first time (replayed), whatever happened
-- since; anything else under the key is IDEMPOTENCY_CONFLICT. One table for
-- the four kinds rather than a key column on each table a change touches: a
-- contact change writes no row of its own anywhere else.
create table booking_changes (
    id          bigserial primary key,
    client_key  uuid not null unique,
    booking_id  bigint not null references bookings(id),
    kind        text not null check (kind in ('contact', 'participant', 'add_person', 'remove_person')),
    request     jsonb not null,
    answer      jsonb not null,
    staff_id    bigint references staff(id),
    device_id   bigint references devices(id),
    session_id  bigint default nullif(current_setting('tourdesk.session_id', true), '')::bigint,
    at          timestamptz not null default clock_timestamp()
);
create index booking_changes_booking on booking_changes (booking_id);

-- A removed person leaves the booking: the participants table keeps only
-- the people who hold a seat (manifests, counters, tickets and the field
-- laptop read it as it is), and the row, with its check-in history (only
-- undone or duplicate scans: an accepted check-in must be undone first), is
-- kept here as it was. Personal data, like participants: no grant to the
-- application role; api.booking_remove_person answers what is needed.
create table removed_participants (
    id              bigserial primary key,
    participant_id  bigint not null unique,
    booking_id      bigint not null references bookings(id),
    departure_id    bigint not null,
    participant     jsonb not null,
    check_ins       jsonb not null default '[]',
    staff_id        bigint references staff(id),
    device_id       bigint references devices(id),
    removed_at      timestamptz not null default clock_timestamp()
);
create index removed_participants_booking on removed_participants (booking_id);

-- What every change answers (the four api functions return it): the
-- booking's party and money right after the change, and what the change did
-- to them. Stored as jsonb in booking_changes.answer and read back through
-- td_change_answer, so a replay answers exactly the first answer.
create type booking_change_answer as (
    booking_number     text,
    change             text,
    participant_id     bigint,
    adults             int,
    children           int,
    total_minor        bigint,
    -- what the change did to the total (negative: cheaper)
    price_change_minor bigint,
    -- taken now with an added person's payment
    charged_minor      bigint,
    refund_percent     int,
    refund_minor       bigint,
    paid_minor         bigint,
    refunded_minor     bigint,
    balance_minor      bigint,
    payment_status     text,
    currency           text,
    -- offers the freed seat made to the waitlist
    waitlist_offers    int,
    at                 timestamptz,
    replayed           boolean
);
