-- The active pickup points of a departure's tour, in route order, each with
-- the instant it collects people for this departure (td_pickup_at, in the
-- departure's zone): what a sale offers. Anyone logged in may read it:
-- nothing personal. None when the tour has no pickups.
create function api.pickup_points(p_session text, p_departure bigint)
returns table (pickup_point_id bigint, "position" int, name text, minutes_before int, at_time time,
               pickup_at timestamptz)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
declare
    d departures%rowtype;
begin
    perform td_authorize(p_session, 'read', 'list pickup points');
    select * into d from departures x where x.id = p_departure;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'departure', 'id', p_departure));
    end if;
    return query
    select p.id, p.position, p.name, p.minutes_before, p.at_time,
           td_pickup_at(p.minutes_before, p.at_time, d.starts_at, d.time_zone)
      from pickup_points p
     where p.tour_id = d.tour_id and p.active
     order by p.position, p.id;
end $$;
