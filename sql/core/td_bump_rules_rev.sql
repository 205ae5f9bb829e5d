-- Any change to pricing_rules bumps pricing_state.rules_rev, so a cached quote
-- can be checked. Trigger: pricing_rules_changed (per statement).
create or replace function td_bump_rules_rev() returns trigger language plpgsql as $$
begin
    update pricing_state set rules_rev = rules_rev + 1;
    return null;
end $$;
