-- The end of a change: its answer (the booking as it now stands, and what the
-- change did) kept under the client's key, with staff and device, and
-- returned as api's answer. The caller has written its own audit row.
create or replace function td_change_finish(p_key uuid, p_booking bigint, p_kind text, p_request jsonb,
                                            p_participant bigint, p_price_change bigint, p_charged bigint,
                                            p_refund_percent int, p_refund bigint, p_offers int,
                                            p_staff bigint, p_device bigint)
returns booking_change_answer language plpgsql as $$
declare
    b bookings%rowtype;
    v_answer jsonb;
begin
    select * into b from bookings where id = p_booking;
    v_answer := jsonb_build_object(
        'booking_number', b.booking_number, 'change', p_kind, 'participant_id', p_participant,
        'adults', b.adults, 'children', b.children, 'total_minor', b.total_minor,
        'price_change_minor', p_price_change, 'charged_minor', p_charged,
        'refund_percent', p_refund_percent, 'refund_minor', p_refund,
        'paid_minor', b.paid_minor, 'refunded_minor', b.refunded_minor,
        'balance_minor', greatest(b.total_minor - b.paid_minor, 0), 'payment_status', b.payment_status,
        'currency', b.currency, 'waitlist_offers', p_offers, 'at', clock_timestamp());
    insert into booking_changes (client_key, booking_id, kind, request, answer, staff_id, device_id)
    values (p_key, p_booking, p_kind, p_request, v_answer, p_staff, p_device);
    -- the customer told when the party or the price changed (a contact or a
    -- name corrected alone is not news to them)
    if p_kind in ('add_person', 'remove_person') or coalesce(p_price_change, 0) <> 0 then
        perform td_notify_booking(p_booking, 'booking_changed',
            format('Booking %s is changed: %s adult(s), %s child(ren), total %s %s.', b.booking_number,
                   b.adults, b.children, to_char(b.total_minor / 100.0, 'FM999999999990.00'), b.currency),
            jsonb_build_object('change', p_kind, 'adults', b.adults, 'children', b.children,
                               'total_minor', b.total_minor, 'price_change_minor', coalesce(p_price_change, 0),
                               'charged_minor', coalesce(p_charged, 0), 'refund_minor', coalesce(p_refund, 0),
                               'currency', b.currency));
    end if;
    return td_change_answer(v_answer, false);
end $$;
