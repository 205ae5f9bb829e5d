-- The waitlist count is on every kiosk's departure rows: a join, leave or
-- skip changes it without moving a seat, so the departures trigger alone
-- would not tell the other desks. Same channel, same payload.

create function td_waitlist_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('departure_changed', new.departure_id::text);
    return null;
end $$;

create trigger waitlist_entries_notify after insert or update of status, queue_seq on waitlist_entries
    for each row execute function td_waitlist_notify();
