-- A booking's payment status from its money (the sums of its ledger rows):
-- the one rule, used by td_ledger_post and by a sale before it has any row.
-- A free booking sold as paid (total 0, a method given) counts as paid, as
-- sales always recorded it.
create or replace function td_payment_status(p_total bigint, p_paid bigint, p_refunded bigint, p_method text)
returns text language sql immutable as $$
    select case
        when p_refunded > 0 and p_refunded >= p_paid then 'refunded'
        when p_refunded > 0 then 'partially_refunded'
        when p_paid = 0 and p_total = 0 and p_method <> 'unpaid' then 'paid'
        when p_paid = 0 then 'unpaid'
        when p_paid < p_total then 'partially_paid'
        else 'paid'
    end
$$;
