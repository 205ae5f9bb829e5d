-- Closes a departure's check-in (the rest become no-shows). Before the
-- operator's check-in window opens only with p_force.
create function api.close_check_in(p_session text, p_departure bigint, p_force boolean,
                                   out admitted int, out no_shows int, out closed_at timestamptz,
                                   out already boolean)
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
begin
    s := td_authorize(p_session, 'check_in', 'close check-in');
    select c.admitted, c.no_shows, c.closed_at, c.already into admitted, no_shows, closed_at, already
      from td_close_check_in(p_departure, (select check_in_window from operator_settings), p_force,
                             s.staff_id, s.device_id) c;
end $$;
