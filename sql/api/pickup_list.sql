-- Every pickup point of a tour (by name, case aside), removed ones too, in
-- route order (active first), with how many confirmed bookings on
-- departures still to come chose each. Anyone logged in may read it.
create function api.pickup_list(p_session text, p_tour text)
returns table (pickup_point_id bigint, tour text, "position" int, name text, minutes_before int, at_time time,
               active boolean, bookings int)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
declare
    t tours%rowtype;
begin
    perform td_authorize(p_session, 'read', 'list pickup points');
    select * into t from tours x where lower(x.name) = lower(btrim(coalesce(p_tour, '')))
     order by x.name = btrim(p_tour) desc, x.id limit 1;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'tour', 'id', p_tour));
    end if;
    return query
    select p.id, t.name, p.position, p.name, p.minutes_before, p.at_time, p.active,
           (select count(*)::int from bookings b join departures d on d.id = b.departure_id
             where b.pickup_point_id = p.id and b.status = 'confirmed' and d.status <> 'cancelled'
               and d.ends_at > clock_timestamp())
      from pickup_points p
     where p.tour_id = t.id
     order by p.active desc, p.position, p.id;
end $$;
