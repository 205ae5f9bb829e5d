-- Reopen a closed check-in (closed too early, or someone ran to the bus):
-- the no-shows the close made are expected again; sales reopen if the
-- departure has not started.
create or replace function td_reopen_check_in(p_departure bigint, p_staff bigint, p_device bigint) returns int
language plpgsql as $$
declare
    d departures%rowtype;
    n int;
begin
    select * into d from departures where id = p_departure for update;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'departure', 'id', p_departure));
    end if;
    if d.check_in_closed_at is null then
        return 0;
    end if;
    update participants set no_show = false, no_show_reason = '', no_show_at = null
     where departure_id = p_departure and no_show and no_show_reason = 'not checked in when check-in closed';
    get diagnostics n = row_count;
    update departures set check_in_closed_at = null,
                          status = case when status = 'closed' then 'scheduled' else status end
     where id = p_departure;
    insert into audit_log (staff_id, device_id, action, departure_id, details)
    values (p_staff, p_device, 'check_in.reopened', p_departure, jsonb_build_object('no_shows_cleared', n));
    return n;
end $$;
