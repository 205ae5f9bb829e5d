-- One scan or manual check-in. The Rust core has already parsed the code and
-- verified its signature (it calls with p_verdict set when that failed, so the
-- rejection is recorded too). Subject: a ticket, a participant, or a whole
-- booking ("everyone here"); p_limit admits at most that many of a group
-- ("3 of 5 are here"). Idempotent on p_event.
--
-- Made cheaper per scan in migration 0008: a field sync replays thousands in
-- a row.
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
        -- a departure cancelled for weather keeps its parties' bookings
        -- confirmed until each is rebooked (migration 0022): still no admission
        elsif b.status = 'cancelled' or d.status = 'cancelled'
              or (p_ticket is not null and v_gen < b.ticket_gen) then
            v_verdict := 'cancelled';
            v_detail := jsonb_build_object(
                'ticket_id', p_ticket, 'booking_number', b.booking_number,
                'revoked_at', coalesce(b.cancelled_at,
                                       (select max(a.at) from audit_log a
                                         where a.action = 'departure.cancelled' and a.departure_id = d.id)),
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
