-- Returns a resource to service on a (local) date it was taken out of
-- (a manager's; api.resource_out_of_service): the departures using it that
-- day sell again, unless another of their resources is out too. Under the
-- resource's row lock, as taking it out is. Idempotent by itself: a day it
-- is not out changes nothing (changed = false) — so a retry after someone
-- took it out again would return it again, as `resource unassign` would.
-- Audited as resource.in_service with the outage's note and the departures
-- of that day; answers those departures (ids, earliest first).
create function api.resource_in_service(p_session text, p_resource text, p_day date)
returns table (resource_id bigint, resource text, day date, changed boolean, departures bigint[])
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
declare
    s sessions%rowtype;
    r resources%rowtype;
    o resource_outages%rowtype;
    v_departures bigint[];
begin
    s := td_authorize(p_session, 'manage_departures', 'return resources to service');
    if p_day is null then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'date', 'problem', 'a date (YYYY-MM-DD)'));
    end if;
    select x.id into r.id from resources x where lower(x.name) = lower(btrim(coalesce(p_resource, '')))
     order by x.name = btrim(p_resource) desc, x.id limit 1;
    if r.id is null then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'resource', 'id', p_resource));
    end if;
    select * into r from resources x where x.id = r.id for update;
    v_departures := array(
        select d.id from departure_resources dr join departures d on d.id = dr.departure_id
         where dr.resource_id = r.id and d.status <> 'cancelled'
           and p_day between (d.starts_at at time zone d.time_zone)::date
                         and ((d.ends_at - interval '1 microsecond') at time zone d.time_zone)::date
         order by d.starts_at, d.id);
    delete from resource_outages x where x.resource_id = r.id and x.day = p_day returning * into o;
    if found then
        insert into audit_log (staff_id, device_id, action, details)
        values (s.staff_id, s.device_id, 'resource.in_service',
                jsonb_build_object('resource_id', r.id, 'resource', r.name, 'day', p_day, 'note', o.note,
                                   'out_since', o.created_at, 'departures', to_jsonb(v_departures)));
    end if;
    return query select r.id, r.name, p_day, o.resource_id is not null, v_departures;
end $$;
