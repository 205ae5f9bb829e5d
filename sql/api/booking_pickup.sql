-- Sets, changes or clears (p_point null) a booking's pickup point after the
-- sale: a booking change (the desk's, as selling is). The point must be an
-- active one of the booking's departure's tour, else PICKUP_NOT_ON_TOUR.
-- Under the departure's lock, then the booking's; idempotent on p_key
-- (td_change_begin: booking_changes kind 'pickup' keeps the answer, a retry
-- answers it as it was); audited as booking.changed with field pickup and
-- both points.
create function api.booking_pickup(p_session text, p_booking_number text, p_point bigint, p_key uuid)
returns table (booking_number text, departure_id bigint, pickup_point_id bigint, pickup text,
               pickup_at timestamptz, changed boolean, replayed boolean)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
declare
    s sessions%rowtype;
    b bookings%rowtype;
    d departures%rowtype;
    p pickup_points%rowtype;
    v_request jsonb := jsonb_build_object('pickup_point_id', p_point);
    v_begin record;
    v_answer jsonb;
begin
    s := td_authorize(p_session, 'sell', 'change bookings');
    select * into v_begin from td_change_begin(p_key, p_booking_number, 'pickup', v_request, false);
    if v_begin.prior is not null then
        select c.answer into v_answer from booking_changes c where c.id = v_begin.prior;
        return query select v_answer ->> 'booking_number', (v_answer ->> 'departure_id')::bigint,
                            (v_answer ->> 'pickup_point_id')::bigint, v_answer ->> 'pickup',
                            (v_answer ->> 'pickup_at')::timestamptz, (v_answer ->> 'changed')::boolean, true;
        return;
    end if;
    select * into b from bookings x where x.id = v_begin.booking_id;
    select * into d from departures x where x.id = b.departure_id;
    if p_point is not null then
        select * into p from pickup_points x where x.id = p_point and x.tour_id = d.tour_id and x.active;
        if not found then
            perform td_raise('PICKUP_NOT_ON_TOUR', jsonb_build_object(
                'pickup_point_id', p_point, 'departure_id', d.id,
                'tour', (select t.name from tours t where t.id = d.tour_id)));
        end if;
    end if;
    if b.pickup_point_id is distinct from p_point then
        update bookings x set pickup_point_id = p_point where x.id = b.id;
        insert into audit_log (staff_id, device_id, action, departure_id, booking_id, details)
        values (s.staff_id, s.device_id, 'booking.changed', b.departure_id, b.id,
                jsonb_build_object('booking_number', b.booking_number, 'fields', jsonb_build_array('pickup'),
                                   'pickup_point_id', p_point, 'was_pickup_point_id', b.pickup_point_id,
                                   'key', p_key));
    end if;
    v_answer := jsonb_build_object(
        'booking_number', b.booking_number, 'departure_id', d.id, 'pickup_point_id', p.id, 'pickup', p.name,
        'pickup_at', case when p.id is not null
                          then td_pickup_at(p.minutes_before, p.at_time, d.starts_at, d.time_zone) end,
        'changed', b.pickup_point_id is distinct from p_point);
    insert into booking_changes (client_key, booking_id, kind, request, answer, staff_id, device_id)
    values (p_key, b.id, 'pickup', v_request, v_answer, s.staff_id, s.device_id);
    return query select b.booking_number, d.id, p.id, p.name,
                        (v_answer ->> 'pickup_at')::timestamptz, (v_answer ->> 'changed')::boolean, false;
end $$;
