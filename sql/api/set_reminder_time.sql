-- Sets when the reminders of tomorrow's departures are queued: HH:MM in the
-- operator's time zone (a manager's), audited as settings.reminder_time with
-- the old and the new value. Setting the same value again writes nothing.
create function api.set_reminder_time(p_session text, p_time text, out reminder_time text, out changed boolean)
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
    v_old time;
    v_new time;
begin
    s := td_authorize(p_session, 'manage_departures', 'change the reminder time');
    if p_time is null or p_time !~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'reminder time',
            'problem', format('%s: a local time HH:MM, 00:00 to 23:59', coalesce(p_time, 'none'))));
    end if;
    v_new := p_time::time;
    select o.reminder_time into v_old from operator_settings o for update;
    reminder_time := to_char(v_new, 'HH24:MI');
    changed := v_old is distinct from v_new;
    if changed then
        update operator_settings set reminder_time = v_new, updated_at = clock_timestamp();
        insert into audit_log (staff_id, device_id, action, details)
        values (s.staff_id, s.device_id, 'settings.reminder_time',
                jsonb_build_object('from', to_char(v_old, 'HH24:MI'), 'to', reminder_time));
    end if;
end $$;
