-- A departure's end (migration 0027): its start plus its tour's duration when
-- it is made, unless given; a start that moves keeps the duration. Kept on
-- the departure so that editing a tour's duration later moves no end of a
-- departure already sold or staffed.
create or replace function td_departure_span() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        if new.ends_at is null then
            select new.starts_at + make_interval(mins => t.duration_minutes) into new.ends_at
              from tours t where t.id = new.tour_id;
        end if;
    elsif new.starts_at is distinct from old.starts_at and new.ends_at is not distinct from old.ends_at then
        -- a start moved keeps its duration
        new.ends_at := new.starts_at + (old.ends_at - old.starts_at);
    end if;
    return new;
end $$;
