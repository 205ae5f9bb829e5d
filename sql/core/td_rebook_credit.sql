-- Resolves a weather case by credit: a voucher for what the party still
-- holds (paid less refunded), valid for the operator's voucher_validity
-- (365 days unless set); the booking is cancelled with no refund (td_cancel:
-- reason weather, 0 %, its seat off the departure's count) — the money
-- stays, now as the voucher's. A party that holds nothing has nothing to
-- credit (INVALID_INPUT: refund closes it). Locks as td_rebook_refund.
-- Audited `rebook.credited` and `voucher.issued`; the contact gets the code.
create or replace function td_rebook_credit(p_booking bigint, p_key uuid, p_staff bigint, p_device bigint)
returns vouchers language plpgsql as $$
declare
    b bookings%rowtype;
    d departures%rowtype;
    v vouchers%rowtype;
    v_amount bigint;
    v_code text;
    v_expires timestamptz;
begin
    select * into b from bookings where id = p_booking;
    select * into d from departures where id = b.departure_id for update;
    select * into b from bookings where id = p_booking for update;
    v_amount := b.paid_minor - b.refunded_minor;
    v_code := td_voucher_code();
    v_expires := clock_timestamp() + coalesce((select s.voucher_validity from operator_settings s), interval '365 days');
    perform td_rebook_resolve(p_booking, 'credited', p_key, p_staff, p_device,
                              jsonb_build_object('voucher_code', v_code, 'amount_minor', v_amount,
                                                 'currency', b.currency));
    if v_amount <= 0 then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'booking',
                         'problem', format('booking %s holds no money to credit: close it with a refund instead',
                                           b.booking_number)));
    end if;
    perform td_cancel(p_booking, 'weather', (extract(epoch from d.starts_at - clock_timestamp()) / 3600)::numeric,
                      0, format('credited as voucher %s', v_code), td_offer_ttl(), p_staff, p_device);
    insert into vouchers (code, amount_minor, remaining_minor, currency, expires_at, booking_id, staff_id, device_id)
    values (v_code, v_amount, v_amount, b.currency, v_expires, p_booking, p_staff, p_device)
    returning * into v;
    insert into audit_log (staff_id, device_id, action, departure_id, booking_id, details)
    values (p_staff, p_device, 'voucher.issued', b.departure_id, p_booking,
            jsonb_build_object('booking_number', b.booking_number, 'voucher_id', v.id, 'code', v.code,
                               'amount_minor', v_amount, 'currency', b.currency, 'expires_at', v_expires));
    perform td_notify_booking(p_booking, 'rebook_credited',
        format('Booking %s: the departure cancelled for weather is credited as voucher %s for %s %s, valid until %s.',
               b.booking_number, v.code, to_char(v_amount / 100.0, 'FM999999999990.00'), b.currency,
               to_char(v_expires at time zone d.time_zone, 'YYYY-MM-DD')),
        jsonb_build_object('voucher', v.code, 'amount_minor', v_amount, 'currency', b.currency,
                           'expires_on', to_char(v_expires at time zone d.time_zone, 'YYYY-MM-DD')));
    return v;
end $$;
