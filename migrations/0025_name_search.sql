-- Name search in bounded steps (issue 13: p99 ≤ 20 ms over 200,000 bookings).
--
-- The GIN indexes of 0019 answer "which names have these words" all at
-- once: a common surname (~5,000 contact and participant names in the bench)
-- or a 4-letter prefix came back whole, and each match was read from its
-- table for the booking's date and sorted before the first 20 were kept
-- (bench search: p99 35 ms for common surnames, 76 ms for prefixes). The
-- page wants only the newest 20 of the best matches.
--
-- name_search_words: one row per word of every contact's and participant's
-- name (the lexemes of their name_words), with its booking's date, in a
-- btree ordered by (word, date newest first). The bookings with a whole word
-- are read newest first and the reading stops when the page is full; the
-- words that start with a prefix are one range of the same index. The name's
-- whole tsvector rides in the index (INCLUDE), so the other words of the
-- query are checked on the index tuple, not on the tables.
--
-- Kept by triggers on bookings and participants rather than by each write
-- function, as 0019 keeps its generated columns: no path that writes a name,
-- now or later, can forget it. Inserts are statement-level triggers with
-- transition tables (one insert per statement, whatever its size: the bench
-- writes 5,000 bookings at a time); an update that changes a name or a date,
-- and a removed participant, are row-level (rare, and a WHEN clause lets
-- every other update of a booking pass at no cost). The application role gets
-- no grant: it reads names only through api functions.
create table name_search_words (
    word           text collate "C" not null,
    created_at     timestamptz not null,     -- the booking's: newest first
    booking_id     bigint not null,
    participant_id bigint,                   -- null: the booking's contact
    name_words     tsvector not null         -- the whole name, for the query's other words
);
create index name_search_words_newest on name_search_words (word, created_at desc, booking_id desc) include (name_words);
create index name_search_words_owner on name_search_words (booking_id, participant_id);

-- the files in sql/core take over after the migrations; the triggers need them now
create or replace function td_name_search_bookings() returns trigger
language plpgsql as $$
begin
    if tg_level = 'STATEMENT' then
        insert into name_search_words (word, created_at, booking_id, participant_id, name_words)
        select w, n.created_at, n.id, null, n.name_words
          from new_rows n, unnest(tsvector_to_array(n.name_words)) w;
        return null;
    end if;
    if new.created_at is distinct from old.created_at then
        update name_search_words s set created_at = new.created_at where s.booking_id = new.id;
    end if;
    if new.name_words is distinct from old.name_words then
        delete from name_search_words s where s.booking_id = new.id and s.participant_id is null;
        insert into name_search_words (word, created_at, booking_id, participant_id, name_words)
        select w, new.created_at, new.id, null, new.name_words
          from unnest(tsvector_to_array(new.name_words)) w;
    end if;
    return null;
end $$;

create or replace function td_name_search_participants() returns trigger
language plpgsql as $$
begin
    if tg_level = 'STATEMENT' then
        insert into name_search_words (word, created_at, booking_id, participant_id, name_words)
        select w, b.created_at, p.booking_id, p.id, p.name_words
          from new_rows p join bookings b on b.id = p.booking_id, unnest(tsvector_to_array(p.name_words)) w;
        return null;
    end if;
    delete from name_search_words s where s.booking_id = old.booking_id and s.participant_id = old.id;
    if tg_op = 'UPDATE' then
        insert into name_search_words (word, created_at, booking_id, participant_id, name_words)
        select w, b.created_at, new.booking_id, new.id, new.name_words
          from bookings b, unnest(tsvector_to_array(new.name_words)) w
         where b.id = new.booking_id;
    end if;
    return null;
end $$;

create trigger bookings_name_search_insert after insert on bookings
    referencing new table as new_rows
    for each statement execute function td_name_search_bookings();
create trigger bookings_name_search_update after update of contact_name, created_at on bookings
    for each row when (new.name_words is distinct from old.name_words or new.created_at is distinct from old.created_at)
    execute function td_name_search_bookings();
create trigger participants_name_search_insert after insert on participants
    referencing new table as new_rows
    for each statement execute function td_name_search_participants();
create trigger participants_name_search_update after update of name, booking_id on participants
    for each row when (new.name_words is distinct from old.name_words or new.booking_id is distinct from old.booking_id)
    execute function td_name_search_participants();
create trigger participants_name_search_delete after delete on participants
    for each row execute function td_name_search_participants();

insert into name_search_words (word, created_at, booking_id, participant_id, name_words)
select w, b.created_at, b.id, null, b.name_words
  from bookings b, unnest(tsvector_to_array(b.name_words)) w;
insert into name_search_words (word, created_at, booking_id, participant_id, name_words)
select w, b.created_at, p.booking_id, p.id, p.name_words
  from participants p join bookings b on b.id = p.booking_id, unnest(tsvector_to_array(p.name_words)) w;

-- nothing reads the GIN indexes any more (sql/api/find.sql); each was one
-- more index to write on every sale
drop index bookings_name_words;
drop index participants_name_words;

-- What api.find and api.customer_bookings answer, defined once (each
-- repeated the eighteen columns; td_found reads them)
create type booking_found as (
    booking_id bigint,
    booking_number text,
    confirmation_code text,
    departure_id bigint,
    tour text,
    starts_at timestamptz,
    time_zone text,
    status text,
    payment_status text,
    adults integer,
    children integer,
    contact_name text,
    contact_phone text,
    contact_email text,
    created_at timestamptz,
    rank integer,
    matched text,
    matched_text text);
