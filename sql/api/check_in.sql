-- One scan or manual check-in (td_check_in) at the server's time. A time
-- given by the caller (checking in after the fact) is a manager's and
-- audited as check_in.backdated. The check-in window is the operator's
-- setting (operator_settings, api.set_check_in_window), not the caller's.
create function api.check_in(
    p_session text, p_event uuid, p_method text, p_raw text, p_ticket bigint, p_kind text, p_key int,
    p_participant bigint, p_booking bigint, p_departure bigint, p_location text, p_at timestamptz,
    p_verdict text default null, p_detail jsonb default '{}', p_limit int default null)
returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
    v jsonb;
begin
    s := td_authorize(p_session, 'check_in', 'check people in');
    if p_at is not null and s.role <> 'manager' then
        perform td_raise('FORBIDDEN', jsonb_build_object('role', s.role, 'action', 'check in at another time'));
    end if;
    -- a verdict from the caller is only a refusal it found before asking
    -- (the code did not parse, or its key or signature failed): never one
    -- that would record an admission the server did not decide
    if p_verdict is not null and p_verdict not in ('malformed', 'unknown_key', 'invalid_signature') then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'verdict', 'problem',
                         'only malformed, unknown_key or invalid_signature may be reported by the caller'));
    end if;
    v := td_check_in(p_event, p_method, p_raw, p_ticket, p_kind, p_key, p_participant, p_booking, p_departure,
                     p_location, coalesce(p_at, clock_timestamp()),
                     (select check_in_window from operator_settings),
                     s.staff_id, s.device_id, p_verdict, p_detail, p_limit);
    if p_at is not null and not (v ->> 'replayed')::boolean then
        insert into audit_log (staff_id, device_id, action, details)
        values (s.staff_id, s.device_id, 'check_in.backdated',
                jsonb_build_object('event_id', p_event, 'at', p_at, 'verdict', v ->> 'verdict'));
    end if;
    return v;
end $$;
