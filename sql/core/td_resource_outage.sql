-- The first resource of a departure that is out of service on one of the
-- departure's local days, if any.
-- PL/pgSQL, not SQL, to keep its plan: every sale on a departure with
-- resources calls it under the resource's lock (see td_resource_free).
create or replace function td_resource_outage(p_departure bigint,
                                              out resource_id bigint, out resource text, out day date)
language plpgsql as $$
#variable_conflict use_column
begin
    select r.id, r.name, o.day into resource_id, resource, day
      from departures d
      join departure_resources dr on dr.departure_id = d.id
      join resources r on r.id = dr.resource_id
      join resource_outages o on o.resource_id = r.id
     where d.id = p_departure
       and o.day between (d.starts_at at time zone d.time_zone)::date
                     and ((d.ends_at - interval '1 microsecond') at time zone d.time_zone)::date
     order by o.day, r.id
     limit 1;
end $$;
