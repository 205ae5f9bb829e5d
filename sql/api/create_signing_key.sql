-- Registers the public half of a new ticket-signing key (a manager's, or the
-- owner's: `tourdesk keys new`, the demo's seeding) and returns its id, the id
-- printed into every ticket it signs. Audited 'ticket_key.created' with the
-- device and staff member. The same public key again returns its id.
create function api.create_signing_key(p_session text, p_public bytea) returns int
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
    v_id int;
begin
    s := td_authorize(p_session, 'manage_keys', 'make ticket-signing keys');
    if p_public is null or length(p_public) <> 32 then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'public key',
            'problem', 'an Ed25519 public key is 32 bytes'));
    end if;
    insert into ticket_keys (public_key, staff_id, device_id) values (p_public, s.staff_id, s.device_id)
    on conflict (public_key) do nothing returning id into v_id;
    if v_id is null then
        select id into v_id from ticket_keys where public_key = p_public;
        return v_id;
    end if;
    insert into audit_log (staff_id, device_id, action, details)
    values (s.staff_id, s.device_id, 'ticket_key.created',
            jsonb_build_object('key_id', v_id,
                               'device', (select name from devices where id = s.device_id)));
    return v_id;
end $$;
