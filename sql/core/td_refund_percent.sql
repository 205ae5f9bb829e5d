-- The refund percent the rules give for a reason this many hours before
-- departure (the first rule, highest threshold first, that the time reaches;
-- a rule without threshold matches any time). Pure domain code has the same
-- rule (src/domain/refund.rs); the server's is the one that counts. A tie
-- (two rules without threshold: the table's unique key lets nulls differ) goes
-- to the newer rule, as in the domain code; before, the sort left whichever it
-- met first (seen: the older). tests/core/refund_scenarios.rs runs both.
create or replace function td_refund_percent(p_reason text, p_hours_before numeric) returns int
language sql stable as $$
    select coalesce((select refund_percent from refund_rules
                      where reason = p_reason
                        and (min_hours_before is null or p_hours_before >= min_hours_before)
                      order by min_hours_before desc nulls last, id desc
                      limit 1), 0)
$$;
