-- How a weather case ended, as api.rebook_refund and api.rebook_credit
-- answer (also on a replay): the case's status, the refund given, the
-- voucher issued.
create or replace function td_rebook_outcome(p_booking bigint, p_replayed boolean)
returns table (booking_number text, status text, refund_minor bigint, voucher_code text,
               voucher_amount_minor bigint, voucher_expires_at timestamptz, currency text,
               resolved_at timestamptz, replayed boolean)
language sql stable as $$
    select b.booking_number, r.status, coalesce(c.refund_minor, 0), v.code, v.amount_minor, v.expires_at,
           b.currency, r.resolved_at, p_replayed
      from bookings b
      join rebookings r on r.booking_id = b.id
      left join cancellations c on c.booking_id = b.id
      left join vouchers v on v.booking_id = b.id
     where b.id = p_booking
$$;
