-- With the departure locked by the caller: offer freed seats to the waitlist,
-- first entry whose party fits first. An offer is a seat-holding hold with a
-- short TTL; its expiry passes the seats on to the next in line. Queue order
-- is queue_seq (migration 0006), not id. Seats its resources do not leave
-- free (migration 0027) are not offered.
create or replace function td_promote_waitlist(p_departure bigint, p_offer_ttl interval, p_staff bigint, p_device bigint)
returns int language plpgsql as $$
declare
    d departures%rowtype;
    w waitlist_entries%rowtype;
    v_free int;
    v_hold bigint;
    v_offers int := 0;
begin
    -- seats of dead holds are free too, sweeper or not
    perform td_reclaim_expired(p_departure, p_staff, p_device);
    select * into d from departures where id = p_departure;
    if d.status <> 'scheduled' or d.starts_at <= clock_timestamp() then
        return 0;
    end if;
    v_free := d.capacity - d.booked - d.held;
    -- and no more than its resources leave (0 on a day one is out of
    -- service), under their locks: the core's order, departure first
    if d.has_resources then
        perform td_lock_resources(array[p_departure]);
        v_free := least(v_free, td_resource_free(p_departure));
    end if;
    for w in select * from waitlist_entries
              where departure_id = p_departure and status = 'waiting' order by queue_seq loop
        exit when v_free <= 0;
        continue when w.seats > v_free;
        insert into holds (departure_id, adults, children, expires_at, purpose, waitlist_entry_id, staff_id, device_id)
        values (p_departure, w.adults, w.children, least(clock_timestamp() + p_offer_ttl, d.starts_at),
                'waitlist_offer', w.id, p_staff, p_device)
        returning id into v_hold;
        update waitlist_entries set status = 'offered', offer_hold_id = v_hold, offered_at = clock_timestamp()
         where id = w.id;
        update departures set held = held + w.seats where id = p_departure;
        v_free := v_free - w.seats;
        v_offers := v_offers + 1;
        -- the offer and its deadline (the hold's expiry) to the phone and the address
        insert into notification_outbox (waitlist_entry_id, channel, recipient, kind, body, details)
        select w.id, c.channel, c.recipient, 'waitlist_offer',
               format('%s seat(s) are free for you. Come to the desk or call us within %s minutes.',
                      w.seats, ceil(extract(epoch from p_offer_ttl) / 60)),
               jsonb_build_object('seats', w.seats, 'expires_at',
                                  least(clock_timestamp() + p_offer_ttl, d.starts_at))
          from (values ('sms', w.phone), ('email', w.email)) c (channel, recipient)
         where c.recipient <> '';
        insert into audit_log (staff_id, device_id, action, departure_id, details)
        values (p_staff, p_device, 'waitlist.offered', p_departure,
                jsonb_build_object('entry_id', w.id, 'hold_id', v_hold, 'seats', w.seats));
    end loop;
    return v_offers;
end $$;
