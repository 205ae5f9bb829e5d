-- Reopens a closed check-in.
create function api.reopen_check_in(p_session text, p_departure bigint) returns int
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
begin
    s := td_authorize(p_session, 'check_in', 'reopen check-in');
    return td_reopen_check_in(p_departure, s.staff_id, s.device_id);
end $$;
