-- td_tickets_printed for a session that may sell.
create function api.tickets_printed(p_session text, p_booking bigint) returns void
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
begin
    s := td_authorize(p_session, 'sell', 'print tickets');
    perform td_tickets_printed(p_booking, s.staff_id, s.device_id);
end $$;
