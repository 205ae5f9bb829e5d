-- Every check-in of a booking's participants, the refused duplicates and the
-- undone ones too, oldest first, with who and which device: for a session
-- that may read.
create function api.booking_check_ins(p_session text, p_booking bigint)
returns table (
    participant_id bigint,
    participant text,
    status text,
    method text,
    occurred_at timestamptz,
    recorded_at timestamptz,
    undone_at timestamptz,
    device text,
    staff text)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
begin
    perform td_authorize(p_session, 'read', 'read bookings');
    return query
    select c.participant_id, p.name, c.status, c.method, c.occurred_at, c.recorded_at, c.undone_at,
           dv.name, s.name
      from participants p
      join check_ins c on c.participant_id = p.id
      left join devices dv on dv.id = c.device_id
      left join staff s on s.id = c.staff_id
     where p.booking_id = p_booking
     order by c.occurred_at, c.id;
end $$;
