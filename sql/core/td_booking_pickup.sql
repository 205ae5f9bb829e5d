-- A booking's pickup point is one of its departure's tour (migration 0030),
-- whoever writes the row: a point of another tour is PICKUP_NOT_ON_TOUR; a
-- booking moved to a departure of another tour loses its pickup (the old
-- tour's stops mean nothing there). Whether the point is still active is
-- the api's check (api.book, api.booking_pickup): a point removed later
-- stays on the bookings that chose it.
create or replace function td_booking_pickup() returns trigger language plpgsql as $$
declare
    v_tour bigint;
begin
    if new.pickup_point_id is null then
        return new;
    end if;
    select d.tour_id into v_tour from departures d where d.id = new.departure_id;
    if exists (select 1 from pickup_points p where p.id = new.pickup_point_id and p.tour_id = v_tour) then
        return new;
    end if;
    if tg_op = 'UPDATE' and new.departure_id <> old.departure_id
       and new.pickup_point_id is not distinct from old.pickup_point_id then
        new.pickup_point_id := null;
        return new;
    end if;
    perform td_raise('PICKUP_NOT_ON_TOUR', jsonb_build_object(
        'pickup_point_id', new.pickup_point_id, 'departure_id', new.departure_id,
        'tour', coalesce((select t.name from tours t where t.id = v_tour), '')));
    return new;
end $$;
