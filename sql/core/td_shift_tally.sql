-- What a shift's drawer should hold, per currency and method, and what was
-- counted: the one place the arithmetic lives (api.shift_tally answers it,
-- api.shift_close returns it, the Z-report prints it).
--   cash:   expected = float + cash in − cash out + cash payments − cash refunds
--           counted  = the close's count by denomination (null while open)
--   others: expected = payments − refunds, and counted is the same ledger
--           sum (card slips, transfers and vouchers are not in the drawer:
--           the slips are summed from the ledger's rows)
--   over_short = counted − expected (positive: over, negative: short)
-- The drawer's currency has a cash line even when nothing happened in it.
create or replace function td_shift_tally(p_shift bigint,
    out currency text, out method text, out float_minor bigint, out cash_in_minor bigint, out cash_out_minor bigint,
    out payments int, out payments_minor bigint, out refunds int, out refunds_minor bigint,
    out expected_minor bigint, out counted_minor bigint, out over_short_minor bigint)
returns setof record language sql stable as $$
    with sh as (
        select * from shifts where id = p_shift
    ), money as (
        select l.currency, l.method,
               count(*) filter (where l.kind = 'payment')::int as payments,
               coalesce(sum(l.amount_minor) filter (where l.kind = 'payment'), 0)::bigint as payments_minor,
               count(*) filter (where l.kind = 'refund')::int as refunds,
               coalesce(sum(l.amount_minor) filter (where l.kind = 'refund'), 0)::bigint as refunds_minor
          from ledger l where l.shift_id = p_shift
         group by l.currency, l.method
    ), moves as (
        select m.currency,
               coalesce(sum(m.amount_minor) filter (where m.kind = 'float'), 0)::bigint as float_minor,
               coalesce(sum(m.amount_minor) filter (where m.kind = 'in'), 0)::bigint as in_minor,
               coalesce(sum(m.amount_minor) filter (where m.kind = 'out'), 0)::bigint as out_minor
          from shift_cash_moves m where m.shift_id = p_shift
         group by m.currency
    ), counted as (
        select c.currency, sum(c.value_minor * c.count)::bigint as counted_minor
          from shift_counts c where c.shift_id = p_shift
         group by c.currency
    ), lines as (
        select sh.currency, 'cash'::text as method from sh
        union select m.currency, m.method from money m
        union select m.currency, 'cash' from moves m
        union select c.currency, 'cash' from counted c
    ), figures as (
        select x.currency, x.method,
               case when x.method = 'cash' then coalesce(mv.float_minor, 0) else 0 end as float_minor,
               case when x.method = 'cash' then coalesce(mv.in_minor, 0) else 0 end as cash_in_minor,
               case when x.method = 'cash' then coalesce(mv.out_minor, 0) else 0 end as cash_out_minor,
               coalesce(mo.payments, 0) as payments, coalesce(mo.payments_minor, 0) as payments_minor,
               coalesce(mo.refunds, 0) as refunds, coalesce(mo.refunds_minor, 0) as refunds_minor,
               co.counted_minor
          from lines x
          left join money mo on mo.currency = x.currency and mo.method = x.method
          left join moves mv on mv.currency = x.currency
          left join counted co on co.currency = x.currency
    ), expected as (
        select f.*, (f.float_minor + f.cash_in_minor - f.cash_out_minor + f.payments_minor - f.refunds_minor)::bigint
                    as expected_minor
          from figures f
    )
    select e.currency, e.method, e.float_minor, e.cash_in_minor, e.cash_out_minor,
           e.payments, e.payments_minor, e.refunds, e.refunds_minor, e.expected_minor,
           c.counted_minor, c.counted_minor - e.expected_minor
      from expected e
      cross join sh
      cross join lateral (
          select case when sh.status = 'open' then null
                      when e.method = 'cash' then coalesce(e.counted_minor, 0)
                      else e.expected_minor end::bigint as counted_minor
      ) c
     order by e.currency = sh.currency desc, e.currency,
              array_position(array['cash', 'card', 'transfer', 'voucher'], e.method)
$$;
