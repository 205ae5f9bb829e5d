-- td_reissue_tickets for a session that may sell.
create function api.reissue_tickets(p_session text, p_booking bigint) returns int
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
begin
    s := td_authorize(p_session, 'sell', 'reissue tickets');
    return td_reissue_tickets(p_booking, s.staff_id, s.device_id);
end $$;
