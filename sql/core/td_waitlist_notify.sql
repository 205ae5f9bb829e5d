-- The waitlist count is on every kiosk's departure rows: a join, leave or
-- skip changes it without moving a seat, so the departures trigger alone
-- would not tell the other desks. Same channel, same payload.
-- Trigger: waitlist_entries_notify.
create or replace function td_waitlist_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('departure_changed', new.departure_id::text);
    return null;
end $$;
