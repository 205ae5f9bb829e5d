-- Registers the public half of a ticket-signing key (idempotent); returns its
-- id and when it was retired (null: it may sign). Audited when new.
create function api.register_signing_key(p_session text, p_public bytea, out key_id int,
                                         out retired_at timestamptz)
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
begin
    s := td_authorize(p_session, 'sell', 'print tickets');
    insert into ticket_keys (public_key, staff_id, device_id) values (p_public, s.staff_id, s.device_id)
    on conflict (public_key) do nothing returning id into key_id;
    if key_id is not null then
        insert into audit_log (staff_id, device_id, action, details)
        values (s.staff_id, s.device_id, 'ticket_key.registered', jsonb_build_object('key_id', key_id));
    end if;
    select k.id, k.retired_at into key_id, retired_at from ticket_keys k where k.public_key = p_public;
end $$;
