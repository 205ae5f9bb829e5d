-- Resolves a weather case by a refund in full of what the party still holds
-- (paid less refunded): the booking is cancelled (td_cancel: reason weather,
-- 100 %, the ledger row, its seat off the departure's count), the case
-- `refunded` (the desk's choice) or `swept` (due time passed), the contact
-- told. Locks the departure, then the booking, then the case. Returns the
-- amount refunded.
create or replace function td_rebook_refund(p_booking bigint, p_outcome text, p_key uuid, p_staff bigint,
                                            p_device bigint)
returns bigint language plpgsql as $$
declare
    b bookings%rowtype;
    d departures%rowtype;
    v_refund bigint;
    v_hours numeric;
begin
    select * into b from bookings where id = p_booking;
    select * into d from departures where id = b.departure_id for update;
    select * into b from bookings where id = p_booking for update;
    v_refund := b.paid_minor - b.refunded_minor;
    perform td_rebook_resolve(p_booking, p_outcome, p_key, p_staff, p_device,
                              jsonb_build_object('refund_minor', v_refund, 'currency', b.currency));
    v_hours := (extract(epoch from d.starts_at - clock_timestamp()) / 3600)::numeric;
    select c.refund_minor into v_refund
      from td_cancel(p_booking, 'weather', v_hours, 100,
                     case p_outcome when 'swept' then 'not rebooked in time: refunded in full'
                                    else 'refunded in full instead of rebooking' end,
                     td_offer_ttl(), p_staff, p_device) c;
    perform td_notify_booking(p_booking, case p_outcome when 'swept' then 'rebook_swept' else 'rebook_refunded' end,
        format('Booking %s: the departure cancelled for weather is refunded in full (%s %s).',
               b.booking_number, to_char(v_refund / 100.0, 'FM999999999990.00'), b.currency),
        jsonb_build_object('refund_minor', v_refund, 'currency', b.currency));
    return v_refund;
end $$;
