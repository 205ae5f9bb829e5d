-- What each role may do: the kiosk's rules (src/domain/role.rs, whose test
-- compares the two tables).
create or replace function td_role_may(p_role text, p_action text) returns boolean
language sql immutable as $$
    select case p_action
        when 'read' then true
        when 'check_in' then true
        when 'sweep' then true
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
        -- the delivery worker reads every customer's address: a manager's session
        when 'notify' then p_role = 'manager'
        else false
    end
$$;
