-- Refunds part of what a booking has paid, with a reason: a manager's (the
-- amount is the clerk's choice, so it overrides the refund rules, as a
-- cancellation's refund override is a manager's). Never more than paid less
-- refunded less any credit voucher issued for it (EXCEEDS_REFUNDABLE with
-- that figure); the money goes back the
-- way it came (the last payment's method). A refund does not reopen a
-- balance: it is money given back, not a payment undone. Allowed on a
-- cancelled booking too (the rest of what the rules kept). Idempotent on
-- p_key as api.pay; under the departure's lock, then the booking's.
create function api.refund(p_session text, p_booking_number text, p_amount bigint, p_reason text, p_key uuid)
returns table (entry_id bigint, booking_number text, kind text, amount_minor bigint, currency text, method text,
               reference text, reason text, at timestamptz, paid_minor bigint, refunded_minor bigint,
               balance_minor bigint, payment_status text, replayed boolean)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
declare
    s sessions%rowtype;
    b bookings%rowtype;
    e ledger%rowtype;
    v_reason text := btrim(coalesce(p_reason, ''));
    v_refundable bigint;
begin
    s := td_authorize(p_session, 'refund', 'refund an amount of their choosing (a manager does)');
    if p_amount is null or p_amount <= 0 then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'amount',
                         'problem', 'a positive amount in minor units (kopecks)'));
    end if;
    perform td_check_text('refund reason', v_reason, 500, true);
    b := td_lock_booking_number(p_booking_number, p_key, 'refund');

    select * into e from ledger l where l.client_key = p_key;
    if found then
        if e.booking_id <> b.id or e.kind <> 'refund' or e.amount_minor <> p_amount or e.reason <> v_reason then
            perform td_raise('IDEMPOTENCY_CONFLICT', jsonb_build_object('key', p_key,
                             'booking_number', (select x.booking_number from bookings x where x.id = e.booking_id)));
        end if;
        return query select t.*, true from td_ledger_entry(e.id) t;
        return;
    end if;
    -- what a credit turned into a voucher (a party to rebook resolved by
    -- credit) was given back already, as the voucher: not refundable again
    v_refundable := b.paid_minor - b.refunded_minor
                    - coalesce((select sum(v.amount_minor) from vouchers v where v.booking_id = b.id), 0);
    if p_amount > v_refundable then
        perform td_raise('EXCEEDS_REFUNDABLE', jsonb_build_object(
            'booking_number', b.booking_number, 'amount_minor', p_amount,
            'refundable_minor', greatest(v_refundable, 0), 'currency', b.currency));
    end if;
    e := td_ledger_post(b.id, 'refund', p_amount, null, null, v_reason, p_key, s.staff_id, s.device_id);
    return query select t.*, false from td_ledger_entry(e.id) t;
end $$;
