-- One voucher by its code (as typed: td_voucher_normalize): amount, what is
-- left, currency, expiry, the booking it was issued for. The desk's and the
-- manager's. NOT_FOUND for a code that is none.
create function api.voucher(p_session text, p_code text)
returns table (code text, amount_minor bigint, remaining_minor bigint, currency text, expires_at timestamptz,
               expired boolean, issued_for text, created_at timestamptz)
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
    v_code text := td_voucher_normalize(p_code);
begin
    s := td_authorize(p_session, 'sell', 'look up vouchers');
    return query
    select v.code, v.amount_minor, v.remaining_minor, v.currency, v.expires_at, v.expires_at <= clock_timestamp(),
           b.booking_number, v.created_at
      from vouchers v join bookings b on b.id = v.booking_id
     where v.code = v_code;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'voucher', 'id', v_code));
    end if;
end $$;
