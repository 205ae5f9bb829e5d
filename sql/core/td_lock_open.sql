-- Locks a departure that still sells (waiting, bounded by lock_timeout) and
-- returns it; raises why it does not: missing, cancelled, started or closed.
create or replace function td_lock_open(p_departure bigint) returns departures
language plpgsql as $$
declare
    d departures%rowtype;
begin
    select * into d from departures where id = p_departure for update;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'departure', 'id', p_departure));
    end if;
    if d.status = 'cancelled' then
        perform td_raise('DEPARTURE_CANCELLED', jsonb_build_object('departure_id', p_departure));
    end if;
    if d.status = 'closed' or d.starts_at <= clock_timestamp() then
        perform td_raise('SALES_CLOSED', jsonb_build_object('departure_id', p_departure, 'starts_at', d.starts_at));
    end if;
    return d;
end $$;
