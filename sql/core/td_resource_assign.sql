-- Assigns resource p_resource to departure p_departure still to come: the
-- one implementation behind api.resource_assign (a manager's, by hand) and
-- api.schedule_apply / api.schedule_edit (a rule's resources). Refused when
-- the resource is out of service on the departure's day
-- (RESOURCE_OUT_OF_SERVICE), or when its seats cannot carry the seats
-- already taken on this departure together with those of the departures it
-- serves at overlapping times (RESOURCE_BUSY, naming them and what each
-- takes). Assigned, the resource bounds the sales of every departure it
-- serves (td_resource_room).
--
-- Locks: the departure, then its resources and this one in id order (the
-- core's order, td_lock_resources). has_resources is set under the
-- departure's lock: a sale's fast path re-reads it there. The row is
-- inserted before the checks (the view departure_resource_free counts it):
-- a refusal raises, and the caller's transaction — or the schedule apply's
-- block around this call — takes the row back.
--
-- p_key (the assignment row keeps it) makes a retry answer the first
-- assignment (replayed); null (a rule's assignment: the apply's own key
-- covers the retry) skips that. The same assignment made before changes
-- nothing (changed = false). Audited as resource.assigned, with p_audit's
-- fields added (a rule's: its schedule_id).
create or replace function td_resource_assign(p_departure bigint, p_resource bigint, p_staff bigint,
                                              p_device bigint, p_key uuid, p_audit jsonb default '{}')
returns table (departure_id bigint, resource_id bigint, resource text, seats int, free int,
               changed boolean, replayed boolean)
language plpgsql as $$
#variable_conflict use_column
declare
    d departures%rowtype;
    r resources%rowtype;
    a departure_resources%rowtype;
    o record;
    v_free int;
    v_taken int;
begin
    select * into r from resources x where x.id = p_resource;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'resource', 'id', p_resource));
    end if;
    d := td_lock_open(p_departure);
    perform 1 from resources x
     where x.id = r.id or x.id in (select dr.resource_id from departure_resources dr where dr.departure_id = d.id)
     order by x.id
       for update;
    if p_key is not null then
        select * into a from departure_resources x where x.client_key = p_key;
        if found then
            if a.departure_id <> d.id or a.resource_id <> r.id then
                perform td_raise('IDEMPOTENCY_CONFLICT', jsonb_build_object('key', p_key));
            end if;
            return query select d.id, r.id, r.name, r.seats, td_resource_free(d.id), true, true;
            return;
        end if;
    end if;
    if exists (select 1 from departure_resources x where x.departure_id = d.id and x.resource_id = r.id) then
        return query select d.id, r.id, r.name, r.seats, td_resource_free(d.id), false, false;
        return;
    end if;
    insert into departure_resources (departure_id, resource_id, client_key, staff_id, device_id)
    values (d.id, r.id, p_key, p_staff, p_device);
    update departures x set has_resources = true where x.id = d.id and not x.has_resources;
    -- this resource's days out (another resource of the departure being out is
    -- why a manager assigns this one)
    select x.day into o from resource_outages x
     where x.resource_id = r.id
       and x.day between (d.starts_at at time zone d.time_zone)::date
                     and ((d.ends_at - interval '1 microsecond') at time zone d.time_zone)::date
     order by x.day limit 1;
    if found then
        perform td_raise('RESOURCE_OUT_OF_SERVICE', jsonb_build_object(
            'departure_id', d.id, 'resource_id', r.id, 'resource', r.name, 'day', o.day));
    end if;
    -- the seats, out of service or not (the others' seats fitted before:
    -- only this one's can fall short)
    select f.seats_free into v_free from departure_resource_free f where f.departure_id = d.id;
    if v_free < 0 then
        v_taken := d.booked + d.held - (select coalesce(sum(h.seats), 0) from holds h
                                         where h.departure_id = d.id and h.status = 'active'
                                           and h.expires_at <= clock_timestamp() and h.purpose <> 'allotment');
        perform td_raise('RESOURCE_BUSY', jsonb_build_object(
            'resource_id', r.id, 'resource', r.name, 'seats', r.seats, 'departure_id', d.id,
            'taken', v_taken, 'free', greatest(v_free + v_taken, 0),
            'conflicts', (select coalesce(jsonb_agg(jsonb_build_object(
                               'departure_id', x.id, 'tour', t.name, 'starts_at', x.starts_at,
                               'ends_at', x.ends_at, 'booked', x.booked) order by x.starts_at, x.id), '[]')
                            from departure_resources xdr
                            join departures x on x.id = xdr.departure_id
                            join tours t on t.id = x.tour_id
                           where xdr.resource_id = r.id and x.id <> d.id and x.status <> 'cancelled'
                             and x.starts_at < d.ends_at and d.starts_at < x.ends_at)));
    end if;
    insert into audit_log (staff_id, device_id, action, departure_id, details)
    values (p_staff, p_device, 'resource.assigned', d.id,
            jsonb_build_object('resource_id', r.id, 'resource', r.name, 'seats', r.seats, 'free', v_free,
                               'key', p_key) || coalesce(p_audit, '{}'));
    return query select d.id, r.id, r.name, r.seats, td_resource_free(d.id), true, false;
end $$;
