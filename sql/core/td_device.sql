-- Registers a device by name (audited the first time), refuses a revoked one.
create or replace function td_device(p_name text, p_kind text) returns devices
language plpgsql as $$
declare
    dv devices%rowtype;
begin
    if p_name is null or length(btrim(p_name)) = 0 or length(p_name) > 100 or p_name ~ '[[:cntrl:]]' then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'device',
            'problem', 'a device name is 1 to 100 characters without control characters'));
    end if;
    if p_kind not in ('kiosk', 'field', 'cli', 'bench') then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'device kind', 'problem', p_kind));
    end if;
    insert into devices (name, kind) values (p_name, p_kind) on conflict (name) do nothing returning * into dv;
    if found then
        insert into audit_log (device_id, action, details)
        values (dv.id, 'device.registered', jsonb_build_object('name', p_name, 'kind', p_kind,
                                                               'db_role', session_user));
        return dv;
    end if;
    update devices set last_seen_at = now() where name = p_name returning * into dv;
    if dv.revoked_at is not null then
        perform td_raise('DEVICE_REVOKED', jsonb_build_object('device_id', dv.id, 'name', dv.name,
                                                              'revoked_at', dv.revoked_at));
    end if;
    return dv;
end $$;
