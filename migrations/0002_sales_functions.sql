-- The atomic part of every booking mutation, run server-side so that no client
-- round trip happens while a departure row is locked. The Rust core
-- (src/booking/) computes prices and refund percents (pure domain code) and calls
-- exactly one of these functions per mutation. Each function takes the
-- departure row lock as late as it can: everything that does not need the lock
-- (inserting the booking, participants, audit rows) happens first.
--
-- Errors are raised with SQLSTATE P0001, the stable error code as the message
-- and a JSON object as the detail; src/booking/error.rs maps them.

create function td_raise(p_code text, p_detail jsonb default '{}') returns void
language plpgsql as $$
begin
    raise exception using errcode = 'P0001', message = p_code, detail = p_detail::text;
end $$;

-- With the departure row locked by the caller: expire every active hold whose
-- time has passed, and return how many seats that freed. The audit row names
-- whoever's mutation reclaimed them.
create function td_reclaim_expired(p_departure bigint, p_staff bigint default null, p_device bigint default null)
returns int
language plpgsql as $$
declare
    v_freed int;
begin
    with expired as (
        update holds set status = 'expired', ended_at = clock_timestamp()
         where departure_id = p_departure and status = 'active' and expires_at <= clock_timestamp()
        returning seats, waitlist_entry_id
    ), missed as (
        update waitlist_entries w set status = 'expired', ended_at = clock_timestamp()
          from expired e
         where w.id = e.waitlist_entry_id and w.status = 'offered'
        returning w.id
    )
    -- (data-modifying CTEs always run to completion, read or not)
    select coalesce(sum(seats), 0)::int into v_freed from expired;
    if v_freed > 0 then
        update departures set held = held - v_freed where id = p_departure;
        insert into audit_log (staff_id, device_id, action, departure_id, details)
        values (p_staff, p_device, 'holds.expired', p_departure, jsonb_build_object('seats', v_freed));
    end if;
    return v_freed;
end $$;

-- Locks a departure that still sells (waiting, bounded by lock_timeout) and
-- returns it; raises why it does not: missing, cancelled, started or closed.
create function td_lock_open(p_departure bigint) returns departures
language plpgsql as $$
declare
    d departures%rowtype;
begin
    select * into d from departures where id = p_departure for update;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'departure', 'id', p_departure));
    end if;
    if d.status = 'cancelled' then
        perform td_raise('DEPARTURE_CANCELLED', jsonb_build_object('departure_id', p_departure));
    end if;
    if d.status = 'closed' or d.starts_at <= clock_timestamp() then
        perform td_raise('SALES_CLOSED', jsonb_build_object('departure_id', p_departure, 'starts_at', d.starts_at));
    end if;
    return d;
end $$;

-- Slow path of every seat-taking mutation: lock the departure (waiting, bounded
-- by lock_timeout), reclaim expired holds, then either return (the seats fit:
-- the caller applies its update while still holding the lock) or raise the
-- precise reason. p_returning: seats of the caller's own hold that it gives back.
create function td_make_room(p_departure bigint, p_seats int, p_returning int, p_offer_ttl interval,
                             p_staff bigint, p_device bigint) returns void
language plpgsql as $$
declare
    d departures%rowtype;
begin
    d := td_lock_open(p_departure);
    if d.booked + d.held - p_returning + p_seats > d.capacity then
        -- seats of dead holds (and missed offers) go to the waitlist first: a
        -- party that waited is offered them before this caller gets the rest
        if td_reclaim_expired(p_departure, p_staff, p_device) > 0 then
            perform td_promote_waitlist(p_departure, p_offer_ttl, p_staff, p_device);
        end if;
        select * into d from departures where id = p_departure;
        if d.booked + d.held - p_returning + p_seats > d.capacity then
            perform td_raise('SOLD_OUT', jsonb_build_object(
                'departure_id', p_departure, 'requested', p_seats,
                'free', greatest(d.capacity - d.booked - d.held + p_returning, 0)));
        end if;
    end if;
end $$;

-- With the departure locked by the caller: offer freed seats to the waitlist,
-- first entry whose party fits first. An offer is a seat-holding hold with a
-- short TTL; its expiry passes the seats on to the next in line.
create function td_promote_waitlist(p_departure bigint, p_offer_ttl interval, p_staff bigint, p_device bigint)
returns int language plpgsql as $$
declare
    d departures%rowtype;
    w waitlist_entries%rowtype;
    v_free int;
    v_hold bigint;
    v_offers int := 0;
begin
    -- seats of dead holds are free too, sweeper or not
    perform td_reclaim_expired(p_departure, p_staff, p_device);
    select * into d from departures where id = p_departure;
    if d.status <> 'scheduled' or d.starts_at <= clock_timestamp() then
        return 0;
    end if;
    v_free := d.capacity - d.booked - d.held;
    for w in select * from waitlist_entries
              where departure_id = p_departure and status = 'waiting' order by id loop
        exit when v_free <= 0;
        continue when w.seats > v_free;
        insert into holds (departure_id, adults, children, expires_at, purpose, waitlist_entry_id, staff_id, device_id)
        values (p_departure, w.adults, w.children, least(clock_timestamp() + p_offer_ttl, d.starts_at),
                'waitlist_offer', w.id, p_staff, p_device)
        returning id into v_hold;
        update waitlist_entries set status = 'offered', offer_hold_id = v_hold, offered_at = clock_timestamp()
         where id = w.id;
        update departures set held = held + w.seats where id = p_departure;
        v_free := v_free - w.seats;
        v_offers := v_offers + 1;
        if w.phone <> '' then
            insert into notification_outbox (waitlist_entry_id, channel, recipient, kind, body)
            values (w.id, 'sms', w.phone, 'waitlist_offer',
                    format('%s seat(s) are free for you. Come to the desk or call us within %s minutes.',
                           w.seats, ceil(extract(epoch from p_offer_ttl) / 60)));
        end if;
        insert into audit_log (staff_id, device_id, action, departure_id, details)
        values (p_staff, p_device, 'waitlist.offered', p_departure,
                jsonb_build_object('entry_id', w.id, 'hold_id', v_hold, 'seats', w.seats));
    end loop;
    return v_offers;
end $$;

-- Idempotent on p_key: a retry returns the first hold (replayed = true).
create function td_hold(p_departure bigint, p_adults int, p_children int, p_ttl interval, p_purpose text,
                        p_offer_ttl interval, p_staff bigint, p_device bigint, p_key uuid,
                        out hold_id bigint, out expires_at timestamptz, out replayed boolean)
language plpgsql as $$
declare
    v_seats int := p_adults + p_children;
    v_starts timestamptz;
    prior holds%rowtype;
begin
    insert into holds (departure_id, adults, children, expires_at, purpose, client_key, staff_id, device_id)
    values (p_departure, p_adults, p_children, clock_timestamp() + p_ttl, p_purpose, p_key, p_staff, p_device)
    on conflict (client_key) do nothing
    returning id into hold_id;
    if hold_id is null then
        select * into prior from holds where client_key = p_key;
        if prior.departure_id <> p_departure or prior.adults <> p_adults or prior.children <> p_children then
            perform td_raise('IDEMPOTENCY_CONFLICT', jsonb_build_object('key', p_key, 'hold_id', prior.id));
        end if;
        hold_id := prior.id;
        expires_at := prior.expires_at;
        replayed := true;
        return;
    end if;
    replayed := false;
    insert into audit_log (staff_id, device_id, action, departure_id, details)
    values (p_staff, p_device, 'hold.created', p_departure,
            jsonb_build_object('hold_id', hold_id, 'adults', p_adults, 'children', p_children,
                               'purpose', p_purpose, 'ttl_seconds', extract(epoch from p_ttl)));
    -- the lock, last
    update departures set held = held + v_seats
     where id = p_departure and status = 'scheduled' and starts_at > clock_timestamp()
       and booked + held + v_seats <= capacity
    returning starts_at into v_starts;
    if not found then
        perform td_make_room(p_departure, v_seats, 0, p_offer_ttl, p_staff, p_device);
        update departures set held = held + v_seats where id = p_departure returning starts_at into v_starts;
    end if;
    -- an allotment lasts until the departure; no hold outlives its departure
    update holds h set expires_at = case when p_purpose = 'allotment' then v_starts
                                         else least(clock_timestamp() + p_ttl, v_starts) end
     where h.id = hold_id
    returning h.expires_at into expires_at;
end $$;

create function td_extend_hold(p_hold bigint, p_ttl interval, p_max_total interval, p_staff bigint, p_device bigint)
returns timestamptz language plpgsql as $$
declare
    h holds%rowtype;
    v_starts timestamptz;
    v_new timestamptz;
begin
    select * into h from holds where id = p_hold for update;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'hold', 'id', p_hold));
    end if;
    if h.status = 'expired' or (h.status = 'active' and h.expires_at <= clock_timestamp()) then
        perform td_raise('HOLD_EXPIRED', jsonb_build_object('hold_id', p_hold, 'expired_at', h.expires_at));
    end if;
    if h.status <> 'active' then
        perform td_raise('HOLD_NOT_ACTIVE', jsonb_build_object('hold_id', p_hold, 'status', h.status));
    end if;
    if h.purpose <> 'walk_in' then
        -- a waitlist offer keeps its short time (the next in line is waiting);
        -- an allotment already lasts until the departure
        perform td_raise('HOLD_LIMIT', jsonb_build_object('hold_id', p_hold, 'expires_at', h.expires_at,
                         'max_minutes', round(extract(epoch from h.expires_at - h.created_at) / 60)));
    end if;
    select starts_at into v_starts from departures where id = h.departure_id;
    v_new := least(clock_timestamp() + p_ttl, h.created_at + p_max_total, v_starts);
    if v_new <= h.expires_at then
        perform td_raise('HOLD_LIMIT', jsonb_build_object('hold_id', p_hold, 'expires_at', h.expires_at,
                                                          'max_minutes', extract(epoch from p_max_total) / 60));
    end if;
    update holds set expires_at = v_new where id = p_hold;
    insert into audit_log (staff_id, device_id, action, departure_id, details)
    values (p_staff, p_device, 'hold.extended', h.departure_id,
            jsonb_build_object('hold_id', p_hold, 'from', h.expires_at, 'to', v_new));
    return v_new;
end $$;

create function td_release_hold(p_hold bigint, p_offer_ttl interval, p_staff bigint, p_device bigint)
returns text language plpgsql as $$
declare
    h holds%rowtype;
    v_dep bigint;
begin
    select departure_id into v_dep from holds where id = p_hold;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'hold', 'id', p_hold));
    end if;
    -- departure first, then hold: the same lock order as everywhere else
    perform 1 from departures where id = v_dep for update;
    select * into h from holds where id = p_hold;
    if h.status <> 'active' then
        return h.status; -- released twice, expired or converted: nothing to give back
    end if;
    -- a hold past its time is recorded as what it is: expired
    update holds set status = case when expires_at <= clock_timestamp() then 'expired' else 'released' end,
                     ended_at = clock_timestamp()
     where id = p_hold
    returning status into h.status;
    update departures set held = held - h.seats where id = v_dep;
    if h.waitlist_entry_id is not null then
        update waitlist_entries set status = case when h.status = 'expired' then 'expired' else 'left' end,
                                    ended_at = clock_timestamp()
         where id = h.waitlist_entry_id and status = 'offered';
    end if;
    insert into audit_log (staff_id, device_id, action, departure_id, details)
    values (p_staff, p_device, 'hold.' || h.status, v_dep, jsonb_build_object('hold_id', p_hold, 'seats', h.seats));
    perform td_promote_waitlist(v_dep, p_offer_ttl, p_staff, p_device);
    return h.status;
end $$;

-- A booking, straight or from a hold. Idempotent on p_key: a retry returns the
-- first result (replayed = true) and counts the seats once.
create function td_book(
    p_key uuid, p_departure bigint, p_hold bigint, p_adults int, p_children int,
    p_booking_number text, p_confirmation text,
    p_contact_name text, p_contact_phone text, p_contact_email text, p_special text,
    p_participants jsonb, p_breakdown jsonb, p_total bigint, p_currency text,
    p_pricing_rev bigint, p_rules_rev bigint,
    p_payment_method text, p_payment_reference text, p_source text, p_offer_ttl interval,
    p_staff bigint, p_device bigint,
    out booking_id bigint, out booking_number text, out confirmation_code text,
    out total_minor bigint, out participant_ids bigint[], out replayed boolean)
language plpgsql as $$
declare
    v_seats int := p_adults + p_children;
    v_paid boolean := p_payment_method <> 'unpaid';
    b bookings%rowtype;
    h holds%rowtype;
    v_rev bigint;
    v_rules bigint;
begin
    insert into bookings (booking_number, confirmation_code, departure_id, hold_id, adults, children,
                          contact_name, contact_phone, contact_email, special_requests, price_breakdown,
                          total_minor, currency, payment_status, payment_method, payment_reference, paid_minor,
                          idempotency_key, source, staff_id, device_id)
    values (p_booking_number, p_confirmation, p_departure, p_hold, p_adults, p_children,
            p_contact_name, p_contact_phone, p_contact_email, p_special, p_breakdown,
            p_total, p_currency, case when v_paid then 'paid' else 'unpaid' end, p_payment_method,
            p_payment_reference, case when v_paid then p_total else 0 end, p_key, p_source, p_staff, p_device)
    on conflict (idempotency_key) do nothing
    returning id into booking_id;

    if booking_id is null then
        select * into b from bookings where idempotency_key = p_key;
        if b.departure_id <> p_departure or b.adults <> p_adults or b.children <> p_children then
            perform td_raise('IDEMPOTENCY_CONFLICT', jsonb_build_object('key', p_key, 'booking_number', b.booking_number));
        end if;
        booking_id := b.id;
        booking_number := b.booking_number;
        confirmation_code := b.confirmation_code;
        total_minor := b.total_minor;
        participant_ids := array(select id from participants where participants.booking_id = b.id order by position);
        replayed := true;
        return;
    end if;

    select pricing_rev into v_rev from departures where id = p_departure;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'departure', 'id', p_departure));
    end if;
    select rules_rev into v_rules from pricing_state;
    if v_rev <> p_pricing_rev or v_rules <> p_rules_rev then
        perform td_raise('PRICE_CHANGED', jsonb_build_object('departure_id', p_departure));
    end if;

    with ins as (
        insert into participants (booking_id, departure_id, position, name, kind, medical_notes,
                                  emergency_contact, dietary, equipment)
        select booking_id, p_departure, ord, x ->> 'name', x ->> 'kind',
               coalesce(x ->> 'medical_notes', ''), coalesce(x ->> 'emergency_contact', ''),
               coalesce(x ->> 'dietary', ''), coalesce(x ->> 'equipment', '')
          from jsonb_array_elements(p_participants) with ordinality as t(x, ord)
        returning id, position
    )
    select array_agg(id order by position) into participant_ids from ins;

    insert into audit_log (staff_id, device_id, action, departure_id, booking_id, details)
    values (p_staff, p_device, 'booking.created', p_departure, booking_id,
            jsonb_build_object('booking_number', p_booking_number, 'adults', p_adults, 'children', p_children,
                               'total_minor', p_total, 'currency', p_currency, 'hold_id', p_hold,
                               'payment_method', p_payment_method, 'source', p_source));

    -- the lock, last
    if p_hold is null then
        update departures set booked = booked + v_seats
         where id = p_departure and status = 'scheduled' and starts_at > clock_timestamp()
           and booked + held + v_seats <= capacity;
        if not found then
            perform td_make_room(p_departure, v_seats, 0, p_offer_ttl, p_staff, p_device);
            update departures set booked = booked + v_seats where id = p_departure;
        end if;
    else
        perform 1 from departures where id = p_departure for update;
        select * into h from holds where id = p_hold;
        if not found or h.departure_id <> p_departure then
            perform td_raise('NOT_FOUND', jsonb_build_object('what', 'hold', 'id', p_hold, 'departure_id', p_departure));
        end if;
        if h.status = 'expired' or (h.status = 'active' and h.expires_at <= clock_timestamp()) then
            perform td_raise('HOLD_EXPIRED', jsonb_build_object('hold_id', p_hold, 'expired_at', h.expires_at));
        end if;
        if h.status <> 'active' then
            perform td_raise('HOLD_NOT_ACTIVE', jsonb_build_object('hold_id', p_hold, 'status', h.status));
        end if;
        perform td_make_room(p_departure, v_seats, h.seats, p_offer_ttl, p_staff, p_device);
        -- making room reclaims expired holds: if that took this one (it expired
        -- after the check above), its seats are already given back — refuse,
        -- or they would be given back twice
        update holds set status = 'converted', ended_at = clock_timestamp() where id = p_hold and status = 'active';
        if not found then
            perform td_raise('HOLD_EXPIRED', jsonb_build_object('hold_id', p_hold, 'expired_at', h.expires_at));
        end if;
        update departures set booked = booked + v_seats, held = held - h.seats where id = p_departure;
        if v_seats < h.seats then
            perform td_promote_waitlist(p_departure, p_offer_ttl, p_staff, p_device);
        end if;
        if h.waitlist_entry_id is not null then
            update waitlist_entries set status = 'booked', ended_at = clock_timestamp() where id = h.waitlist_entry_id;
            update bookings set waitlist_entry_id = h.waitlist_entry_id where id = booking_id;
        end if;
    end if;

    booking_number := p_booking_number;
    confirmation_code := p_confirmation;
    total_minor := p_total;
    replayed := false;
end $$;
