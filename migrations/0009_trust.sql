-- The trust boundary (issue 11). Kiosks, laptops and CLI users connect as
-- members of the NOLOGIN group role tourdesk_app. That role may call the
-- functions of schema `api` (sql/api/*.sql, one file each) and read what the
-- grants below name; it writes no table. Every api function takes a session
-- token and derives staff, role and device from it: nothing on the wire says
-- who is acting, what a refund is or (online) what time it is.
--
-- The schema owner (whoever runs the migrations: `tourdesk migrate`, the
-- local demo, operators' scripts) keeps every right; it acts through an
-- owner session (td_owner_session), audited as such.

-- crypt()/gen_salt() for PIN hashes the server can check; a trusted
-- extension, so a database owner without superuser may create it.
create extension if not exists pgcrypto;

-- Roles are cluster-wide: many databases (and their migrations) share one.
do $$
begin
    if not exists (select 1 from pg_roles where rolname = 'tourdesk_app') then
        create role tourdesk_app nologin;
    end if;
exception when duplicate_object or unique_violation then
    null; -- created by a concurrent migration of another database
end $$;

-- Nothing for PUBLIC: PostgreSQL grants EXECUTE on every new function to
-- PUBLIC by default, which would make every td_* function (they take staff
-- ids and refund percents) callable by anyone who may connect.
revoke all on all tables in schema public from public;
revoke all on all sequences in schema public from public;
revoke execute on all functions in schema public from public;
alter default privileges in schema public revoke execute on functions from public;
revoke create on schema public from public;
grant usage on schema public to tourdesk_app;

alter table devices add column revoked_at timestamptz;
alter table devices add column revoked_by bigint references staff(id);

-- A PIN hash the server checks itself (bcrypt via pgcrypto). The argon2
-- pin_hash stays for a field laptop's offline login until its store carries
-- wrapped keys instead (issue 11, the field laptop).
alter table staff add column pin_crypt text;

-- A session: a random token (only its SHA-256 is stored) bound to a staff
-- member and a device, ended by logout, the kiosk's lock and expiry.
-- kind 'owner': the schema owner acting without a PIN (migrations' role).
create table sessions (
    id         bigserial primary key,
    token_hash bytea not null unique,
    kind       text not null check (kind in ('pin', 'owner')),
    staff_id   bigint references staff(id),
    role       text not null check (role in ('guide', 'desk', 'manager')),
    device_id  bigint not null references devices(id),
    db_role    text not null default session_user,
    created_at timestamptz not null default clock_timestamp(),
    expires_at timestamptz not null,
    ended_at   timestamptz,
    end_reason text not null default ''
);
create index sessions_live on sessions (device_id) where ended_at is null;

-- Failed PIN attempts: per device name, per database login role and (when
-- the login names one) per staff member. After 5 failures each attempt must
-- wait a growing delay; after 10 the key is locked for 15 minutes or until a
-- manager unlocks it.
create table login_throttle (
    scope           text not null check (scope in ('device', 'db_role', 'staff')),
    key             text not null,
    failures        int not null default 0,
    last_failure_at timestamptz,
    locked_until    timestamptz,
    primary key (scope, key)
);

-- Every audit row names the session it was written under (set by the api
-- function for its transaction).
alter table audit_log add column session_id bigint;
alter table audit_log alter column session_id
    set default nullif(current_setting('tourdesk.session_id', true), '')::bigint;

-- Reads the application may make directly: nothing personal.
grant select on tours, departures, pricing_rules, refund_rules, pricing_state, ticket_keys, weather_alerts
    to tourdesk_app;
grant select on _sqlx_migrations to tourdesk_app;
grant select (id, name, kind, created_at, last_seen_at, revoked_at) on devices to tourdesk_app;
grant select (id, name, role, active, created_at) on staff to tourdesk_app;
-- Rows with people in them: only the columns that say nothing about anyone
-- (counts, states, money, times — what occupancy, stats and the sweeper
-- need). Names, phones, e-mails, medical notes, special requests, ticket
-- codes, confirmation codes, notes and message bodies are read through api
-- functions that check the session (api.booking, api.manifest, …).
grant select (id, booking_number, departure_id, hold_id, waitlist_entry_id, status, adults, children, seats,
              price_breakdown, total_minor, currency, payment_status, payment_method, paid_minor, source,
              staff_id, device_id, created_at, cancelled_at, ticket_gen, tickets_printed, tickets_last_printed_at)
    on bookings to tourdesk_app;
grant select (id, booking_id, departure_id, position, kind, no_show, no_show_at, created_at)
    on participants to tourdesk_app;
grant select (id, event_id, participant_id, departure_id, method, device_id, staff_id, location, occurred_at,
              recorded_at, status, undone_at, scan_event_id)
    on check_ins to tourdesk_app;
grant select (id, departure_id, adults, children, seats, status, offer_hold_id, offered_at, staff_id, device_id,
              created_at, ended_at, queue_seq)
    on waitlist_entries to tourdesk_app;
grant select (id, booking_id, reason, hours_before, refund_percent, refund_minor, currency, staff_id, device_id,
              created_at)
    on cancellations to tourdesk_app;
grant select (id, event_id, kind, departure_id, booking_id, participant_id, device_id, staff_id, occurred_at,
              created_at, resolved_at, resolved_by)
    on field_conflicts to tourdesk_app;
grant select (id, booking_id, waitlist_entry_id, channel, kind, status, created_at, sent_at)
    on notification_outbox to tourdesk_app;
-- holds carry no one's details
grant select on holds to tourdesk_app;

-- What each role may do: the kiosk's rules (src/domain/role.rs, whose test
-- compares the two tables).
create function td_role_may(p_role text, p_action text) returns boolean
language sql immutable as $$
    select case p_action
        when 'read' then true
        when 'check_in' then true
        when 'sweep' then true
        when 'sell' then p_role in ('desk', 'manager')
        when 'cancel' then p_role in ('desk', 'manager')
        when 'manage_departures' then p_role = 'manager'
        when 'weather' then p_role = 'manager'
        when 'stats' then p_role = 'manager'
        when 'manage_keys' then p_role = 'manager'
        else false
    end
$$;

-- The live session of a token, or AUTH_REQUIRED / SESSION_EXPIRED.
create function td_session(p_token text) returns sessions
language plpgsql stable as $$
declare
    s sessions%rowtype;
begin
    if p_token is null or p_token = '' then
        perform td_raise('AUTH_REQUIRED', '{}');
    end if;
    select * into s from sessions where token_hash = sha256(convert_to(p_token, 'UTF8'));
    if not found then
        perform td_raise('AUTH_REQUIRED', '{}');
    end if;
    if s.ended_at is not null or s.expires_at <= clock_timestamp() then
        perform td_raise('SESSION_EXPIRED', jsonb_build_object('ended_at', coalesce(s.ended_at, s.expires_at),
                                                               'reason', coalesce(nullif(s.end_reason, ''), 'expired')));
    end if;
    if exists (select 1 from devices where id = s.device_id and revoked_at is not null) then
        perform td_raise('DEVICE_REVOKED', jsonb_build_object('device_id', s.device_id));
    end if;
    return s;
end $$;

-- The session of a token if its role may do p_action (else FORBIDDEN). Marks
-- the transaction with the session, so every audit row it writes names it.
create function td_authorize(p_token text, p_action text, p_what text) returns sessions
language plpgsql as $$
declare
    s sessions%rowtype;
begin
    s := td_session(p_token);
    if not td_role_may(s.role, p_action) then
        perform td_raise('FORBIDDEN', jsonb_build_object('role', s.role, 'action', p_what));
    end if;
    perform set_config('tourdesk.session_id', s.id::text, true);
    return s;
end $$;

-- The refund percent the rules give for a reason this many hours before
-- departure (the first rule, highest threshold first, that the time reaches;
-- a rule without threshold matches any time). Pure domain code has the same
-- rule (src/domain/refund.rs); the server's is the one that counts.
create function td_refund_percent(p_reason text, p_hours_before numeric) returns int
language sql stable as $$
    select coalesce((select refund_percent from refund_rules
                      where reason = p_reason
                        and (min_hours_before is null or p_hours_before >= min_hours_before)
                      order by min_hours_before desc nulls last
                      limit 1), 0)
$$;

-- Registers a device by name (audited the first time), refuses a revoked one.
create function td_device(p_name text, p_kind text) returns devices
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

-- A new session row; returns the token (shown once, stored hashed).
create function td_new_session(p_kind text, p_staff bigint, p_role text, p_device bigint, p_ttl interval,
                               out token text, out session_id bigint, out expires_at timestamptz)
language plpgsql as $$
begin
    token := encode(gen_random_bytes(32), 'hex');
    insert into sessions (token_hash, kind, staff_id, role, device_id, expires_at)
    values (sha256(convert_to(token, 'UTF8')), p_kind, p_staff, p_role, p_device, clock_timestamp() + p_ttl)
    returning id, sessions.expires_at into session_id, expires_at;
end $$;

-- The schema owner's session: no PIN (whoever may run this may rewrite the
-- tables anyway), role manager, audited as an owner session. Not granted to
-- tourdesk_app.
create function td_owner_session(p_device text, p_kind text,
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

-- How long a waitlist offer holds its seats: the operator's rule, not the
-- caller's.
create function td_offer_ttl() returns interval language sql immutable as $$ select interval '10 minutes' $$;

-- Where a booking was made, from the kind of device that made it.
create function td_source(p_device bigint) returns text
language sql stable as $$
    select case kind when 'field' then 'field' when 'cli' then 'cli' else 'desk' end from devices where id = p_device
$$;

-- A text input: at most p_max characters, no control characters (a newline
-- in a name forges lines in printed manifests; notes may span lines when
-- p_lines), and not blank if required.
create function td_check_text(p_field text, p_value text, p_max int, p_required boolean,
                              p_lines boolean default false) returns void
language plpgsql immutable as $$
begin
    if p_required and length(btrim(coalesce(p_value, ''))) = 0 then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', p_field, 'problem', 'it is empty'));
    end if;
    if length(coalesce(p_value, '')) > p_max then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', p_field,
                         'problem', format('longer than %s characters', p_max)));
    end if;
    if (case when p_lines then replace(coalesce(p_value, ''), E'\n', '') else coalesce(p_value, '') end) ~ '[[:cntrl:]]' then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', p_field,
                         'problem', 'contains control characters or line breaks'));
    end if;
end $$;

-- Which sources of sql/api/*.sql the api schema was built from: a start of
-- the owner rebuilds the schema when they differ (src/db/api.rs).
create table api_state (
    singleton     boolean primary key default true check (singleton),
    source_sha256 bytea not null,
    applied_at    timestamptz not null default clock_timestamp()
);
grant select on api_state to tourdesk_app;

-- What a booking says about people, checked on the server whoever sent it.
create function td_check_booking_text(p_name text, p_phone text, p_email text, p_special text, p_reference text,
                                      p_participants jsonb) returns void
language plpgsql immutable as $$
declare
    x jsonb;
begin
    perform td_check_text('contact name', p_name, 200, true);
    perform td_check_text('phone', p_phone, 50, false);
    perform td_check_text('email', p_email, 200, false);
    perform td_check_text('special requests', p_special, 500, false, true);
    perform td_check_text('payment reference', p_reference, 100, false);
    if jsonb_typeof(p_participants) is distinct from 'array' or jsonb_array_length(p_participants) > 50 then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'participants', 'problem', 'a list of at most 50'));
    end if;
    for x in select * from jsonb_array_elements(p_participants) loop
        perform td_check_text('participant name', x ->> 'name', 200, true);
        perform td_check_text('medical notes', x ->> 'medical_notes', 500, false, true);
        perform td_check_text('emergency contact', x ->> 'emergency_contact', 200, false);
        perform td_check_text('dietary needs', x ->> 'dietary', 500, false, true);
        perform td_check_text('equipment', x ->> 'equipment', 500, false, true);
    end loop;
end $$;
