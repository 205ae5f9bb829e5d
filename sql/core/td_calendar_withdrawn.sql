-- The departures a guide or a resource was taken off (p_action, audited
-- with p_key = p_id in its details) and is not on again (not in
-- p_current), among those that ended up to 30 days ago or are still to
-- come: the calendar feed keeps them as withdrawn events. The window's
-- departures are read first and their audit rows by departure
-- (audit_log_departure), so the audit is never scanned whole.
create or replace function td_calendar_withdrawn(p_action text, p_key text, p_id bigint, p_current bigint[])
returns bigint[]
language sql stable as $$
    select coalesce(array_agg(distinct d.id), '{}')
      from departures d
      join audit_log a on a.departure_id = d.id
     where d.ends_at > clock_timestamp() - interval '30 days'
       and a.action = p_action
       and a.details ->> p_key = p_id::text
       and d.id <> all(p_current)
$$;
