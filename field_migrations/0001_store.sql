-- The field laptop's own SQLite file: what `tourdesk field prepare` took
-- along (rows as the core's JSON, read into memory when the store opens) and
-- the journal of what happened offline. The journal is the only thing
-- written per scan: one row, committed (WAL, synchronous=FULL) before the
-- verdict shows.

create table meta (
    key   text primary key,
    value text not null
);

create table departures (
    id   integer primary key,
    data text not null
);

create table bookings (
    id           integer primary key,
    departure_id integer not null,
    data         text not null
);

create table participants (
    id           integer primary key,
    departure_id integer not null,
    data         text not null
);

create table ticket_keys (
    id   integer primary key,
    data text not null
);

create table staff (
    id   integer primary key,
    data text not null
);

create table prices (
    departure_id integer not null,
    adults       integer not null,
    children     integer not null,
    data         text not null,
    primary key (departure_id, adults, children)
);

create table allotments (
    hold_id      integer primary key,
    departure_id integer not null,
    leased       integer not null,
    -- seats left when it was leased or last synced (offline sales since then are in the journal)
    left_seats   integer not null,
    expires_at   text not null,
    status       text not null default 'active'
);

create table journal (
    seq          integer primary key autoincrement,
    event_id     text not null unique,
    kind         text not null check (kind in ('check_in', 'sale')),
    departure_id integer,
    entry        text not null,
    device_time  text not null,
    synced_at    text,
    -- what the server made of it (JSON), a conflict it found, or why it could not be applied
    outcome      text,
    conflict     text,
    failed       text
);
create index journal_pending on journal (seq) where synced_at is null;
