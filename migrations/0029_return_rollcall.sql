-- The return roll-call (issue 14, "Return roll-call (safety)"): the group is
-- counted back at the end of the trip.
--
-- A participant checked in on a departure (out on the trip) is marked back
-- (their ticket scanned again, picked by hand, or "everyone back"), or as
-- having left the group, with a note (a guide's or a manager's: left early by
-- taxi). One return per participant: a second answers "already back" and
-- writes nothing. Who is still out after the departure's end (ends_at,
-- migration 0027) plus the operator's grace period is MISSING — computed from
-- the server's clock whenever the roll-call is read, never stored, so that
-- nobody's clock can make a person missing or not.
--
-- Idempotency: every return request carries the client's key; its answer is
-- kept with it (return_requests.answer) and a retry with the same key gets
-- that answer back, as scan_events does for check-ins.
--
-- Live: a return notifies 'rollcall_changed' (payload: the departure id), as
-- check-ins notify 'check_in_changed'. Becoming missing is a time event, not
-- a write: the sweep (api.rollcall_sweep) finds the departures past end +
-- grace with people still out, notifies each once and records that it did
-- (rollcall_alerts), audited as rollcall.missing.

alter table operator_settings
    add column return_grace interval not null default interval '60 minutes'
        check (return_grace >= interval '0' and return_grace <= interval '24 hours');

create table return_requests (
    client_key   uuid primary key,
    departure_id bigint not null,
    -- what was asked, to refuse the key for another request
    request      jsonb not null,
    -- the answer given (null only inside the transaction that makes it)
    answer       jsonb,
    staff_id     bigint references staff(id),
    device_id    bigint references devices(id),
    occurred_at  timestamptz not null default clock_timestamp()
);

create table returns (
    id             bigserial primary key,
    participant_id bigint not null references participants(id),
    departure_id   bigint not null, -- no FK: see the note above departures (0001)
    state          text not null check (state in ('back', 'left')),
    note           text not null default '',
    raw_code       text not null default '',
    client_key     uuid not null references return_requests(client_key),
    staff_id       bigint references staff(id),
    device_id      bigint references devices(id),
    occurred_at    timestamptz not null default clock_timestamp(),
    constraint returns_one_per_participant unique (participant_id),
    constraint returns_left_has_note check (state <> 'left' or length(btrim(note)) > 0)
);
create index returns_departure on returns (departure_id);

-- Departures whose missing people were announced (once each).
create table rollcall_alerts (
    departure_id bigint primary key,
    missing      int not null,
    notified_at  timestamptz not null default clock_timestamp()
);

-- (created here because the trigger needs it now; sql/core/td_rollcall_notify.sql takes over)
create function td_rollcall_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('rollcall_changed', new.departure_id::text);
    return null;
end $$;

create trigger returns_notify after insert or update on returns
    for each row execute function td_rollcall_notify();

