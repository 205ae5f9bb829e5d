-- Cancel a whole departure. For the operator: every confirmed booking is
-- cancelled with the given refund percent (one percent fits all: the same
-- departure, the same moment; of what each still holds, as a ledger row).
-- For weather: nobody is refunded here; every confirmed booking becomes a
-- case to rebook (rebookings, migration 0022), money kept, due after the
-- operator's rebook window, resolved later by a move, a refund in full or a
-- credit (sql/core/td_rebook_*.sql), or refunded by the sweep when due; its
-- seats stay counted in `booked` until then (the booking is still confirmed
-- here, and nothing can be sold on a cancelled departure). Either way every
-- contact gets a notification in the outbox, holds end and the waitlist is
-- told.
create or replace function td_cancel_departure(p_departure bigint, p_reason text, p_refund_percent int, p_hours_before numeric,
                                    p_note text, p_staff bigint, p_device bigint,
                                    out bookings_cancelled int, out refund_total_minor bigint, out already boolean)
language plpgsql as $$
declare
    d departures%rowtype;
    b bookings%rowtype;
    v_refund bigint;
    v_when text;
    v_due timestamptz;
    v_weather boolean := p_reason = 'weather';
    -- the parties to rebook (api.cancel_departure counts them from rebookings:
    -- an OUT column more would be a new signature)
    to_rebook int := 0;
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
    v_due := clock_timestamp() + coalesce((select s.rebook_window from operator_settings s), interval '48 hours');
    for b in select * from bookings where departure_id = p_departure and status = 'confirmed' order by id for update loop
        if v_weather then
            insert into rebookings (booking_id, departure_id, due_at, staff_id, device_id)
            values (b.id, p_departure, v_due, p_staff, p_device);
            perform td_notify_booking(b.id, 'rebook_offered',
                format('Booking %s: the departure of %s is cancelled for weather. Your payment is kept: choose '
                       || 'another departure, a full refund or a voucher by %s (after that it is refunded in '
                       || 'full). %s', b.booking_number, v_when,
                       to_char(v_due at time zone d.time_zone, 'YYYY-MM-DD HH24:MI'), p_note),
                jsonb_build_object('due_at', v_due, 'note', p_note, 'alternatives', (
                    -- the next departures of the tour the party fits on: what the desk will offer
                    select coalesce(jsonb_agg(jsonb_build_object('departure_id', x.id, 'starts_at', x.starts_at,
                                                                 'free', x.free) order by x.starts_at), '[]')
                      from (select a.id, a.starts_at, a.capacity - a.booked - a.held as free
                              from departures a
                             where a.tour_id = d.tour_id and a.id <> d.id and a.status = 'scheduled'
                               and a.starts_at > clock_timestamp() and a.capacity - a.booked - a.held >= b.seats
                             order by a.starts_at limit 3) x)));
            insert into audit_log (staff_id, device_id, action, departure_id, booking_id, details)
            values (p_staff, p_device, 'rebook.opened', p_departure, b.id,
                    jsonb_build_object('booking_number', b.booking_number, 'seats', b.seats, 'due_at', v_due,
                                       'paid_minor', b.paid_minor - b.refunded_minor));
            to_rebook := to_rebook + 1;
            continue;
        end if;
        v_refund := ((b.paid_minor - b.refunded_minor) * p_refund_percent + 50) / 100;
        update bookings set status = 'cancelled', cancelled_at = clock_timestamp() where id = b.id;
        if v_refund > 0 then
            perform td_ledger_post(b.id, 'refund', v_refund, null, null,
                                   format('departure cancelled (%s): %s %%', p_reason, p_refund_percent),
                                   md5(b.idempotency_key::text || ':cancel')::uuid, p_staff, p_device);
        end if;
        insert into cancellations (booking_id, reason, hours_before, refund_percent, refund_minor, currency,
                                   note, staff_id, device_id)
        values (b.id, p_reason, p_hours_before, p_refund_percent, v_refund, b.currency, p_note, p_staff, p_device);
        perform td_notify_booking(b.id, 'departure_cancelled',
            format('Booking %s: the departure of %s is cancelled (%s). Refund: %s%%. %s',
                   b.booking_number, v_when, p_reason, p_refund_percent, p_note),
            jsonb_build_object('reason', p_reason, 'note', p_note, 'refund_percent', p_refund_percent,
                               'refund_minor', v_refund, 'currency', b.currency));
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
    insert into notification_outbox (waitlist_entry_id, channel, recipient, kind, body, details)
    select id, 'sms', phone, 'waitlist_cancelled',
           format('The departure of %s you were waiting for is cancelled (%s).', v_when, p_reason),
           jsonb_build_object('reason', p_reason, 'note', p_note)
      from gone where phone <> '';
    -- weather: the parties to rebook keep their seats counted (booked) until resolved
    update departures set status = 'cancelled', held = 0,
                          booked = case when v_weather then booked else 0 end,
                          weather_status = case when v_weather then 'danger' else weather_status end,
                          weather_note = case when v_weather and p_note <> '' then p_note else weather_note end
     where id = p_departure;
    if v_weather then
        insert into weather_alerts (departure_id, status, note, cancelled, staff_id, device_id)
        values (p_departure, 'danger', p_note, true, p_staff, p_device);
    end if;
    insert into audit_log (staff_id, device_id, action, departure_id, details)
    values (p_staff, p_device, 'departure.cancelled', p_departure,
            jsonb_build_object('reason', p_reason, 'note', p_note, 'bookings', bookings_cancelled,
                               'to_rebook', to_rebook, 'refund_total_minor', refund_total_minor));
end $$;
