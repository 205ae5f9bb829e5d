-- The one rule for what a customer owes or is owed after any change of what
-- a booking costs: a change of its party (td_booking_reprice) and a move to
-- another departure (td_move_terms). Pure: the quote of a move previews it,
-- the change and the move apply it under their locks.
--
-- p_price is what the booking costs now: the party's price, plus what was
-- paid beyond an earlier price and stays in the total (every `paid_beyond`
-- line of the breakdown, carried from change to change and move to move).
-- Money paid beyond p_price (paid_minor, the ledger's payments, less
-- p_price) is `beyond_minor`: p_refund_percent of it goes back as a refund
-- row (never more than paid less refunded), the rest is kept as the fee.
-- The total becomes p_price + beyond_minor — it never falls below what was
-- paid — so **the balance is total less paid**, the rule api.pay,
-- td_ledger_entry and the gate read, after any sequence of changes and
-- moves: a refund row is money given back, and what the customer owes in
-- the end is total less refunded (the price, plus the fees kept). Carrying
-- the `paid_beyond` lines keeps a fee kept and a refund given counted when
-- a later change or move makes the booking dearer again: the customer
-- owes the new price and the fees, less what they paid net (a move to a
-- cheaper departure refunded 75 % of the difference; moving on to a dearer
-- one charges the new price less what was kept, not less what was paid).
--
-- `line` is the breakdown's `paid_beyond` line for beyond_minor (null when
-- nothing was paid beyond), p_label saying what made the booking cheaper.
create or replace function td_settle(p_price bigint, p_paid bigint, p_refunded bigint, p_refund_percent int,
                                     p_label text,
                                     out total_minor bigint, out beyond_minor bigint, out refund_minor bigint,
                                     out kept_minor bigint, out line jsonb)
language sql immutable as $$
    select p_price + x.beyond, x.beyond, x.refund, x.beyond - x.refund,
           case when x.beyond > 0 then jsonb_build_object('kind', 'paid_beyond', 'amount_minor', x.beyond,
                'label', format('paid beyond the new price (%s): %s %% refunded', p_label, p_refund_percent)) end
      from (select b.beyond, least((b.beyond * p_refund_percent + 50) / 100, p_paid - p_refunded) as refund
              from (select greatest(p_paid - p_price, 0) as beyond) b) x
$$;
