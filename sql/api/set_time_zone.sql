-- Sets the operator's time zone (a manager's), audited as
-- settings.time_zone with the old and the new name. Setting the same zone
-- again writes nothing. Only an IANA name PostgreSQL knows, and not its
-- posix/ or right/ copies (right/ counts leap seconds: other times) nor the
-- files that are no zone: the kiosk and the laptops read the name with
-- their own IANA database. Departures keep their own zones; laptops
-- prepared before keep the zone they took along until prepared again.
create function api.set_time_zone(p_session text, p_zone text,
                                  out time_zone text, out changed boolean)
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
    v_old text;
begin
    s := td_authorize(p_session, 'manage_departures', 'change the time zone');
    if p_zone is null or p_zone ~ '^(posix|right)/' or p_zone in ('posixrules', 'localtime', 'Factory')
       or not exists (select 1 from pg_timezone_names n where n.name = p_zone) then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'time zone',
            'problem', format('%s is not a time zone; use an IANA name such as Europe/Berlin or Asia/Kamchatka',
                              coalesce(p_zone, 'none'))));
    end if;
    select o.time_zone into v_old from operator_settings o for update;
    time_zone := p_zone;
    changed := v_old is distinct from p_zone;
    if changed then
        update operator_settings set time_zone = p_zone, updated_at = clock_timestamp();
        insert into audit_log (staff_id, device_id, action, details)
        values (s.staff_id, s.device_id, 'settings.time_zone', jsonb_build_object('from', v_old, 'to', p_zone));
    end if;
end $$;
