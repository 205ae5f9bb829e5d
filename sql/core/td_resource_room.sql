-- The resources' part of taking p_seats on a departure, called with the
-- departure locked (td_make_room, td_field_sell): a departure with
-- resources locks them (td_lock_resources), sells nothing on a day one of
-- them is out of service (RESOURCE_OUT_OF_SERVICE), and refuses when any of
-- them has fewer than p_seats free at some instant of the departure's time
-- — SOLD_OUT with the smaller of the departure's free seats and the
-- resource's, so a refusal is true whichever bound decided it. p_returning:
-- seats of the caller's own live hold that it gives back (counted in the
-- resource's seats taken until then). Returns the resources' free seats
-- (null without resources).
create or replace function td_resource_room(p_departure bigint, p_seats int, p_returning int) returns int
language plpgsql as $$
declare
    d departures%rowtype;
    o record;
    v_free int;
begin
    select * into d from departures where id = p_departure;
    if not d.has_resources then
        return null;
    end if;
    perform td_lock_resources(array[p_departure]);
    select * into o from td_resource_outage(p_departure);
    if o.resource_id is not null then
        perform td_raise('RESOURCE_OUT_OF_SERVICE', jsonb_build_object(
            'departure_id', p_departure, 'resource_id', o.resource_id, 'resource', o.resource, 'day', o.day));
    end if;
    v_free := td_resource_free(p_departure) + p_returning;
    if v_free < p_seats then
        perform td_raise('SOLD_OUT', jsonb_build_object(
            'departure_id', p_departure, 'requested', p_seats,
            'free', greatest(least(v_free, d.capacity - d.booked - d.held + p_returning), 0),
            'shared_resource', true));
    end if;
    return v_free;
end $$;
