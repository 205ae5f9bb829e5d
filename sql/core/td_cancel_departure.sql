-- Cancel a whole departure (weather or operator): every confirmed booking is
-- cancelled with the given refund percent (one percent fits all: the same
-- departure, the same moment; of what each still holds, as a ledger row),
-- every contact gets a notification in the
-- outbox, holds end and the waitlist is told.
create or replace function td_cancel_departure(p_departure bigint, p_reason text, p_refund_percent int, p_hours_before numeric,
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
