-- Cancelling, the waitlist, the sweeper and weather: the rest of the
-- booking core's server-side functions (see 0002 for the conventions: one
-- call per mutation, departure row locked before holds and bookings, errors
-- raised as P0001 with the code as message and a JSON detail).

-- Cancel one booking. The refund percent comes from the Rust core (refund
-- rules are pure domain code); a second cancel returns the first result.
create function td_cancel(p_booking bigint, p_reason text, p_hours_before numeric, p_refund_percent int,
                          p_note text, p_offer_ttl interval, p_staff bigint, p_device bigint,
                          out refund_percent int, out refund_minor bigint, out already boolean)
language plpgsql as $$
declare
    b bookings%rowtype;
    c cancellations%rowtype;
begin
    select * into b from bookings where id = p_booking;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'booking', 'id', p_booking));
    end if;
    perform 1 from departures where id = b.departure_id for update;
    select * into b from bookings where id = p_booking for update;
    if b.status = 'cancelled' then
        select * into c from cancellations where booking_id = p_booking;
        refund_percent := c.refund_percent;
        refund_minor := c.refund_minor;
        already := true;
        return;
    end if;
    refund_percent := p_refund_percent;
    refund_minor := (b.paid_minor * p_refund_percent + 50) / 100;
    already := false;
    update bookings
       set status = 'cancelled', cancelled_at = clock_timestamp(),
           payment_status = case when refund_minor = 0 then payment_status
                                 when refund_minor >= paid_minor then 'refunded'
                                 else 'partially_refunded' end
     where id = p_booking;
    insert into cancellations (booking_id, reason, hours_before, refund_percent, refund_minor, currency, note,
                               staff_id, device_id)
    values (p_booking, p_reason, p_hours_before, p_refund_percent, refund_minor, b.currency, p_note,
            p_staff, p_device);
    update departures set booked = booked - b.seats where id = b.departure_id;
    insert into audit_log (staff_id, device_id, action, departure_id, booking_id, details)
    values (p_staff, p_device, 'booking.cancelled', b.departure_id, p_booking,
            jsonb_build_object('booking_number', b.booking_number, 'reason', p_reason,
                               'hours_before', p_hours_before, 'refund_percent', p_refund_percent,
                               'refund_minor', refund_minor, 'seats', b.seats, 'note', p_note));
    perform td_promote_waitlist(b.departure_id, p_offer_ttl, p_staff, p_device);
end $$;

-- Idempotent on p_key: a retry returns the first entry and its place.
create function td_waitlist_join(p_departure bigint, p_adults int, p_children int, p_name text, p_phone text,
                                 p_email text, p_offer_ttl interval, p_staff bigint, p_device bigint, p_key uuid,
                                 out entry_id bigint, out queue_position int)
language plpgsql as $$
declare
    d departures%rowtype;
    v_seats int := p_adults + p_children;
begin
    -- a retry is answered from the first join, whatever the seats are now
    select id into entry_id from waitlist_entries where client_key = p_key;
    if not found then
        d := td_lock_open(p_departure);
        perform td_reclaim_expired(p_departure, p_staff, p_device);
        select * into d from departures where id = p_departure;
        if d.booked + d.held + v_seats <= d.capacity
           and not exists (select 1 from waitlist_entries where departure_id = p_departure and status = 'waiting') then
            perform td_raise('SEATS_AVAILABLE', jsonb_build_object('departure_id', p_departure,
                                                                   'free', d.capacity - d.booked - d.held));
        end if;
        insert into waitlist_entries (departure_id, adults, children, name, phone, email, client_key,
                                      staff_id, device_id)
        values (p_departure, p_adults, p_children, p_name, p_phone, p_email, p_key, p_staff, p_device)
        on conflict (client_key) do nothing
        returning id into entry_id;
        if entry_id is not null then
            insert into audit_log (staff_id, device_id, action, departure_id, details)
            values (p_staff, p_device, 'waitlist.joined', p_departure,
                    jsonb_build_object('entry_id', entry_id, 'adults', p_adults, 'children', p_children,
                                       'name', p_name));
            -- seats may be free that nobody ahead could use: offer them now if this party fits
            perform td_promote_waitlist(p_departure, p_offer_ttl, p_staff, p_device);
        else
            -- a concurrent retry of the same join got there first
            select id into entry_id from waitlist_entries where client_key = p_key;
        end if;
    end if;
    if not exists (select 1 from waitlist_entries where id = entry_id and departure_id = p_departure
                                                    and adults = p_adults and children = p_children) then
        perform td_raise('IDEMPOTENCY_CONFLICT', jsonb_build_object('key', p_key));
    end if;
    select count(*) into queue_position from waitlist_entries
     where departure_id = p_departure and status in ('waiting', 'offered') and id <= entry_id;
end $$;

create function td_waitlist_leave(p_entry bigint, p_offer_ttl interval, p_staff bigint, p_device bigint)
returns text language plpgsql as $$
declare
    w waitlist_entries%rowtype;
begin
    select * into w from waitlist_entries where id = p_entry;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'waitlist entry', 'id', p_entry));
    end if;
    perform 1 from departures where id = w.departure_id for update;
    select * into w from waitlist_entries where id = p_entry;
    if w.status not in ('waiting', 'offered') then
        return w.status;
    end if;
    update waitlist_entries set status = 'left', ended_at = clock_timestamp() where id = p_entry;
    if w.status = 'offered' then
        update holds set status = 'released', ended_at = clock_timestamp()
         where id = w.offer_hold_id and status = 'active';
        if found then
            update departures set held = held - w.seats where id = w.departure_id;
        end if;
    end if;
    insert into audit_log (staff_id, device_id, action, departure_id, details)
    values (p_staff, p_device, 'waitlist.left', w.departure_id, jsonb_build_object('entry_id', p_entry));
    perform td_promote_waitlist(w.departure_id, p_offer_ttl, p_staff, p_device);
    return 'left';
end $$;

-- Tidy one departure: expire dead holds and offers, then promote the waitlist.
-- Safe to run repeatedly and concurrently: the row lock serialises sweepers.
create function td_sweep_departure(p_departure bigint, p_offer_ttl interval, p_staff bigint, p_device bigint,
                                   out expired_seats int, out offers int)
language plpgsql as $$
begin
    perform 1 from departures where id = p_departure for update;
    if not found then
        expired_seats := 0;
        offers := 0;
        return;
    end if;
    expired_seats := td_reclaim_expired(p_departure, p_staff, p_device);
    offers := td_promote_waitlist(p_departure, p_offer_ttl, p_staff, p_device);
end $$;

create function td_set_weather(p_departure bigint, p_status text, p_note text, p_staff bigint, p_device bigint)
returns void language plpgsql as $$
begin
    update departures set weather_status = p_status, weather_note = p_note where id = p_departure;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'departure', 'id', p_departure));
    end if;
    insert into weather_alerts (departure_id, status, note, staff_id, device_id)
    values (p_departure, p_status, p_note, p_staff, p_device);
    insert into audit_log (staff_id, device_id, action, departure_id, details)
    values (p_staff, p_device, 'weather.set', p_departure, jsonb_build_object('status', p_status, 'note', p_note));
end $$;

-- Cancel a whole departure (weather or operator): every confirmed booking is
-- cancelled with the given refund percent (one percent fits all: the same
-- departure, the same moment), every contact gets a notification in the
-- outbox, holds end and the waitlist is told.
create function td_cancel_departure(p_departure bigint, p_reason text, p_refund_percent int, p_hours_before numeric,
                                    p_note text, p_staff bigint, p_device bigint,
                                    out bookings_cancelled int, out refund_total_minor bigint, out already boolean)
language plpgsql as $$
declare
    d departures%rowtype;
    b bookings%rowtype;
    v_refund bigint;
    v_when text;
begin
    select * into d from departures where id = p_departure for update;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'departure', 'id', p_departure));
    end if;
    bookings_cancelled := 0;
    refund_total_minor := 0;
    if d.status = 'cancelled' then
        already := true;
        return;
    end if;
    already := false;
    v_when := to_char(d.starts_at at time zone d.time_zone, 'YYYY-MM-DD HH24:MI');
    for b in select * from bookings where departure_id = p_departure and status = 'confirmed' order by id for update loop
        v_refund := (b.paid_minor * p_refund_percent + 50) / 100;
        update bookings
           set status = 'cancelled', cancelled_at = clock_timestamp(),
               payment_status = case when v_refund = 0 then payment_status
                                     when v_refund >= paid_minor then 'refunded'
                                     else 'partially_refunded' end
         where id = b.id;
        insert into cancellations (booking_id, reason, hours_before, refund_percent, refund_minor, currency,
                                   note, staff_id, device_id)
        values (b.id, p_reason, p_hours_before, p_refund_percent, v_refund, b.currency, p_note, p_staff, p_device);
        if b.contact_phone <> '' then
            insert into notification_outbox (booking_id, channel, recipient, kind, body)
            values (b.id, 'sms', b.contact_phone, 'departure_cancelled',
                    format('Booking %s: the departure of %s is cancelled (%s). Refund: %s%%. %s',
                           b.booking_number, v_when, p_reason, p_refund_percent, p_note));
        end if;
        if b.contact_email <> '' then
            insert into notification_outbox (booking_id, channel, recipient, kind, body)
            values (b.id, 'email', b.contact_email, 'departure_cancelled',
                    format('Booking %s: the departure of %s is cancelled (%s). Refund: %s%%. %s',
                           b.booking_number, v_when, p_reason, p_refund_percent, p_note));
        end if;
        insert into audit_log (staff_id, device_id, action, departure_id, booking_id, details)
        values (p_staff, p_device, 'booking.cancelled', p_departure, b.id,
                jsonb_build_object('booking_number', b.booking_number, 'reason', p_reason,
                                   'refund_percent', p_refund_percent, 'refund_minor', v_refund, 'seats', b.seats));
        bookings_cancelled := bookings_cancelled + 1;
        refund_total_minor := refund_total_minor + v_refund;
    end loop;
    update holds set status = 'cancelled', ended_at = clock_timestamp()
     where departure_id = p_departure and status = 'active';
    with gone as (
        update waitlist_entries set status = 'cancelled', ended_at = clock_timestamp()
         where departure_id = p_departure and status in ('waiting', 'offered')
        returning id, phone
    )
    insert into notification_outbox (waitlist_entry_id, channel, recipient, kind, body)
    select id, 'sms', phone, 'departure_cancelled',
           format('The departure of %s you were waiting for is cancelled (%s).', v_when, p_reason)
      from gone where phone <> '';
    update departures set status = 'cancelled', booked = 0, held = 0,
                          weather_status = case when p_reason = 'weather' then 'danger' else weather_status end,
                          weather_note = case when p_reason = 'weather' and p_note <> '' then p_note else weather_note end
     where id = p_departure;
    if p_reason = 'weather' then
        insert into weather_alerts (departure_id, status, note, cancelled, staff_id, device_id)
        values (p_departure, 'danger', p_note, true, p_staff, p_device);
    end if;
    insert into audit_log (staff_id, device_id, action, departure_id, details)
    values (p_staff, p_device, 'departure.cancelled', p_departure,
            jsonb_build_object('reason', p_reason, 'note', p_note, 'bookings', bookings_cancelled,
                               'refund_total_minor', refund_total_minor));
end $$;
