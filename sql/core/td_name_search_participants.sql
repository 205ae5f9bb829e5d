-- Keeps name_search_words (migration 0025) for participants: the words of
-- each participant's name, with the booking's date. After an insert, once
-- per statement over its new rows; after an update of the name or the
-- booking, and after a delete (a person removed from a party), for that row.
-- Triggers: participants_name_search_insert, _update, _delete.
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
