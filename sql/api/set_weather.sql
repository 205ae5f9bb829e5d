-- Sets a departure's weather status (a manager's).
create function api.set_weather(p_session text, p_departure bigint, p_status text, p_note text) returns void
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
begin
    s := td_authorize(p_session, 'weather', 'set the weather status');
    perform td_check_text('note', p_note, 500, false);
    perform td_set_weather(p_departure, p_status, coalesce(p_note, ''), s.staff_id, s.device_id);
end $$;
