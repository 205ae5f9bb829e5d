-- A booking's audit trail: every audit row that names it, oldest first, with
-- who and which device. For a session that may read: it is the booking's own
-- history (the whole log and its chain stay the manager's, api.audit_verify).
create function api.booking_audit(p_session text, p_booking bigint)
returns table (
    id bigint,
    at timestamptz,
    action text,
    staff text,
    device text,
    details jsonb)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
begin
    perform td_authorize(p_session, 'read', 'read bookings');
    return query
    select a.id, a.at, a.action, s.name, dv.name, a.details
      from audit_log a
      left join staff s on s.id = a.staff_id
      left join devices dv on dv.id = a.device_id
     where a.booking_id = p_booking
     order by a.id;
end $$;
