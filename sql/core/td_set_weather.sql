-- Sets a departure's weather status and note; every change is kept in
-- weather_alerts and audited.
create or replace function td_set_weather(p_departure bigint, p_status text, p_note text, p_staff bigint, p_device bigint)
returns void language plpgsql as $$
begin
    update departures set weather_status = p_status, weather_note = p_note where id = p_departure;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'departure', 'id', p_departure));
    end if;
    insert into weather_alerts (departure_id, status, note, staff_id, device_id)
    values (p_departure, p_status, p_note, p_staff, p_device);
    insert into audit_log (staff_id, device_id, action, departure_id, details)
    values (p_staff, p_device, 'weather.set', p_departure, jsonb_build_object('status', p_status, 'note', p_note));
end $$;
