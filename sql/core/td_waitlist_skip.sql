-- Skip: the entry goes to the back of the queue (still waiting, contact kept),
-- an open offer's seats are released and offered to the first party that fits
-- — the skipped one again if nobody else does: seats must not sit idle.
-- Returns the entry's status afterwards ('waiting' or 'offered'); an entry no
-- longer in the queue is left alone and its status returned.
create or replace function td_waitlist_skip(p_entry bigint, p_offer_ttl interval, p_staff bigint, p_device bigint)
returns text language plpgsql as $$
declare
    w waitlist_entries%rowtype;
    v_released boolean := false;
    v_freed int;
begin
    select * into w from waitlist_entries where id = p_entry;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'waitlist entry', 'id', p_entry));
    end if;
    perform 1 from departures where id = w.departure_id for update;
    -- an offer that has run out was missed, not skipped: it must not be
    -- revived at the back of the queue
    v_freed := td_reclaim_expired(w.departure_id, p_staff, p_device);
    select * into w from waitlist_entries where id = p_entry;
    if w.status not in ('waiting', 'offered') then
        -- seats freed just now go on to the next in line, as a sweep would
        if v_freed > 0 then
            perform td_promote_waitlist(w.departure_id, p_offer_ttl, p_staff, p_device);
        end if;
        return w.status;
    end if;
    if w.status = 'offered' then
        update holds set status = 'released', ended_at = clock_timestamp()
         where id = w.offer_hold_id and status = 'active';
        if found then
            update departures set held = held - w.seats where id = w.departure_id;
            v_released := true;
        end if;
    end if;
    update waitlist_entries
       set status = 'waiting', offer_hold_id = null, offered_at = null,
           queue_seq = nextval('waitlist_queue_seq')
     where id = p_entry;
    insert into audit_log (staff_id, device_id, action, departure_id, details)
    values (p_staff, p_device, 'waitlist.skipped', w.departure_id,
            jsonb_build_object('entry_id', p_entry, 'was', w.status,
                               'released_hold_id', case when v_released then w.offer_hold_id end,
                               'seats', w.seats));
    perform td_promote_waitlist(w.departure_id, p_offer_ttl, p_staff, p_device);
    -- the order changed even when no seat did (the departures trigger would
    -- stay silent): other desks showing this queue reload it
    perform pg_notify('departure_changed', w.departure_id::text);
    select status into w.status from waitlist_entries where id = p_entry;
    return w.status;
end $$;
