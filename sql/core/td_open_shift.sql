-- The shift open on a session's device, locked for update (a close, a cash
-- movement: they take turns with each other and with payments posted at
-- the device, which share-lock it in td_ledger_post); NO_OPEN_SHIFT naming
-- the device when there is none.
create or replace function td_open_shift(p_device bigint) returns shifts
language plpgsql as $$
declare
    sh shifts%rowtype;
begin
    select * into sh from shifts x where x.device_id = p_device and x.status = 'open' for update;
    if not found then
        perform td_raise('NO_OPEN_SHIFT', jsonb_build_object('device', (select d.name from devices d
                                                                         where d.id = p_device)));
    end if;
    return sh;
end $$;
