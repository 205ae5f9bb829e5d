-- Offline returns (issue 14): the journal records a third kind of entry,
-- `return`. SQLite cannot change a CHECK in place: the journal is copied
-- into a table with the new one (every column and sequence number kept),
-- inside this migration's transaction.
create table journal_new (
    seq          integer primary key autoincrement,
    event_id     text not null unique,
    kind         text not null check (kind in ('check_in', 'sale', 'return')),
    departure_id integer,
    entry        text not null,
    device_time  text not null,
    synced_at    text,
    outcome      text,
    conflict     text,
    failed       text,
    wall_time    text,
    clock        text,
    time_source  text,
    hold_id      integer,
    seats        integer
);
insert into journal_new (seq, event_id, kind, departure_id, entry, device_time, synced_at, outcome, conflict, failed,
                         wall_time, clock, time_source, hold_id, seats)
select seq, event_id, kind, departure_id, entry, device_time, synced_at, outcome, conflict, failed,
       wall_time, clock, time_source, hold_id, seats
  from journal;
drop table journal;
alter table journal_new rename to journal;
create index journal_pending on journal (seq) where synced_at is null;
