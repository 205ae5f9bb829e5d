-- Changes a resource's seats (a manager's; the resource by name, case
-- aside), 1 to 10000. Raising is always possible. Lowering is refused with
-- RESOURCE_BUSY when, at some instant of a departure still to come that the
-- resource serves, the seats taken on the departures it serves then (booked
-- and live holds, as a sale counts them: the view departure_resource_free)
-- exceed the new seats: the answer lists those departures, what each takes,
-- and the seats needed (`new_seats` tells it from an assignment's refusal).
-- Under the resource's row lock, which every sale on those departures takes
-- (td_lock_resources): no sale decides on the old seats after the check.
--
-- Idempotent on p_key (resource_edits keeps it): a retry answers the first
-- edit (replayed), the key for another resource or seats is
-- IDEMPOTENCY_CONFLICT. The seats it has already change nothing (changed =
-- false). Audited as resource.edited with the seats before and after.
create function api.resource_edit(p_session text, p_resource text, p_seats int, p_key uuid)
returns table (resource_id bigint, name text, kind text, seats int, seats_before int,
               changed boolean, replayed boolean)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
declare
    s sessions%rowtype;
    r resources%rowtype;
    e resource_edits%rowtype;
    v_free int;
    v_conflicts jsonb;
begin
    s := td_authorize(p_session, 'manage_departures', 'edit resources');
    if p_key is null then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'key', 'problem', 'a write needs a key'));
    end if;
    if p_seats is null or p_seats not between 1 and 10000 then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'seats', 'problem', '1 to 10000 seats'));
    end if;
    select x.id into r.id from resources x where lower(x.name) = lower(btrim(coalesce(p_resource, '')))
     order by x.name = btrim(p_resource) desc, x.id limit 1;
    if r.id is null then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'resource', 'id', p_resource));
    end if;
    select * into r from resources x where x.id = r.id for update;
    select * into e from resource_edits x where x.client_key = p_key;
    if found then
        if (e.resource_id, e.seats) is distinct from (r.id, p_seats) then
            perform td_raise('IDEMPOTENCY_CONFLICT', jsonb_build_object('key', p_key));
        end if;
        return query select r.id, r.name, r.kind, e.seats, e.seats_before, e.seats <> e.seats_before, true;
        return;
    end if;
    insert into resource_edits (resource_id, seats_before, seats, client_key, staff_id, device_id)
    values (r.id, r.seats, p_seats, p_key, s.staff_id, s.device_id);
    if p_seats = r.seats then
        return query select r.id, r.name, r.kind, r.seats, r.seats, false, false;
        return;
    end if;
    update resources x set seats = p_seats where x.id = r.id;
    if p_seats < r.seats then
        -- the departures still to come that would be oversold, and by how much
        select min(f.seats_free),
               jsonb_agg(jsonb_build_object(
                   'departure_id', d.id, 'tour', t.name, 'starts_at', d.starts_at, 'ends_at', d.ends_at,
                   'booked', d.booked + d.held) order by d.starts_at, d.id)
          into v_free, v_conflicts
          from departure_resources dr
          join departure_resource_free f on f.departure_id = dr.departure_id
          join departures d on d.id = dr.departure_id
          join tours t on t.id = d.tour_id
         where dr.resource_id = r.id and d.status <> 'cancelled' and d.ends_at > clock_timestamp()
           and f.seats_free < 0;
        if v_conflicts is not null then
            perform td_raise('RESOURCE_BUSY', jsonb_build_object(
                'resource_id', r.id, 'resource', r.name, 'seats', r.seats, 'new_seats', p_seats,
                'needed', p_seats - v_free, 'conflicts', v_conflicts));
        end if;
    end if;
    insert into audit_log (staff_id, device_id, action, details)
    values (s.staff_id, s.device_id, 'resource.edited',
            jsonb_build_object('resource_id', r.id, 'resource', r.name, 'seats_before', r.seats,
                               'seats', p_seats, 'key', p_key));
    return query select r.id, r.name, r.kind, p_seats, r.seats, true, false;
end $$;
