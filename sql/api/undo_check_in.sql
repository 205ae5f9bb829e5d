-- Undoes a check-in, with a reason.
create function api.undo_check_in(p_session text, p_participant bigint, p_reason text) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
begin
    s := td_authorize(p_session, 'check_in', 'undo check-ins');
    return td_undo_check_in(p_participant, p_reason, s.staff_id, s.device_id);
end $$;
