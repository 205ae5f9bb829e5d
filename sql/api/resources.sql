-- Every resource with its kind and seats, the departures still to come that
-- use it (ids, earliest first) and its days out of service from today on (in
-- the operator's zone). Anyone logged in may read it: nothing personal.
create function api.resources(p_session text)
returns table (resource_id bigint, name text, kind text, seats int, departures bigint[], out_of_service date[])
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
declare
    s sessions%rowtype;
begin
    s := td_authorize(p_session, 'read', 'list resources');
    return query
    select r.id, r.name, r.kind, r.seats,
           array(select d.id from departure_resources dr join departures d on d.id = dr.departure_id
                  where dr.resource_id = r.id and d.ends_at > clock_timestamp() and d.status <> 'cancelled'
                  order by d.starts_at, d.id),
           array(select o.day from resource_outages o
                  where o.resource_id = r.id
                    and o.day >= (clock_timestamp() at time zone (select x.time_zone from operator_settings x))::date
                  order by o.day)
      from resources r
     order by r.name;
end $$;
