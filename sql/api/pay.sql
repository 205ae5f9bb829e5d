-- Takes (part of) a booking's unpaid balance: cash, card with the terminal's
-- slip number, a bank transfer with its reference, or a voucher with its
-- code (td_voucher_redeem: its own refusals; the code as typed, normalised
-- by td_voucher_normalize, is the row's reference). More than the
-- balance is EXCEEDS_BALANCE with the balance. Idempotent on p_key: the same
-- key with the same request answers the first payment as it was
-- (replayed), with anything else IDEMPOTENCY_CONFLICT. Staff, device and
-- time are the session's and the server's; under the departure's lock, then
-- the booking's, as every write of a booking.
create function api.pay(p_session text, p_booking_number text, p_amount bigint, p_method text, p_reference text,
                        p_key uuid)
returns table (entry_id bigint, booking_number text, kind text, amount_minor bigint, currency text, method text,
               reference text, reason text, at timestamptz, paid_minor bigint, refunded_minor bigint,
               balance_minor bigint, payment_status text, replayed boolean)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
declare
    s sessions%rowtype;
    b bookings%rowtype;
    e ledger%rowtype;
    v_reference text := btrim(coalesce(p_reference, ''));
begin
    s := td_authorize(p_session, 'sell', 'take payments');
    if p_method is null or p_method not in ('cash', 'card', 'transfer', 'voucher') then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'method',
                         'problem', 'one of cash, card, transfer, voucher'));
    end if;
    if p_method = 'voucher' then
        v_reference := td_voucher_normalize(v_reference);
    end if;
    if p_amount is null or p_amount <= 0 then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'amount',
                         'problem', 'a positive amount in minor units (kopecks)'));
    end if;
    perform td_check_text('payment reference', v_reference, 100, p_method in ('card', 'transfer', 'voucher'));
    b := td_lock_booking_number(p_booking_number, p_key, 'payment');

    select * into e from ledger l where l.client_key = p_key;
    if found then
        if e.booking_id <> b.id or e.kind <> 'payment' or e.amount_minor <> p_amount or e.method <> p_method
           or e.reference <> v_reference then
            perform td_raise('IDEMPOTENCY_CONFLICT', jsonb_build_object('key', p_key,
                             'booking_number', (select x.booking_number from bookings x where x.id = e.booking_id)));
        end if;
        return query select t.*, true from td_ledger_entry(e.id) t;
        return;
    end if;
    if b.status = 'cancelled' then
        perform td_raise('BOOKING_CANCELLED', jsonb_build_object('booking_number', b.booking_number));
    end if;
    if p_amount > b.total_minor - b.paid_minor then
        perform td_raise('EXCEEDS_BALANCE', jsonb_build_object(
            'booking_number', b.booking_number, 'amount_minor', p_amount,
            'balance_minor', greatest(b.total_minor - b.paid_minor, 0), 'currency', b.currency));
    end if;
    if p_method = 'voucher' then
        e := td_voucher_redeem(b.id, v_reference, p_amount, p_key, s.staff_id, s.device_id);
    else
        e := td_ledger_post(b.id, 'payment', p_amount, p_method, v_reference, '', p_key, s.staff_id, s.device_id);
    end if;
    return query select t.*, false from td_ledger_entry(e.id) t;
end $$;
