-- The schema owner's session: no PIN (whoever may run this may rewrite the
-- tables anyway), role manager, audited as an owner session. Not granted to
-- tourdesk_app.
create or replace function td_owner_session(p_device text, p_kind text,
                                 out token text, out session_id bigint, out staff_id bigint, out staff_name text,
                                 out role text, out device_id bigint, out expires_at timestamptz)
language plpgsql as $$
declare
    dv devices%rowtype;
begin
    dv := td_device(p_device, p_kind);
    select s.token, s.session_id, s.expires_at into token, session_id, expires_at
      from td_new_session('owner', null, 'manager', dv.id, interval '12 hours') s;
    staff_id := null;
    staff_name := '';
    role := 'manager';
    device_id := dv.id;
    insert into audit_log (device_id, action, details, session_id)
    values (dv.id, 'session.owner', jsonb_build_object('db_role', session_user, 'session_id', session_id),
            session_id);
end $$;
