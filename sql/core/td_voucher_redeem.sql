-- Pays (part of) a booking with a voucher: the caller (api.pay) holds the
-- departure's lock, then the booking's, and has checked the amount against
-- the balance; the voucher's row is locked last. Refused with what to do:
-- NOT_FOUND (no such code), VOUCHER_NOT_ACCEPTED (another currency),
-- VOUCHER_EXPIRED, VOUCHER_INSUFFICIENT (less left than asked: take what is
-- left and the rest another way). A partial use leaves the remainder. The
-- ledger row is method voucher with the code as reference; audited
-- `voucher.redeemed` beside the ledger's `payment.taken`.
create or replace function td_voucher_redeem(p_booking bigint, p_code text, p_amount bigint, p_key uuid,
                                             p_staff bigint, p_device bigint)
returns ledger language plpgsql as $$
declare
    b bookings%rowtype;
    v vouchers%rowtype;
    e ledger%rowtype;
begin
    select * into b from bookings where id = p_booking;
    select * into v from vouchers where code = p_code for update;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'voucher', 'id', p_code));
    end if;
    if v.currency <> b.currency then
        perform td_raise('VOUCHER_NOT_ACCEPTED', jsonb_build_object('code', v.code, 'currency', v.currency,
                         'booking_currency', b.currency));
    end if;
    if v.expires_at <= clock_timestamp() then
        perform td_raise('VOUCHER_EXPIRED', jsonb_build_object('code', v.code, 'expires_at', v.expires_at));
    end if;
    if v.remaining_minor < p_amount then
        perform td_raise('VOUCHER_INSUFFICIENT', jsonb_build_object('code', v.code,
                         'remaining_minor', v.remaining_minor, 'currency', v.currency));
    end if;
    update vouchers set remaining_minor = remaining_minor - p_amount where id = v.id returning * into v;
    e := td_ledger_post(p_booking, 'payment', p_amount, 'voucher', v.code, '', p_key, p_staff, p_device);
    insert into audit_log (staff_id, device_id, action, departure_id, booking_id, details)
    values (p_staff, p_device, 'voucher.redeemed', b.departure_id, p_booking,
            jsonb_build_object('booking_number', b.booking_number, 'voucher_id', v.id, 'code', v.code,
                               'ledger_id', e.id, 'amount_minor', p_amount, 'remaining_minor', v.remaining_minor,
                               'currency', v.currency));
    return e;
end $$;
