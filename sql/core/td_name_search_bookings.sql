-- Keeps name_search_words (migration 0025) for bookings: the words of a
-- contact's name, with the booking's date. After an insert, once per
-- statement over its new rows (a bulk insert is one insert here too); after
-- an update that changed the name or the date (the trigger's WHEN), for that
-- row — a new date moves the participants' words with it. Triggers:
-- bookings_name_search_insert, bookings_name_search_update.
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
