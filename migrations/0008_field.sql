-- Offline field mode (src/field/): a device's seat allotment, offline sales
-- replayed from it, offline check-ins replayed with what the device said, and
-- the conflicts a sync finds. Every replay is idempotent on the journal
-- entry's event id, so a sync killed half-way and run again applies each
-- entry once.

-- An allotment shrinks as its device sells: `adults` is what is left, this is
-- what was leased.
alter table holds add column leased int;

-- What a sync found that a person must look at: a participant admitted offline
-- who was already in (the later check-in is kept as a 'duplicate' check-in
-- row), an offline admission of a ticket cancelled meanwhile, any other
-- offline admission the server refuses, an offline sale it cannot apply.
create table field_conflicts (
    id             bigserial primary key,
    event_id       uuid not null unique,
    kind           text not null check (kind in ('duplicate', 'cancelled', 'refused', 'walk_in_failed')),
    departure_id   bigint,
    booking_id     bigint,
    participant_id bigint,
    device_id      bigint references devices(id),
    staff_id       bigint references staff(id),
    occurred_at    timestamptz not null,
    details        jsonb not null,
    created_at     timestamptz not null default clock_timestamp(),
    resolved_at    timestamptz,
    resolved_by    bigint references staff(id),
    resolution     text not null default ''
);
create index field_conflicts_open on field_conflicts (created_at) where resolved_at is null;

-- An offline check-in, replayed. p_device_verdict is what the guide saw:
-- a refusal is recorded as it was (nobody was let in, so nobody is admitted
-- now); an admission goes through td_check_in like any scan, and where the
-- server disagrees the conflict is recorded. p_admitted: the participants the
-- device let in.
create function td_field_check_in(
    p_event uuid, p_method text, p_raw text, p_ticket bigint, p_kind text, p_key int, p_participant bigint,
    p_booking bigint, p_departure bigint, p_location text, p_occurred timestamptz, p_window interval,
    p_staff bigint, p_device bigint, p_limit int, p_device_verdict text, p_device_detail jsonb,
    p_admitted bigint[])
returns jsonb language plpgsql as $$
declare
    v jsonb;
    v_kind text;
    v_dups jsonb;
    c field_conflicts%rowtype;
begin
    if p_device_verdict <> 'admitted' then
        v := td_check_in(p_event, p_method, p_raw, p_ticket, p_kind, p_key, p_participant, p_booking, p_departure,
                         p_location, p_occurred, p_window, p_staff, p_device, p_device_verdict,
                         coalesce(p_device_detail, '{}'), p_limit);
        return v;
    end if;
    v := td_check_in(p_event, p_method, p_raw, p_ticket, p_kind, p_key, p_participant, p_booking, p_departure,
                     p_location, p_occurred, p_window, p_staff, p_device, null, '{}', p_limit);
    if (v ->> 'replayed')::boolean then
        select * into c from field_conflicts where event_id = p_event;
        if found then
            v := v || jsonb_build_object('conflict', to_jsonb(c));
        end if;
        return v;
    end if;
    -- people this device let in whom the server had already admitted elsewhere
    select coalesce(jsonb_agg(x), '[]') into v_dups
      from jsonb_array_elements(coalesce(v -> 'already', '[]')) x
     where (x ->> 'participant_id')::bigint = any (p_admitted);
    v_kind := case
        when v ->> 'verdict' in ('admitted', 'already_checked_in') and jsonb_array_length(v_dups) > 0 then 'duplicate'
        when v ->> 'verdict' = 'cancelled' then 'cancelled'
        when v ->> 'verdict' not in ('admitted', 'already_checked_in') then 'refused'
    end;
    if v_kind is null then
        return v;
    end if;
    if v_kind = 'duplicate' then
        insert into check_ins (event_id, participant_id, departure_id, method, device_id, staff_id, location,
                               raw_code, occurred_at, scan_event_id, status)
        select md5(p_event::text || ':dup:' || (x ->> 'participant_id'))::uuid, (x ->> 'participant_id')::bigint,
               (v ->> 'departure_id')::bigint,
               case when p_method = 'qr' and p_participant is null and p_ticket is not null and p_kind = 'group'
                    then 'group' else p_method end,
               p_device, p_staff, p_location, p_raw, p_occurred, p_event, 'duplicate'
          from jsonb_array_elements(v_dups) x
        on conflict (event_id) do nothing;
    end if;
    insert into field_conflicts (event_id, kind, departure_id, booking_id, participant_id, device_id, staff_id,
                                 occurred_at, details)
    values (p_event, v_kind, coalesce((v ->> 'departure_id')::bigint, p_departure),
            (select booking_id from scan_events where event_id = p_event), p_participant, p_device, p_staff,
            p_occurred,
            jsonb_build_object('server', v, 'device_verdict', p_device_verdict, 'device', p_device_detail,
                               'duplicates', v_dups))
    returning * into c;
    insert into audit_log (staff_id, device_id, action, departure_id, booking_id, details)
    values (p_staff, p_device, 'field.conflict', c.departure_id, c.booking_id,
            jsonb_build_object('event_id', p_event, 'kind', v_kind));
    return v || jsonb_build_object('conflict', to_jsonb(c));
end $$;

-- An offline walk-in sold from this device's allotment, replayed: the booking
-- (source 'field') with its participants checked in at the time of sale. The
-- seats come out of the allotment if it was live when the sale was made (also
-- when the sync comes after the departure), else out of free seats; when
-- neither has room, or the departure was cancelled meanwhile, nothing is
-- booked and a 'walk_in_failed' conflict says so. Never oversells: the same
-- booked + held <= capacity rule as every sale, under the departure lock.
create function td_field_sell(
    p_key uuid, p_hold bigint, p_departure bigint, p_adults int, p_children int,
    p_booking_number text, p_confirmation text, p_contact_name text, p_contact_phone text, p_special text,
    p_participants jsonb, p_breakdown jsonb, p_total bigint, p_currency text,
    p_payment_method text, p_payment_reference text, p_occurred timestamptz, p_location text,
    p_staff bigint, p_device bigint)
returns jsonb language plpgsql as $$
declare
    v_seats int := p_adults + p_children;
    v_paid boolean := p_payment_method <> 'unpaid';
    b bookings%rowtype;
    d departures%rowtype;
    h holds%rowtype;
    c field_conflicts%rowtype;
    v_from_hold int := 0;
    v_problem text;
    v_ids bigint[];
begin
    select * into b from bookings where idempotency_key = p_key;
    if found then
        return jsonb_build_object('booking_id', b.id, 'booking_number', b.booking_number, 'replayed', true,
                                  'participant_ids',
                                  to_jsonb(array(select id from participants where booking_id = b.id order by position)));
    end if;
    select * into c from field_conflicts where event_id = p_key;
    if found then
        return jsonb_build_object('replayed', true, 'conflict', to_jsonb(c));
    end if;

    -- departure, then hold: the lock order of every sale
    select * into d from departures where id = p_departure for update;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'departure', 'id', p_departure));
    end if;
    select * into h from holds where id = p_hold for update;
    if not found or h.departure_id <> p_departure or h.purpose <> 'allotment' then
        v_problem := 'not_an_allotment';
    elsif d.status = 'cancelled' then
        v_problem := 'departure_cancelled';
    elsif p_occurred >= d.starts_at then
        v_problem := 'sold_after_departure';
    else
        if h.status = 'active' and p_occurred < h.expires_at then
            v_from_hold := least(h.adults + h.children, v_seats);
        end if;
        if d.booked + d.held - v_from_hold + v_seats > d.capacity then
            v_problem := 'no_seats';
        end if;
    end if;
    if v_problem is not null then
        insert into field_conflicts (event_id, kind, departure_id, device_id, staff_id, occurred_at, details)
        values (p_key, 'walk_in_failed', p_departure, p_device, p_staff, p_occurred,
                jsonb_build_object('problem', v_problem, 'booking_number', p_booking_number,
                                   'adults', p_adults, 'children', p_children, 'contact_name', p_contact_name,
                                   'contact_phone', p_contact_phone, 'total_minor', p_total,
                                   'currency', p_currency, 'payment_method', p_payment_method,
                                   'free', greatest(d.capacity - d.booked - d.held, 0),
                                   'allotment_left', case when h.status = 'active' then h.adults + h.children end))
        returning * into c;
        insert into audit_log (staff_id, device_id, action, departure_id, details)
        values (p_staff, p_device, 'field.conflict', p_departure,
                jsonb_build_object('event_id', p_key, 'kind', 'walk_in_failed', 'problem', v_problem));
        return jsonb_build_object('replayed', false, 'conflict', to_jsonb(c));
    end if;

    insert into bookings (booking_number, confirmation_code, departure_id, hold_id, adults, children,
                          contact_name, contact_phone, special_requests, price_breakdown,
                          total_minor, currency, payment_status, payment_method, payment_reference, paid_minor,
                          idempotency_key, source, staff_id, device_id, created_at)
    values (p_booking_number, p_confirmation, p_departure, p_hold, p_adults, p_children,
            p_contact_name, p_contact_phone, p_special, p_breakdown,
            p_total, p_currency, case when v_paid then 'paid' else 'unpaid' end, p_payment_method,
            p_payment_reference, case when v_paid then p_total else 0 end, p_key, 'field', p_staff, p_device,
            p_occurred)
    returning * into b;
    with ins as (
        insert into participants (booking_id, departure_id, position, name, kind, medical_notes,
                                  emergency_contact, dietary, equipment)
        select b.id, p_departure, ord, x ->> 'name', x ->> 'kind',
               coalesce(x ->> 'medical_notes', ''), coalesce(x ->> 'emergency_contact', ''),
               coalesce(x ->> 'dietary', ''), coalesce(x ->> 'equipment', '')
          from jsonb_array_elements(p_participants) with ordinality as t(x, ord)
        returning id, position
    )
    select array_agg(id order by position) into v_ids from ins;
    -- sold at the gate: everyone is here
    insert into check_ins (event_id, participant_id, departure_id, method, device_id, staff_id, location,
                           raw_code, occurred_at)
    select md5(p_key::text || ':' || pid)::uuid, pid, p_departure, 'bulk', p_device, p_staff, p_location,
           b.booking_number, p_occurred
      from unnest(v_ids) pid;

    if v_from_hold > 0 then
        if h.adults + h.children = v_from_hold then
            update holds set status = 'converted', ended_at = clock_timestamp() where id = p_hold;
        else
            -- what is left of the lease; children are only ever 0 on an allotment
            update holds set adults = adults + children - v_from_hold, children = 0 where id = p_hold;
        end if;
    end if;
    update departures set booked = booked + v_seats, held = held - v_from_hold where id = p_departure;
    insert into audit_log (staff_id, device_id, action, departure_id, booking_id, details)
    values (p_staff, p_device, 'booking.created', p_departure, b.id,
            jsonb_build_object('booking_number', p_booking_number, 'adults', p_adults, 'children', p_children,
                               'total_minor', p_total, 'currency', p_currency, 'hold_id', p_hold,
                               'from_allotment', v_from_hold, 'payment_method', p_payment_method,
                               'source', 'field', 'sold_at', p_occurred));
    return jsonb_build_object('booking_id', b.id, 'booking_number', b.booking_number, 'replayed', false,
                              'participant_ids', to_jsonb(v_ids));
end $$;

-- Leases seats to a device: a hold of purpose 'allotment' that lasts until the
-- departure (td_hold: fails with SOLD_OUT when the seats are not free).
-- Idempotent on p_key like every hold.
create function td_lease_allotment(p_departure bigint, p_seats int, p_offer_ttl interval, p_staff bigint,
                                   p_device bigint, p_key uuid,
                                   out hold_id bigint, out expires_at timestamptz, out replayed boolean)
language plpgsql as $$
begin
    select h.hold_id, h.expires_at, h.replayed into hold_id, expires_at, replayed
      from td_hold(p_departure, p_seats, 0, interval '1 minute', 'allotment', p_offer_ttl, p_staff, p_device,
                   p_key) h;
    update holds set leased = coalesce(leased, p_seats) where id = hold_id;
end $$;


-- td_check_in (migration 0004), made cheaper per scan: a field sync replays
-- thousands in a row. Verdicts and rows written are as in 0004.
-- 1. A check-in names its scan event when it is inserted (the foreign key is
--    checked at commit, when the scan event exists) instead of a later
--    `update check_ins … where participant_id in (select … from
--    jsonb_array_elements(…))`: that UPDATE was about a fifth of a scan's cost.
-- 2. "How many of the party are in" asks check_ins by index once per
--    participant (EXISTS) instead of a left join.
-- With little or stale statistics (a fresh database; autovacuum off, as on
-- CI; a plan cached while check_ins was small) the planner ran both the old
-- UPDATE and the old join over every accepted check-in, so each scan cost
-- O(all check-ins): a 10,000-entry sync into a fresh database took ~60 s, not ~6.
alter table check_ins alter constraint check_ins_scan_event_id_fkey deferrable initially deferred;

create or replace function td_check_in(
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
                    p_device, p_staff, p_location, p_raw, p_occurred, p_event)
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
        select count(*), count(*) filter (where exists (select 1 from check_ins c
                                                         where c.participant_id = p.id and c.status = 'accepted'))
          into v_total, v_in
          from participants p
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
        insert into audit_log (staff_id, device_id, action, departure_id, booking_id, details)
        values (p_staff, p_device, 'check_in.admitted', d.id, b.id,
                jsonb_build_object('event_id', p_event, 'method', p_method, 'admitted', v_admitted));
    end if;
    return v_detail || jsonb_build_object('replayed', false);
end $$;
