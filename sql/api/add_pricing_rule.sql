-- Adds a pricing rule (a manager's) unless an active identical one exists
-- (then that one's id, created = false): seasonal rules add up.
create function api.add_pricing_rule(p_session text, p_kind text, p_tour bigint, p_percent int, p_min_party int,
                                     p_days_before int, p_from date, p_to date, p_description text,
                                     out rule_id bigint, out created boolean)
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
begin
    s := td_authorize(p_session, 'manage_departures', 'manage pricing rules');
    perform td_check_text('description', p_description, 200, false);
    -- one writer at a time, so two identical adds cannot miss each other
    perform pg_advisory_xact_lock(hashtext('tourdesk.pricing_rules'));
    select id into rule_id from pricing_rules
     where active and kind = p_kind and tour_id is not distinct from p_tour and percent = p_percent
       and min_party is not distinct from p_min_party and days_before is not distinct from p_days_before
       and valid_from is not distinct from p_from and valid_to is not distinct from p_to
     order by id limit 1;
    if found then
        created := false;
        return;
    end if;
    insert into pricing_rules (kind, tour_id, percent, min_party, days_before, valid_from, valid_to, description)
    values (p_kind, p_tour, p_percent, p_min_party, p_days_before, p_from, p_to, coalesce(p_description, ''))
    returning id into rule_id;
    created := true;
    insert into audit_log (staff_id, device_id, action, details)
    select s.staff_id, s.device_id, 'pricing_rule.added', to_jsonb(r) from pricing_rules r where r.id = rule_id;
end $$;
