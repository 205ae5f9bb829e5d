-- Marks (or clears) a no-show.
create function api.set_no_show(p_session text, p_participant bigint, p_no_show boolean, p_reason text) returns void
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
begin
    s := td_authorize(p_session, 'check_in', 'mark no-shows');
    perform td_set_no_show(p_participant, p_no_show, coalesce(p_reason, ''), s.staff_id, s.device_id);
end $$;
