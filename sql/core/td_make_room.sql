-- Slow path of every seat-taking mutation: lock the departure (waiting, bounded
-- by lock_timeout), reclaim expired holds, then either return (the seats fit:
-- the caller applies its update while still holding the lock) or raise the
-- precise reason. p_returning: seats of the caller's own hold that it gives back.
-- A departure with resources is bounded by them too (td_resource_room: their
-- locks, after the departure's), so every sale, hold, offer taken, move and
-- added person that comes through here respects a shared resource.
create or replace function td_make_room(p_departure bigint, p_seats int, p_returning int, p_offer_ttl interval,
                             p_staff bigint, p_device bigint) returns void
language plpgsql as $$
declare
    d departures%rowtype;
begin
    d := td_lock_open(p_departure);
    if d.booked + d.held - p_returning + p_seats > d.capacity then
        -- seats of dead holds (and missed offers) go to the waitlist first: a
        -- party that waited is offered them before this caller gets the rest
        if td_reclaim_expired(p_departure, p_staff, p_device) > 0 then
            perform td_promote_waitlist(p_departure, p_offer_ttl, p_staff, p_device);
        end if;
        select * into d from departures where id = p_departure;
        if d.booked + d.held - p_returning + p_seats > d.capacity then
            perform td_raise('SOLD_OUT', jsonb_build_object(
                'departure_id', p_departure, 'requested', p_seats,
                'free', greatest(d.capacity - d.booked - d.held + p_returning, 0)));
        end if;
    end if;
    -- then the seats its resources leave (migration 0027), under their locks
    perform td_resource_room(p_departure, p_seats, p_returning);
end $$;
