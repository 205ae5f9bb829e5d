-- A PIN login, checked here: never by downloading hashes. Failures are
-- counted per device name, per database login role and (when the login names
-- one) per staff member; after 5 an attempt must wait 1, 2, 4, 8, 16 s, the
-- 10th locks that key for 15 minutes (or until a manager unlocks it). Every
-- failure, refusal and lockout is audited. A failed login returns its outcome
-- instead of raising, so the count and the audit row are committed.
--
-- PIN-only logins (the kiosk) try every active staff member's hash (bcrypt
-- cost 8, ~13 ms each); naming the staff member checks one.
create function api.login(p_pin text, p_device text, p_device_kind text, p_staff_name text default null,
                          out outcome text, out token text, out session_id bigint, out staff_id bigint,
                          out staff_name text, out role text, out device_id bigint, out expires_at timestamptz,
                          out retry_after_seconds int, out failures int)
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    dv devices%rowtype;
    st staff%rowtype;
    v_scopes text[];
    v_names text[];
    v_locked timestamptz;
    v_fail int;
    v_last timestamptz;
    v_wait interval;
begin
    dv := td_device(p_device, p_device_kind);
    device_id := dv.id;
    v_scopes := array['device', 'db_role'];
    v_names := array[p_device, session_user::text];
    if p_staff_name is not null and p_staff_name <> '' then
        v_scopes := v_scopes || 'staff'::text;
        v_names := v_names || p_staff_name;
    end if;
    -- the worst of the keys decides
    select max(t.locked_until) filter (where t.locked_until > clock_timestamp()), max(t.failures),
           max(t.last_failure_at)
      into v_locked, v_fail, v_last
      from login_throttle t
      join unnest(v_scopes, v_names) k(scope, key) on k.scope = t.scope and k.key = t.key;
    failures := coalesce(v_fail, 0);
    if v_locked is not null then
        outcome := 'locked';
        retry_after_seconds := ceil(extract(epoch from v_locked - clock_timestamp()))::int;
        insert into audit_log (device_id, action, details)
        values (dv.id, 'login.refused', jsonb_build_object('why', 'locked', 'until', v_locked,
                                                           'db_role', session_user, 'staff', p_staff_name));
        return;
    end if;
    if failures >= 5 then
        v_wait := make_interval(secs => power(2, least(failures - 5, 10)));
        if v_last + v_wait > clock_timestamp() then
            outcome := 'throttled';
            retry_after_seconds := greatest(ceil(extract(epoch from v_last + v_wait - clock_timestamp()))::int, 1);
            insert into audit_log (device_id, action, details)
            values (dv.id, 'login.refused', jsonb_build_object('why', 'too soon', 'retry_after_seconds',
                                                               retry_after_seconds, 'db_role', session_user,
                                                               'staff', p_staff_name));
            return;
        end if;
    end if;

    if p_pin ~ '^[0-9]{4,12}$' then
        select * into st from staff s
         where s.active and s.pin_crypt is not null
           and (p_staff_name is null or p_staff_name = '' or s.name = p_staff_name)
           and s.pin_crypt = crypt(p_pin, s.pin_crypt)
         order by s.id limit 1;
    end if;
    if st.id is null then
        insert into login_throttle as t (scope, key, failures, last_failure_at)
        select k.scope, k.key, 1, clock_timestamp() from unnest(v_scopes, v_names) k(scope, key)
        on conflict (scope, key) do update
           set failures = t.failures + 1, last_failure_at = excluded.last_failure_at,
               locked_until = case when t.failures + 1 >= 10 then clock_timestamp() + interval '15 minutes' end;
        failures := failures + 1;
        outcome := 'wrong_pin';
        insert into audit_log (device_id, action, details)
        values (dv.id, 'login.failed', jsonb_build_object('failures', failures, 'db_role', session_user,
                                                          'staff', p_staff_name));
        if failures >= 10 then
            outcome := 'locked';
            retry_after_seconds := 15 * 60;
            insert into audit_log (device_id, action, details)
            values (dv.id, 'login.locked_out', jsonb_build_object('scopes', to_jsonb(v_scopes), 'keys', to_jsonb(v_names), 'minutes', 15));
        elsif failures >= 5 then
            retry_after_seconds := power(2, failures - 5)::int;
        end if;
        return;
    end if;

    delete from login_throttle t using unnest(v_scopes, v_names) k(scope, key)
     where t.scope = k.scope and t.key = k.key;
    select s.token, s.session_id, s.expires_at into token, session_id, expires_at
      from td_new_session('pin', st.id, st.role, dv.id, interval '12 hours') s;
    outcome := 'ok';
    staff_id := st.id;
    staff_name := st.name;
    role := st.role;
    failures := 0;
    insert into audit_log (staff_id, device_id, action, details, session_id)
    values (st.id, dv.id, 'login', jsonb_build_object('db_role', session_user, 'session_id', session_id), session_id);
end $$;
