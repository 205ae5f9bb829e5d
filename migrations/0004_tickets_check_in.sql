-- Tickets, their verify keys, and the check-in core.
--
-- A ticket is not a row of its own: every participant holds one and every
-- booking one group code, from the moment the booking's transaction commits.
-- A ticket's id is its subject's id (participant, or booking for a group
-- code) with the booking's ticket generation in the top 16 bits: reissuing
-- bumps the generation, which revokes every earlier code; cancelling the
-- booking revokes them all. So issuing costs the sales path nothing — one
-- ticket row per person measured 8–13 % fewer bookings per second
-- (BENCHMARKS.md). The QR text is not stored either: it is the ticket's claims
-- signed with Ed25519 by whichever kiosk prints it (signatures are
-- deterministic), and any kiosk verifies it with the public keys kept here.

create table ticket_keys (
    id         int generated always as identity primary key check (id between 1 and 65535),
    public_key bytea not null unique check (length(public_key) = 32),
    created_at timestamptz not null default now(),
    retired_at timestamptz,
    staff_id   bigint references staff(id),
    device_id  bigint references devices(id)
);

alter table bookings add column ticket_gen int not null default 1 check (ticket_gen between 1 and 32767);
alter table bookings add column tickets_printed int not null default 0;
alter table bookings add column tickets_last_printed_at timestamptz;

-- A ticket id: the booking's ticket generation above 48 bits of subject id.
create function td_ticket_id(p_gen int, p_subject bigint) returns bigint
language sql immutable as $$ select (p_gen::bigint << 48) | p_subject $$;

-- Every scan and manual check-in, admitted or not: the gate's own record, and
-- what makes a check-in idempotent (a replayed event id returns its verdict).
create table scan_events (
    event_id       uuid primary key,
    departure_id   bigint,          -- the departure being checked in, if the scanner said
    ticket_id      bigint,
    booking_id     bigint,
    participant_id bigint,
    method         text not null check (method in ('qr', 'manual', 'image', 'bulk')),
    raw_code       text not null default '',
    verdict        text not null,
    details        jsonb not null,
    location       text not null default '',
    staff_id       bigint references staff(id),
    device_id      bigint references devices(id),
    occurred_at    timestamptz not null,
    recorded_at    timestamptz not null default clock_timestamp()
);
create index scan_events_departure on scan_events (departure_id, occurred_at);

alter table check_ins add column scan_event_id uuid references scan_events(event_id);
alter table check_ins add column undone_at timestamptz;
alter table participants add column no_show_at timestamptz;
alter table departures add column check_in_closed_at timestamptz;

-- A cancelled booking travels nobody: any check-in already made (a scan that
-- beat the cancel) is voided. Its tickets are revoked by its status.
create function td_void_check_ins() returns trigger language plpgsql as $$
begin
    update check_ins set status = 'undone', undo_reason = 'booking cancelled', undone_at = clock_timestamp()
     where status = 'accepted' and participant_id in (select id from participants where booking_id = new.id);
    return null;
end $$;
create trigger bookings_void_check_ins after update of status on bookings
    for each row when (new.status = 'cancelled' and old.status <> 'cancelled')
    execute function td_void_check_ins();

-- A lost ticket: every code of the booking printed so far is revoked and the
-- next print gives new ones. Returns the new generation.
create function td_reissue_tickets(p_booking bigint, p_staff bigint, p_device bigint) returns int
language plpgsql as $$
declare
    b bookings%rowtype;
begin
    update bookings set ticket_gen = ticket_gen + 1, tickets_printed = 0, tickets_last_printed_at = null
     where id = p_booking and status = 'confirmed'
    returning * into b;
    if not found then
        select * into b from bookings where id = p_booking;
        if not found then
            perform td_raise('NOT_FOUND', jsonb_build_object('what', 'booking', 'id', p_booking));
        end if;
        perform td_raise('BOOKING_CANCELLED', jsonb_build_object('booking_number', b.booking_number));
    end if;
    insert into audit_log (staff_id, device_id, action, departure_id, booking_id, details)
    values (p_staff, p_device, 'tickets.reissued', b.departure_id, b.id,
            jsonb_build_object('booking_number', b.booking_number, 'generation', b.ticket_gen));
    return b.ticket_gen;
end $$;

-- Tickets handed out (printed or shown): counted, so a reprint can warn.
create function td_tickets_printed(p_booking bigint, p_staff bigint, p_device bigint) returns void
language plpgsql as $$
declare
    b bookings%rowtype;
begin
    update bookings set tickets_printed = tickets_printed + 1, tickets_last_printed_at = clock_timestamp()
     where id = p_booking returning * into b;
    insert into audit_log (staff_id, device_id, action, departure_id, booking_id, details)
    values (p_staff, p_device, 'tickets.printed', b.departure_id, b.id,
            jsonb_build_object('generation', b.ticket_gen, 'times', b.tickets_printed));
end $$;

-- Who checked a participant in: shown on "already checked in".
create function td_check_in_info(p_participant bigint) returns jsonb
language sql stable as $$
    select jsonb_build_object('participant_id', c.participant_id, 'name', p.name,
                              'at', c.occurred_at, 'method', c.method,
                              'device', coalesce(dv.name, ''), 'staff', coalesce(s.name, ''),
                              'location', c.location)
      from check_ins c
      join participants p on p.id = c.participant_id
      left join devices dv on dv.id = c.device_id
      left join staff s on s.id = c.staff_id
     where c.participant_id = p_participant and c.status = 'accepted'
$$;

-- What the guide needs to know about a participant at the gate.
create function td_attention(p participants, b bookings) returns jsonb
language sql immutable as $$
    select jsonb_strip_nulls(jsonb_build_object(
        'medical_notes', nullif(p.medical_notes, ''),
        'dietary', nullif(p.dietary, ''),
        'equipment', nullif(p.equipment, ''),
        'special_requests', nullif(b.special_requests, ''),
        'unpaid_minor', case when b.total_minor > b.paid_minor then b.total_minor - b.paid_minor end))
$$;

-- One scan or manual check-in. The Rust core has already parsed the code and
-- verified its signature (it calls with p_verdict set when that failed, so the
-- rejection is recorded too). Subject: a ticket, a participant, or a whole
-- booking ("everyone here"); p_limit admits at most that many of a group
-- ("3 of 5 are here"). Idempotent on p_event.
create function td_check_in(
    p_event uuid, p_method text, p_raw text, p_ticket bigint, p_kind text, p_key int, p_participant bigint,
    p_booking bigint, p_departure bigint, p_location text, p_occurred timestamptz, p_window interval,
    p_staff bigint, p_device bigint, p_verdict text default null, p_detail jsonb default '{}',
    p_limit int default null)
returns jsonb language plpgsql as $$
declare
    e scan_events%rowtype;
    v_gen int := (p_ticket >> 48)::int;
    v_subject bigint := p_ticket & ((1::bigint << 48) - 1);
    k ticket_keys%rowtype;
    b bookings%rowtype;
    d departures%rowtype;
    v_tour text;
    v_verdict text := p_verdict;
    v_detail jsonb := coalesce(p_detail, '{}');
    v_participant bigint := p_participant;
    v_admitted jsonb := '[]';
    v_already jsonb := '[]';
    v_total int;
    v_in int;
    v_booking bigint;
    v_day date;
    v_dep_day date;
    r record;
begin
    select * into e from scan_events where event_id = p_event;
    if found then
        -- a retry: the first verdict, but only for the same scan
        if e.raw_code is distinct from p_raw or e.ticket_id is distinct from p_ticket
           or (p_participant is not null and e.participant_id is distinct from p_participant)
           or (p_booking is not null and e.booking_id is distinct from p_booking) then
            perform td_raise('IDEMPOTENCY_CONFLICT', jsonb_build_object('event_id', p_event));
        end if;
        return e.details || jsonb_build_object('replayed', true);
    end if;

    -- which booking (and participant) the scan is about
    if v_verdict is null and p_ticket is not null then
        select * into k from ticket_keys where id = p_key;
        if not found then
            v_verdict := 'unknown_key';
            v_detail := jsonb_build_object('key_id', p_key);
        elsif k.retired_at is not null then
            v_verdict := 'retired_key';
            v_detail := jsonb_build_object('key_id', p_key, 'retired_at', k.retired_at);
        else
            if p_kind = 'participant' then
                v_participant := v_subject;
                select booking_id into v_booking from participants where id = v_subject;
            else
                select id into v_booking from bookings where id = v_subject;
            end if;
            if v_booking is null or v_gen < 1 then
                v_verdict := 'unknown_ticket';
                v_detail := jsonb_build_object('ticket_id', p_ticket);
            end if;
        end if;
    elsif v_verdict is null and v_participant is not null then
        select booking_id into v_booking from participants where id = v_participant;
        if not found then
            perform td_raise('NOT_FOUND', jsonb_build_object('what', 'participant', 'id', v_participant));
        end if;
    elsif v_verdict is null then
        v_booking := p_booking;
    end if;

    if v_verdict is null then
        -- Lock order: booking (shared: a cancel waits for the scan, or the scan
        -- for the cancel), then its participants (close-checkin takes the same
        -- rows). Everything below reads after the locks, so it sees a cancel or
        -- a close that committed while this scan waited.
        select * into b from bookings where id = v_booking for share;
        if not found then
            perform td_raise('NOT_FOUND', jsonb_build_object('what', 'booking', 'id', v_booking));
        end if;
        perform 1 from participants where booking_id = b.id order by id for update;
        select * into d from departures where id = b.departure_id;
        select name into v_tour from tours where id = d.tour_id;
        v_day := (p_occurred at time zone d.time_zone)::date;
        v_dep_day := (d.starts_at at time zone d.time_zone)::date;
        if p_ticket is not null and v_gen > b.ticket_gen then
            v_verdict := 'unknown_ticket';
            v_detail := jsonb_build_object('ticket_id', p_ticket);
        elsif b.status = 'cancelled' or (p_ticket is not null and v_gen < b.ticket_gen) then
            v_verdict := 'cancelled';
            v_detail := jsonb_build_object(
                'ticket_id', p_ticket, 'booking_number', b.booking_number, 'revoked_at', b.cancelled_at,
                'reason', case when d.status = 'cancelled' then 'departure cancelled'
                               when b.status = 'cancelled' then 'booking cancelled'
                               else 'reissued' end);
        elsif p_departure is not null and p_departure <> d.id then
            v_verdict := 'wrong_departure';
            v_detail := jsonb_build_object('booking_number', b.booking_number, 'departure_id', d.id,
                                           'tour', v_tour, 'starts_at', d.starts_at, 'time_zone', d.time_zone,
                                           'meeting_point', d.meeting_point);
        elsif p_occurred < d.starts_at - p_window
              and v_day = ((d.starts_at - p_window) at time zone d.time_zone)::date then
            -- before the window, on the day it opens
            v_verdict := 'too_early';
            v_detail := jsonb_build_object('booking_number', b.booking_number, 'departure_id', d.id,
                                           'tour', v_tour, 'starts_at', d.starts_at, 'time_zone', d.time_zone,
                                           'opens_at', d.starts_at - p_window);
        elsif p_occurred < d.starts_at - p_window or v_day > v_dep_day then
            -- an earlier day, or after the departure's day
            v_verdict := 'not_today';
            v_detail := jsonb_build_object('booking_number', b.booking_number, 'departure_id', d.id,
                                           'tour', v_tour, 'starts_at', d.starts_at, 'time_zone', d.time_zone,
                                           'opens_at', d.starts_at - p_window);
        elsif d.check_in_closed_at is not null then
            v_verdict := 'check_in_closed';
            v_detail := jsonb_build_object('booking_number', b.booking_number, 'departure_id', d.id,
                                           'closed_at', d.check_in_closed_at, 'time_zone', d.time_zone);
        end if;
    end if;

    if v_verdict is null then
        -- admit: the participant, or everyone of the booking not yet in
        for r in
            select p.*, td_attention(p, b) as attention from participants p
             where p.booking_id = b.id and (v_participant is null or p.id = v_participant)
             order by p.position
        loop
            if p_limit is not null and jsonb_array_length(v_admitted) >= p_limit then
                -- the rest of the party is not here yet: neither admitted nor "already in"
                if not exists (select 1 from check_ins where participant_id = r.id and status = 'accepted') then
                    continue;
                end if;
            end if;
            insert into check_ins (event_id, participant_id, departure_id, method, device_id, staff_id, location,
                                   raw_code, occurred_at, scan_event_id)
            values (case when v_participant is null then md5(p_event::text || ':' || r.id)::uuid else p_event end,
                    r.id, d.id, case when p_method = 'qr' and v_participant is null then 'group' else p_method end,
                    p_device, p_staff, p_location, p_raw, p_occurred, null)
            on conflict (participant_id) where status = 'accepted' do nothing;
            if found then
                update participants set no_show = false, no_show_reason = '', no_show_at = null
                 where id = r.id and no_show;
                v_admitted := v_admitted || jsonb_build_object('participant_id', r.id, 'name', r.name,
                                                               'kind', r.kind, 'attention', r.attention);
            else
                v_already := v_already || td_check_in_info(r.id);
            end if;
        end loop;
        select count(*), count(c.id) into v_total, v_in
          from participants p left join check_ins c on c.participant_id = p.id and c.status = 'accepted'
         where p.booking_id = b.id;
        v_detail := jsonb_build_object('booking_number', b.booking_number, 'departure_id', d.id, 'tour', v_tour,
                                       'starts_at', d.starts_at, 'time_zone', d.time_zone,
                                       'admitted', v_admitted, 'already', v_already,
                                       'party_in', v_in, 'party_total', v_total,
                                       'special_requests', b.special_requests,
                                       'unpaid_minor', greatest(b.total_minor - b.paid_minor, 0),
                                       'currency', b.currency);
        v_verdict := case when jsonb_array_length(v_admitted) > 0 then 'admitted' else 'already_checked_in' end;
    end if;

    v_detail := jsonb_build_object('verdict', v_verdict, 'event_id', p_event, 'occurred_at', p_occurred) || v_detail;
    insert into scan_events (event_id, departure_id, ticket_id, booking_id, participant_id, method, raw_code,
                             verdict, details, location, staff_id, device_id, occurred_at)
    values (p_event, coalesce(p_departure, d.id), p_ticket, b.id, v_participant, p_method, p_raw, v_verdict,
            v_detail, p_location, p_staff, p_device, p_occurred);
    if v_verdict = 'admitted' then
        update check_ins set scan_event_id = p_event
         where participant_id in (select (x ->> 'participant_id')::bigint from jsonb_array_elements(v_admitted) x)
           and status = 'accepted';
        insert into audit_log (staff_id, device_id, action, departure_id, booking_id, details)
        values (p_staff, p_device, 'check_in.admitted', d.id, b.id,
                jsonb_build_object('event_id', p_event, 'method', p_method, 'admitted', v_admitted));
    end if;
    return v_detail || jsonb_build_object('replayed', false);
end $$;

-- Undo a check-in (scanned the wrong person, pressed the wrong key).
create function td_undo_check_in(p_participant bigint, p_reason text, p_staff bigint, p_device bigint)
returns jsonb language plpgsql as $$
declare
    c check_ins%rowtype;
begin
    if length(btrim(coalesce(p_reason, ''))) = 0 then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'reason', 'problem', 'an undo needs a reason'));
    end if;
    update check_ins set status = 'undone', undo_reason = p_reason, undone_at = clock_timestamp()
     where participant_id = p_participant and status = 'accepted'
    returning * into c;
    if not found then
        perform 1 from participants where id = p_participant;
        if not found then
            perform td_raise('NOT_FOUND', jsonb_build_object('what', 'participant', 'id', p_participant));
        end if;
        perform td_raise('NOT_CHECKED_IN', jsonb_build_object('participant_id', p_participant));
    end if;
    -- after check-in closed, whoever is not in did not travel
    update participants p set no_show = true, no_show_reason = 'check-in undone after it closed',
                              no_show_at = clock_timestamp()
      from departures d
     where p.id = p_participant and d.id = p.departure_id and d.check_in_closed_at is not null;
    insert into audit_log (staff_id, device_id, action, departure_id, details)
    values (p_staff, p_device, 'check_in.undone', c.departure_id,
            jsonb_build_object('participant_id', p_participant, 'event_id', c.event_id, 'reason', p_reason,
                               'was_at', c.occurred_at));
    return jsonb_build_object('participant_id', p_participant, 'was_at', c.occurred_at);
end $$;

-- Mark (or clear) a no-show by hand.
create function td_set_no_show(p_participant bigint, p_no_show boolean, p_reason text, p_staff bigint,
                               p_device bigint) returns void
language plpgsql as $$
declare
    p participants%rowtype;
begin
    select * into p from participants where id = p_participant for update;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'participant', 'id', p_participant));
    end if;
    if p_no_show and exists (select 1 from check_ins where participant_id = p_participant and status = 'accepted') then
        perform td_raise('ALREADY_CHECKED_IN', td_check_in_info(p_participant));
    end if;
    update participants
       set no_show = p_no_show, no_show_reason = case when p_no_show then p_reason else '' end,
           no_show_at = case when p_no_show then clock_timestamp() end
     where id = p_participant;
    insert into audit_log (staff_id, device_id, action, departure_id, booking_id, details)
    values (p_staff, p_device, case when p_no_show then 'participant.no_show' else 'participant.no_show_cleared' end,
            p.departure_id, p.booking_id, jsonb_build_object('participant_id', p_participant, 'reason', p_reason));
end $$;

-- Close a departure's check-in: everyone of a live booking not admitted is a
-- no-show. Not before check-in opens unless forced (a slip of the key would
-- mark everyone a no-show and close sales). A second close returns the first
-- result.
create function td_close_check_in(p_departure bigint, p_window interval, p_force boolean, p_staff bigint,
                                  p_device bigint,
                                  out admitted int, out no_shows int, out closed_at timestamptz,
                                  out already boolean)
language plpgsql as $$
declare
    d departures%rowtype;
begin
    select * into d from departures where id = p_departure for update;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'departure', 'id', p_departure));
    end if;
    already := d.check_in_closed_at is not null;
    if not already and not p_force and clock_timestamp() < d.starts_at - p_window then
        perform td_raise('CHECK_IN_NOT_OPEN', jsonb_build_object('departure_id', p_departure,
                                                                 'opens_at', d.starts_at - p_window));
    end if;
    if not already then
        -- a scan in progress holds its participants' rows: wait for it, then
        -- decide in a fresh statement that sees its check-in
        perform 1 from participants where departure_id = p_departure order by id for update;
        update participants p
           set no_show = true, no_show_reason = 'not checked in when check-in closed',
               no_show_at = clock_timestamp()
          from bookings b
         where b.id = p.booking_id and b.status = 'confirmed' and p.departure_id = p_departure and not p.no_show
           and not exists (select 1 from check_ins c where c.participant_id = p.id and c.status = 'accepted');
        update departures set check_in_closed_at = clock_timestamp(),
                              status = case when status = 'scheduled' then 'closed' else status end
         where id = p_departure;
    end if;
    select check_in_closed_at into closed_at from departures where id = p_departure;
    select count(*) filter (where c.id is not null), count(*) filter (where p.no_show)
      into admitted, no_shows
      from participants p join bookings b on b.id = p.booking_id and b.status = 'confirmed'
      left join check_ins c on c.participant_id = p.id and c.status = 'accepted'
     where p.departure_id = p_departure;
    if not already then
        insert into audit_log (staff_id, device_id, action, departure_id, details)
        values (p_staff, p_device, 'check_in.closed', p_departure,
                jsonb_build_object('admitted', admitted, 'no_shows', no_shows, 'forced', p_force));
    end if;
end $$;

-- Reopen a closed check-in (closed too early, or someone ran to the bus):
-- the no-shows the close made are expected again; sales reopen if the
-- departure has not started.
create function td_reopen_check_in(p_departure bigint, p_staff bigint, p_device bigint) returns int
language plpgsql as $$
declare
    d departures%rowtype;
    n int;
begin
    select * into d from departures where id = p_departure for update;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'departure', 'id', p_departure));
    end if;
    if d.check_in_closed_at is null then
        return 0;
    end if;
    update participants set no_show = false, no_show_reason = '', no_show_at = null
     where departure_id = p_departure and no_show and no_show_reason = 'not checked in when check-in closed';
    get diagnostics n = row_count;
    update departures set check_in_closed_at = null,
                          status = case when status = 'closed' then 'scheduled' else status end
     where id = p_departure;
    insert into audit_log (staff_id, device_id, action, departure_id, details)
    values (p_staff, p_device, 'check_in.reopened', p_departure, jsonb_build_object('no_shows_cleared', n));
    return n;
end $$;
