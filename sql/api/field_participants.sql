-- The participants of departures a laptop prepares for, with who is in (and
-- whom to call for them, and their return if any: the offline roll-call
-- lists them).
create function api.field_participants(p_session text, p_departures bigint[])
returns table (
    id bigint,
    booking_id bigint,
    departure_id bigint,
    "position" integer,
    name text,
    kind text,
    medical_notes text,
    dietary text,
    equipment text,
    no_show boolean,
    checked_in_at timestamp with time zone,
    checked_in_method text,
    checked_in_device text,
    checked_in_staff text,
    checked_in_location text,
    emergency_contact text,
    returned text,
    returned_at timestamp with time zone,
    return_note text,
    returned_by text,
    returned_device text)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
begin
    perform td_authorize(p_session, 'check_in', 'prepare for the field');
    return query
    select p.id, p.booking_id, p.departure_id, p.position, p.name, p.kind, p.medical_notes, p.dietary,
           p.equipment, p.no_show, c.occurred_at as checked_in_at,
           coalesce(c.method, '') as checked_in_method, coalesce(dv.name, '') as checked_in_device,
           coalesce(s.name, '') as checked_in_staff, coalesce(c.location, '') as checked_in_location,
           p.emergency_contact, r.state as returned, r.occurred_at as returned_at,
           coalesce(r.note, '') as return_note, coalesce(rs.name, '') as returned_by,
           coalesce(rd.name, '') as returned_device
      from participants p
      left join check_ins c on c.participant_id = p.id and c.status = 'accepted'
      left join devices dv on dv.id = c.device_id
      left join staff s on s.id = c.staff_id
      left join returns r on r.participant_id = p.id
      left join staff rs on rs.id = r.staff_id
      left join devices rd on rd.id = r.device_id
     where p.departure_id = any(p_departures) order by p.booking_id, p.position;
end $$;
