-- Takes an entry off the waitlist, releasing the seats of an offer it held,
-- and offers them on. Returns 'left', or the status of an entry that was no
-- longer waiting or offered.
create or replace function td_waitlist_leave(p_entry bigint, p_offer_ttl interval, p_staff bigint, p_device bigint)
returns text language plpgsql as $$
declare
    w waitlist_entries%rowtype;
begin
    select * into w from waitlist_entries where id = p_entry;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'waitlist entry', 'id', p_entry));
    end if;
    perform 1 from departures where id = w.departure_id for update;
    select * into w from waitlist_entries where id = p_entry;
    if w.status not in ('waiting', 'offered') then
        return w.status;
    end if;
    update waitlist_entries set status = 'left', ended_at = clock_timestamp() where id = p_entry;
    if w.status = 'offered' then
        update holds set status = 'released', ended_at = clock_timestamp()
         where id = w.offer_hold_id and status = 'active';
        if found then
            update departures set held = held - w.seats where id = w.departure_id;
        end if;
    end if;
    insert into audit_log (staff_id, device_id, action, departure_id, details)
    values (p_staff, p_device, 'waitlist.left', w.departure_id, jsonb_build_object('entry_id', p_entry));
    perform td_promote_waitlist(w.departure_id, p_offer_ttl, p_staff, p_device);
    return 'left';
end $$;
