-- Personal data at rest is sealed (issue 11, field::seal): bookings,
-- participants, staff and each journal entry with what the server said of
-- it are stored as XChaCha20-Poly1305 records under the store's data key;
-- the key is kept only wrapped (argon2id) under the PINs of the staff the
-- store was prepared for. Nothing here checks a PIN: there is no hash.
create table wraps (
    staff_id integer primary key,
    -- field::seal::Wrap as JSON: salt, nonce, the sealed key (no personal data)
    data     text not null
);

-- what an offline sale took from an allotment, readable without a PIN (so
-- `field status` counts seats left while the store is sealed)
alter table journal add column hold_id integer;
alter table journal add column seats integer;

-- A store made before held personal data in plain text: it goes, and the
-- laptop is prepared again. (A store with unsynced entries is refused
-- before this runs: see field::FieldStore::open.) The connection deletes
-- with secure_delete on, so the freed pages are zeroed.
delete from bookings;
delete from participants;
delete from staff;
delete from departures;
delete from prices;
delete from journal;
delete from meta where key in ('prepared_at', 'prepared_seq');
