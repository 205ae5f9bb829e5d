-- With the departure row locked by the caller: expire every active hold whose
-- time has passed, and return how many seats that freed. The audit row names
-- whoever's mutation reclaimed them.
create or replace function td_reclaim_expired(p_departure bigint, p_staff bigint default null, p_device bigint default null)
returns int
language plpgsql as $$
declare
    v_freed int;
begin
    with expired as (
        update holds set status = 'expired', ended_at = clock_timestamp()
         where departure_id = p_departure and status = 'active' and expires_at <= clock_timestamp()
        returning seats, waitlist_entry_id
    ), missed as (
        update waitlist_entries w set status = 'expired', ended_at = clock_timestamp()
          from expired e
         where w.id = e.waitlist_entry_id and w.status = 'offered'
        returning w.id
    )
    -- (data-modifying CTEs always run to completion, read or not)
    select coalesce(sum(seats), 0)::int into v_freed from expired;
    if v_freed > 0 then
        update departures set held = held - v_freed where id = p_departure;
        insert into audit_log (staff_id, device_id, action, departure_id, details)
        values (p_staff, p_device, 'holds.expired', p_departure, jsonb_build_object('seats', v_freed));
    end if;
    return v_freed;
end $$;
