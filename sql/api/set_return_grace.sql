-- Sets the return grace period (a manager's; 0 to 1440 minutes), audited as
-- settings.return_grace with the old and the new value. Setting the same
-- value again writes nothing.
create function api.set_return_grace(p_session text, p_minutes int, out grace_minutes int, out changed boolean)
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
    v_old interval;
    v_new interval := make_interval(mins => p_minutes);
begin
    s := td_authorize(p_session, 'manage_departures', 'change the return grace period');
    if p_minutes is null or p_minutes < 0 or p_minutes > 1440 then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'grace period',
            'problem', format('%s: 0 to 1440 minutes after the scheduled end', coalesce(p_minutes::text, 'none'))));
    end if;
    select o.return_grace into v_old from operator_settings o for update;
    grace_minutes := p_minutes;
    changed := v_old is distinct from v_new;
    if changed then
        update operator_settings set return_grace = v_new, updated_at = clock_timestamp();
        insert into audit_log (staff_id, device_id, action, details)
        values (s.staff_id, s.device_id, 'settings.return_grace',
                jsonb_build_object('from_minutes', extract(epoch from v_old) / 60, 'to_minutes', p_minutes));
    end if;
end $$;
