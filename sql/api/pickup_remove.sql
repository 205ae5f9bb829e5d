-- Removes a pickup point (a manager's): it is deactivated, not deleted — a
-- sale can no longer choose it, and the confirmed bookings on departures
-- still to come that chose it keep it and are listed (with contacts), to be
-- told and given another stop (`booking pickup`). The route's other points
-- keep their order.
--
-- Idempotent on p_key (kept on the point): a retry answers as the first time
-- (replayed); the key used for another point is IDEMPOTENCY_CONFLICT; a
-- point removed before under another key changes nothing (changed = false).
-- Audited as pickup.removed.
create function api.pickup_remove(p_session text, p_point bigint, p_key uuid)
returns table (pickup_point_id bigint, tour text, name text, changed boolean, replayed boolean, bookings jsonb)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
declare
    s sessions%rowtype;
    p pickup_points%rowtype;
    v_tour text;
    v_bookings jsonb;
    v_replayed boolean := false;
    v_changed boolean := false;
begin
    s := td_authorize(p_session, 'manage_departures', 'remove pickup points');
    if p_key is null then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'key', 'problem', 'a write needs a key'));
    end if;
    select * into p from pickup_points x where x.removal_key = p_key;
    if found and p.id <> p_point then
        perform td_raise('IDEMPOTENCY_CONFLICT', jsonb_build_object('key', p_key));
    end if;
    select * into p from pickup_points x where x.id = p_point for update;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'pickup point', 'id', p_point));
    end if;
    select t.name into v_tour from tours t where t.id = p.tour_id;
    if p.removal_key = p_key then
        v_replayed := true;
    elsif p.active then
        update pickup_points x set active = false, removal_key = p_key, removed_at = clock_timestamp()
         where x.id = p.id;
        v_changed := true;
    end if;
    select coalesce(jsonb_agg(jsonb_build_object(
               'booking_number', b.booking_number, 'departure_id', d.id, 'tour', v_tour,
               'starts_at', d.starts_at, 'time_zone', d.time_zone, 'contact_name', b.contact_name,
               'contact_phone', b.contact_phone, 'seats', b.seats) order by d.starts_at, b.booking_number), '[]')
      into v_bookings
      from bookings b join departures d on d.id = b.departure_id
     where b.pickup_point_id = p.id and b.status = 'confirmed' and d.status <> 'cancelled'
       and d.ends_at > clock_timestamp();
    if v_changed then
        insert into audit_log (staff_id, device_id, action, details)
        values (s.staff_id, s.device_id, 'pickup.removed',
                jsonb_build_object('pickup_point_id', p.id, 'tour', v_tour, 'name', p.name,
                                   'bookings', jsonb_array_length(v_bookings), 'key', p_key));
    end if;
    return query select p.id, v_tour, p.name, v_changed or v_replayed, v_replayed, v_bookings;
end $$;
