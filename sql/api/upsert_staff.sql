-- Adds a staff member or changes the role and PIN of one with that name (a
-- manager's). The server hashes the PIN for its own check (bcrypt); a field
-- laptop keeps no hash (its store's key is wrapped under the PIN at
-- prepare). Audited with the role, never the PIN.
create function api.upsert_staff(p_session text, p_name text, p_role text, p_pin text)
returns bigint
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
    v_id bigint;
begin
    s := td_authorize(p_session, 'manage_departures', 'manage staff');
    perform td_check_text('name', p_name, 100, true);
    if p_role not in ('guide', 'desk', 'manager', 'notifier') then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'role',
            'problem', 'guide, desk, manager or notifier'));
    end if;
    if p_pin !~ '^[0-9]{4,12}$' then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'pin', 'problem', 'a PIN is 4 to 12 digits'));
    end if;
    insert into staff (name, role, pin_crypt) values (btrim(p_name), p_role, crypt(p_pin, gen_salt('bf', 8)))
    on conflict (name) do update set role = excluded.role,
                                     pin_crypt = excluded.pin_crypt, active = true
    returning id into v_id;
    insert into audit_log (staff_id, device_id, action, details)
    values (s.staff_id, s.device_id, 'staff.upserted',
            jsonb_build_object('staff_id', v_id, 'name', btrim(p_name), 'role', p_role));
    return v_id;
end $$;
