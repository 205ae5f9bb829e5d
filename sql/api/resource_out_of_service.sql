-- Takes a resource out of service for a date (a manager's; e.g. the
-- helicopter is in maintenance): from now on nothing more is sold on the
-- departures using it on that (local) day (RESOURCE_OUT_OF_SERVICE), and
-- their confirmed bookings are answered, to be moved (`booking move`, or
-- another resource assigned). Under the resource's lock, which every sale on
-- those departures takes: a sale decided before it counts, none after.
-- Idempotent: the same resource and day again adds nothing (created =
-- false) and lists the bookings as they are now; a key used for another
-- resource or day is IDEMPOTENCY_CONFLICT. Audited as
-- resource.out_of_service with the departures affected.
create function api.resource_out_of_service(p_session text, p_resource text, p_day date, p_note text, p_key uuid)
returns table (resource_id bigint, resource text, day date, created boolean, departures bigint[], bookings jsonb)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
declare
    s sessions%rowtype;
    r resources%rowtype;
    prior resource_outages%rowtype;
    v_created boolean;
    v_departures bigint[];
    v_bookings jsonb;
begin
    s := td_authorize(p_session, 'manage_departures', 'take resources out of service');
    if p_key is null then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'key', 'problem', 'a write needs a key'));
    end if;
    if p_day is null then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'date', 'problem', 'a date (YYYY-MM-DD)'));
    end if;
    perform td_check_text('note', p_note, 500, false);
    select * into r from resources x where lower(x.name) = lower(btrim(coalesce(p_resource, '')))
     order by x.name = btrim(p_resource) desc, x.id limit 1;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'resource', 'id', p_resource));
    end if;
    perform 1 from resources x where x.id = r.id for update;
    select * into prior from resource_outages x where x.client_key = p_key;
    if found and (prior.resource_id, prior.day) is distinct from (r.id, p_day) then
        perform td_raise('IDEMPOTENCY_CONFLICT', jsonb_build_object('key', p_key));
    end if;
    insert into resource_outages (resource_id, day, note, client_key, staff_id, device_id)
    values (r.id, p_day, coalesce(p_note, ''), p_key, s.staff_id, s.device_id)
    on conflict do nothing;
    v_created := found;
    v_departures := array(
        select d.id from departure_resources dr join departures d on d.id = dr.departure_id
         where dr.resource_id = r.id and d.status <> 'cancelled'
           and p_day between (d.starts_at at time zone d.time_zone)::date
                         and ((d.ends_at - interval '1 microsecond') at time zone d.time_zone)::date
         order by d.starts_at, d.id);
    select coalesce(jsonb_agg(jsonb_build_object(
               'booking_number', b.booking_number, 'departure_id', d.id, 'tour', t.name,
               'starts_at', d.starts_at, 'time_zone', d.time_zone, 'contact_name', b.contact_name,
               'contact_phone', b.contact_phone, 'seats', b.seats) order by d.starts_at, d.id, b.id), '[]')
      into v_bookings
      from bookings b join departures d on d.id = b.departure_id join tours t on t.id = d.tour_id
     where b.departure_id = any (v_departures) and b.status = 'confirmed';
    if v_created then
        insert into audit_log (staff_id, device_id, action, details)
        values (s.staff_id, s.device_id, 'resource.out_of_service',
                jsonb_build_object('resource_id', r.id, 'resource', r.name, 'day', p_day, 'note', coalesce(p_note, ''),
                                   'departures', to_jsonb(v_departures),
                                   'bookings', jsonb_array_length(v_bookings), 'key', p_key));
    end if;
    return query select r.id, r.name, p_day, v_created, v_departures, v_bookings;
end $$;
