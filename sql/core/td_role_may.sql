-- What each role may do: the kiosk's rules (src/domain/role.rs, whose test
-- compares the two tables).
create or replace function td_role_may(p_role text, p_action text) returns boolean
language sql immutable as $$
    select case p_action
        -- the notifier (the delivery worker's own identity) may only deliver
        when 'read' then p_role <> 'notifier'
        when 'check_in' then p_role <> 'notifier'
        when 'sweep' then p_role <> 'notifier'
        when 'sell' then p_role in ('desk', 'manager')
        when 'cancel' then p_role in ('desk', 'manager')
        when 'manage_departures' then p_role = 'manager'
        when 'weather' then p_role = 'manager'
        when 'stats' then p_role = 'manager'
        when 'manage_keys' then p_role = 'manager'
        -- a refund of an amount the clerk chooses overrides the refund rules
        when 'refund' then p_role = 'manager'
        -- the sign-off of a counted drawer: not the clerk's own
        when 'approve_shifts' then p_role = 'manager'
        -- the delivery worker reads every customer's address: its own
        -- notifier's session, or a manager's (`notify status`)
        when 'notify' then p_role in ('manager', 'notifier')
        else false
    end
$$;
