-- A cancelled departure frees its guides (migration 0027): their assignment
-- stays on record, inactive, and no longer keeps them from leading another
-- departure at that time.
create or replace function td_departure_crew_release() returns trigger language plpgsql as $$
begin
    update departure_guides set active = false where departure_id = new.id and active;
    return null;
end $$;
