-- Resolves a party to rebook (a weather cancellation) by a refund in full of
-- what it still holds: td_rebook_refund. The desk's (as a cancel is).
-- Idempotent on p_key: the same key for the same booking answers the first
-- outcome (replayed), for anything else IDEMPOTENCY_CONFLICT. Under the
-- departure's lock, then the booking's, as every write of a booking.
create function api.rebook_refund(p_session text, p_booking_number text, p_key uuid)
returns table (booking_number text, status text, refund_minor bigint, voucher_code text,
               voucher_amount_minor bigint, voucher_expires_at timestamptz, currency text,
               resolved_at timestamptz, replayed boolean)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
declare
    s sessions%rowtype;
    b bookings%rowtype;
    r rebookings%rowtype;
begin
    s := td_authorize(p_session, 'cancel', 'resolve a party to rebook');
    b := td_lock_booking_number(p_booking_number, p_key, 'resolution');

    select * into r from rebookings x where x.client_key = p_key;
    if found then
        if r.booking_id <> b.id or r.status <> 'refunded' then
            perform td_raise('IDEMPOTENCY_CONFLICT', jsonb_build_object('key', p_key,
                             'booking_number', (select x.booking_number from bookings x where x.id = r.booking_id)));
        end if;
        return query select * from td_rebook_outcome(b.id, true);
        return;
    end if;
    perform td_rebook_refund(b.id, 'refunded', p_key, s.staff_id, s.device_id);
    return query select * from td_rebook_outcome(b.id, false);
end $$;
