-- A manager revokes a device (a lost laptop, a stolen kiosk): from now on
-- td_session refuses every session bound to it (DEVICE_REVOKED), and its live
-- sessions are ended. Audited as device.revoked. Revoking again changes
-- nothing and says when it was revoked. Returns the device's name, id,
-- revoked_at and how many sessions were ended.
create function api.revoke_device(p_session text, p_name text) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions;
    d devices;
    n int;
begin
    s := td_authorize(p_session, 'manage_departures', 'revoke a device');
    update devices set revoked_at = coalesce(revoked_at, clock_timestamp())
     where name = p_name
    returning * into d;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'device', 'id', p_name));
    end if;
    update sessions set ended_at = clock_timestamp(), end_reason = 'device_revoked'
     where device_id = d.id and ended_at is null;
    get diagnostics n = row_count;
    insert into audit_log (staff_id, device_id, action, details)
    values (s.staff_id, s.device_id, 'device.revoked',
            jsonb_build_object('device', d.name, 'device_id', d.id, 'revoked_at', d.revoked_at,
                               'sessions_ended', n));
    return jsonb_build_object('device', d.name, 'device_id', d.id, 'revoked_at', d.revoked_at,
                              'sessions_ended', n);
end $$;
