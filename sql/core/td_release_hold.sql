-- Gives a hold's seats back (departure locked first, then the hold) and
-- offers them to the waitlist. Returns the hold's status: a second release,
-- or a hold that expired or was converted meanwhile, changes nothing.
create or replace function td_release_hold(p_hold bigint, p_offer_ttl interval, p_staff bigint, p_device bigint)
returns text language plpgsql as $$
declare
    h holds%rowtype;
    v_dep bigint;
    v_now timestamptz;
begin
    select departure_id into v_dep from holds where id = p_hold;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'hold', 'id', p_hold));
    end if;
    -- departure first, then hold: the same lock order as everywhere else
    perform 1 from departures where id = v_dep for update;
    select * into h from holds where id = p_hold;
    if h.status <> 'active' then
        return h.status; -- released twice, expired or converted: nothing to give back
    end if;
    -- a hold past its time is recorded as what it is: expired. One instant
    -- for both columns: with two clock_timestamp() calls a release at the
    -- hold's last moment could be 'expired' yet end before its expiry (seen
    -- by the concurrency mix on a loaded machine)
    v_now := clock_timestamp();
    update holds set status = case when expires_at <= v_now then 'expired' else 'released' end,
                     ended_at = v_now
     where id = p_hold
    returning status into h.status;
    update departures set held = held - h.seats where id = v_dep;
    if h.waitlist_entry_id is not null then
        update waitlist_entries set status = case when h.status = 'expired' then 'expired' else 'left' end,
                                    ended_at = clock_timestamp()
         where id = h.waitlist_entry_id and status = 'offered';
    end if;
    insert into audit_log (staff_id, device_id, action, departure_id, details)
    values (p_staff, p_device, 'hold.' || h.status, v_dep, jsonb_build_object('hold_id', p_hold, 'seats', h.seats));
    perform td_promote_waitlist(v_dep, p_offer_ttl, p_staff, p_device);
    return h.status;
end $$;
