-- Marks people back from the trip (a guide's scan of the same ticket, a name
-- ticked, "everyone back") or one participant as having left the group with
-- a note (a guide's or a manager's: left early by taxi). The server's time
-- and the session's staff and device are recorded, never the caller's.
-- See td_return for the rules, the idempotency on p_key and the answer.
create function api.return_record(
    p_session text, p_key uuid, p_state text, p_raw text, p_ticket bigint, p_kind text,
    p_participant bigint, p_departure bigint, p_note text)
returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
begin
    s := td_authorize(p_session, 'check_in', 'record returns');
    if p_state = 'left' and s.role not in ('guide', 'manager') then
        perform td_raise('FORBIDDEN', jsonb_build_object('role', s.role, 'action', 'mark someone as having left the group'));
    end if;
    return td_return(p_key, p_state, p_raw, p_ticket, p_kind, p_participant, p_departure, p_note,
                     clock_timestamp(), s.staff_id, s.device_id);
end $$;
