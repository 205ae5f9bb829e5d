-- The shifts closed and awaiting a manager's approval, on every device and
-- from any day, oldest close first: what a manager clears (the kiosk's
-- shift screen, `w`; a shift closed in an earlier session or at another
-- desk is otherwise out of reach there). For any session that may read
-- shifts: the approval itself is a manager's (api.shift_approve).
create function api.shifts_awaiting(p_session text)
returns table (shift_id bigint, device text, currency text, status text, z_number int, opened_by text,
               opened_at timestamptz, closed_by text, closed_at timestamptz, approved_by text,
               approved_at timestamptz)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
begin
    perform td_authorize(p_session, 'read', 'read shifts');
    return query
    select i.*
      from shifts x
     cross join lateral td_shift_info(x.id) i
     where x.status = 'awaiting_approval'
     order by x.closed_at, x.id;
end $$;
