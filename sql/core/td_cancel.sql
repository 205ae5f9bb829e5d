-- Cancel one booking. The refund percent comes from the Rust core (refund
-- rules are pure domain code); a second cancel returns the first result.
-- The refund is a ledger row (td_ledger_post) of the percent of what the
-- booking still holds (paid less refunded). REBOOK_PENDING for a party
-- still to rebook after a weather cancellation (td_rebook_*).
create or replace function td_cancel(p_booking bigint, p_reason text, p_hours_before numeric, p_refund_percent int,
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
    -- the departure it is on under the lock (a move may have taken it elsewhere)
    b := td_lock_booking(p_booking);
    if b.status = 'cancelled' then
        select * into c from cancellations where booking_id = p_booking;
        refund_percent := c.refund_percent;
        refund_minor := c.refund_minor;
        already := true;
        return;
    end if;
    -- a party to rebook after a weather cancellation is resolved as such
    -- (td_rebook_refund, td_rebook_credit, the move), never by the rules'
    -- percent; those call this once its case is closed
    if exists (select 1 from rebookings r where r.booking_id = p_booking and r.status = 'open') then
        perform td_raise('REBOOK_PENDING', jsonb_build_object('booking_number', b.booking_number));
    end if;
    refund_percent := p_refund_percent;
    -- the percent of what is still held: a refund made before (api.refund) is not given twice
    refund_minor := ((b.paid_minor - b.refunded_minor) * p_refund_percent + 50) / 100;
    already := false;
    update bookings set status = 'cancelled', cancelled_at = clock_timestamp() where id = p_booking;
    if refund_minor > 0 then
        perform td_ledger_post(p_booking, 'refund', refund_minor, null, null,
                               format('cancelled (%s): %s %%', p_reason, p_refund_percent),
                               md5(b.idempotency_key::text || ':cancel')::uuid, p_staff, p_device);
    end if;
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
    -- the customer told, in the same transaction; a weather case's refund or
    -- credit (td_rebook_refund, td_rebook_credit) tells it in its own words
    if p_reason <> 'weather' then
        perform td_notify_booking(p_booking, 'booking_cancelled',
            format('Booking %s is cancelled. Refund: %s %% (%s %s).', b.booking_number, p_refund_percent,
                   to_char(refund_minor / 100.0, 'FM999999999990.00'), b.currency),
            jsonb_build_object('reason', p_reason, 'refund_percent', p_refund_percent,
                               'refund_minor', refund_minor, 'currency', b.currency));
    end if;
    perform td_promote_waitlist(b.departure_id, p_offer_ttl, p_staff, p_device);
end $$;
