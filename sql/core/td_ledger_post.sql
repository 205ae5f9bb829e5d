-- Posts one payment or refund of a booking, and derives the booking's
-- paid_minor, refunded_minor and payment_status from all of its rows. The
-- ONLY writer of those three columns after a sale inserts its booking
-- (unpaid): why columns and not a view — the manifest, the gate's "unpaid"
-- flag, stats and the field laptop read them on hot paths and keep working
-- unchanged, and a sum written in the row's own transaction cannot drift
-- (tests/common's ledger check compares them with the rows for a whole
-- database). The caller holds the departure's lock, then the booking's
-- (the core's order), has checked who may, and audits its own operation;
-- this writes the money's audit row (`payment.taken`, `refund.given`).
-- A refund's method (p_method null) is the way the money came: the method
-- and reference of the booking's last payment; a voucher's goes back onto
-- the voucher (its remaining grows) when it can, see below.
-- The row belongs to the shift open on p_device, if any (migration 0035):
-- set here, the one place every payment and refund is posted, so no path
-- can forget it. The shift's row is share-locked: a close waits for this
-- transaction, and a posting that waited on a close finds no open shift
-- and is taken outside any shift rather than into a counted drawer.
create or replace function td_ledger_post(p_booking bigint, p_kind text, p_amount bigint, p_method text,
                                          p_reference text, p_reason text, p_key uuid,
                                          p_staff bigint, p_device bigint)
returns ledger language plpgsql as $$
declare
    b bookings%rowtype;
    e ledger%rowtype;
    v_method text := p_method;
    v_reference text := coalesce(p_reference, '');
    v_paid bigint;
    v_refunded bigint;
    v_shift bigint;
begin
    select * into b from bookings where id = p_booking;
    if v_method is null then
        select l.method, l.reference into v_method, v_reference
          from ledger l where l.booking_id = p_booking and l.kind = 'payment'
         order by l.id desc limit 1;
        v_method := coalesce(v_method, 'cash');
        v_reference := coalesce(v_reference, '');
        -- a voucher payment's refund goes back onto the voucher (locked here,
        -- after the booking), at most what this booking took from it and only
        -- while it is valid; otherwise the way the last other payment came
        if v_method = 'voucher' then
            if p_amount <= (select coalesce(sum(case l.kind when 'payment' then l.amount_minor
                                                           else -l.amount_minor end), 0)
                              from ledger l where l.booking_id = p_booking and l.method = 'voucher'
                                              and l.reference = v_reference)
               and exists (select 1 from vouchers v where v.code = v_reference and v.expires_at > clock_timestamp()) then
                update vouchers set remaining_minor = remaining_minor + p_amount where code = v_reference;
            else
                select l.method, l.reference into v_method, v_reference
                  from ledger l where l.booking_id = p_booking and l.kind = 'payment' and l.method <> 'voucher'
                 order by l.id desc limit 1;
                v_method := coalesce(v_method, 'cash');
                v_reference := coalesce(v_reference, '');
            end if;
        end if;
    end if;
    select sh.id into v_shift from shifts sh where sh.device_id = p_device and sh.status = 'open' for share;
    insert into ledger (booking_id, kind, amount_minor, currency, method, reference, reason, staff_id, device_id,
                        client_key, shift_id)
    values (p_booking, p_kind, p_amount, b.currency, v_method, v_reference, coalesce(p_reason, ''), p_staff, p_device,
            p_key, v_shift)
    returning * into e;
    select coalesce(sum(amount_minor) filter (where kind = 'payment'), 0),
           coalesce(sum(amount_minor) filter (where kind = 'refund'), 0)
      into v_paid, v_refunded
      from ledger where booking_id = p_booking;
    -- bookings_refund_within_paid refuses a refund beyond what was paid, whoever called
    update bookings
       set paid_minor = v_paid, refunded_minor = v_refunded,
           payment_status = td_payment_status(total_minor, v_paid, v_refunded, payment_method),
           -- how the booking was paid: the first payment's method, a
           -- voucher's too (migration 0024; it said 'unpaid' before)
           payment_method = case when p_kind = 'payment' and payment_method = 'unpaid'
                                 then v_method else payment_method end
     where id = p_booking;
    insert into audit_log (staff_id, device_id, action, departure_id, booking_id, details)
    values (p_staff, p_device, case p_kind when 'payment' then 'payment.taken' else 'refund.given' end,
            b.departure_id, p_booking,
            jsonb_build_object('booking_number', b.booking_number, 'ledger_id', e.id, 'amount_minor', p_amount,
                               'currency', b.currency, 'method', v_method, 'reason', e.reason,
                               'paid_minor', v_paid, 'refunded_minor', v_refunded, 'key', p_key,
                               'shift_id', v_shift));
    return e;
end $$;
