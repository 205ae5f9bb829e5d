-- Sets the operator's check-in window (a manager's; 0 to 24 hours), audited
-- as settings.check_in_window with the old and the new value. Setting the
-- same value again writes nothing. Laptops prepared before keep the window
-- they took along until prepared again.
create function api.set_check_in_window(p_session text, p_window interval,
                                        out check_in_window interval, out changed boolean)
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
    v_old interval;
begin
    s := td_authorize(p_session, 'manage_departures', 'change the check-in window');
    if p_window is null or p_window < interval '0' or p_window > interval '24 hours' then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'check-in window',
            'problem', format('%s: check-in opens 0 to 24 hours (0 to 1440 minutes) before the start',
                              coalesce(p_window::text, 'none'))));
    end if;
    select o.check_in_window into v_old from operator_settings o for update;
    check_in_window := p_window;
    changed := v_old is distinct from p_window;
    if changed then
        update operator_settings set check_in_window = p_window, updated_at = clock_timestamp();
        insert into audit_log (staff_id, device_id, action, details)
        values (s.staff_id, s.device_id, 'settings.check_in_window',
                jsonb_build_object('from_minutes', extract(epoch from v_old) / 60,
                                   'to_minutes', extract(epoch from p_window) / 60));
    end if;
end $$;
