-- Skipping a party at the desk: the party offered seats (or next in line) is
-- not here, so it goes to the back of the queue, its open offer is released and
-- the seats are offered at once to the next party that fits.
--
-- The queue order can no longer be the entry id (a skipped entry keeps its id,
-- its contact details and its history), so it becomes queue_seq: taken from a
-- sequence on joining, taken again on a skip. Every queue mutation holds the
-- departure row lock, so the numbers of one departure are handed out in commit
-- order. Existing entries keep their order (queue_seq = id).

create sequence waitlist_queue_seq;
alter table waitlist_entries add column queue_seq bigint;
update waitlist_entries set queue_seq = id;
select setval('waitlist_queue_seq', coalesce((select max(id) from waitlist_entries), 0) + 1, false);
alter table waitlist_entries
    alter column queue_seq set default nextval('waitlist_queue_seq'),
    alter column queue_seq set not null;
alter sequence waitlist_queue_seq owned by waitlist_entries.queue_seq;

drop index waitlist_queue;
create index waitlist_queue on waitlist_entries (departure_id, queue_seq) where status in ('waiting', 'offered');

-- As in 0002, ordered by queue_seq instead of id.
-- With the departure locked by the caller: offer freed seats to the waitlist,
-- first entry whose party fits first. An offer is a seat-holding hold with a
-- short TTL; its expiry passes the seats on to the next in line.
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
        if w.phone <> '' then
            insert into notification_outbox (waitlist_entry_id, channel, recipient, kind, body)
            values (w.id, 'sms', w.phone, 'waitlist_offer',
                    format('%s seat(s) are free for you. Come to the desk or call us within %s minutes.',
                           w.seats, ceil(extract(epoch from p_offer_ttl) / 60)));
        end if;
        insert into audit_log (staff_id, device_id, action, departure_id, details)
        values (p_staff, p_device, 'waitlist.offered', p_departure,
                jsonb_build_object('entry_id', w.id, 'hold_id', v_hold, 'seats', w.seats));
    end loop;
    return v_offers;
end $$;

-- As in 0003, with the place counted in queue_seq order.
-- Idempotent on p_key: a retry returns the first entry and its place.
create or replace function td_waitlist_join(p_departure bigint, p_adults int, p_children int, p_name text, p_phone text,
                                 p_email text, p_offer_ttl interval, p_staff bigint, p_device bigint, p_key uuid,
                                 out entry_id bigint, out queue_position int)
language plpgsql as $$
declare
    d departures%rowtype;
    v_seats int := p_adults + p_children;
begin
    -- a retry is answered from the first join, whatever the seats are now
    select id into entry_id from waitlist_entries where client_key = p_key;
    if not found then
        d := td_lock_open(p_departure);
        perform td_reclaim_expired(p_departure, p_staff, p_device);
        select * into d from departures where id = p_departure;
        if d.booked + d.held + v_seats <= d.capacity
           and not exists (select 1 from waitlist_entries where departure_id = p_departure and status = 'waiting') then
            perform td_raise('SEATS_AVAILABLE', jsonb_build_object('departure_id', p_departure,
                                                                   'free', d.capacity - d.booked - d.held));
        end if;
        insert into waitlist_entries (departure_id, adults, children, name, phone, email, client_key,
                                      staff_id, device_id)
        values (p_departure, p_adults, p_children, p_name, p_phone, p_email, p_key, p_staff, p_device)
        on conflict (client_key) do nothing
        returning id into entry_id;
        if entry_id is not null then
            insert into audit_log (staff_id, device_id, action, departure_id, details)
            values (p_staff, p_device, 'waitlist.joined', p_departure,
                    jsonb_build_object('entry_id', entry_id, 'adults', p_adults, 'children', p_children,
                                       'name', p_name));
            -- seats may be free that nobody ahead could use: offer them now if this party fits
            perform td_promote_waitlist(p_departure, p_offer_ttl, p_staff, p_device);
        else
            -- a concurrent retry of the same join got there first
            select id into entry_id from waitlist_entries where client_key = p_key;
        end if;
    end if;
    if not exists (select 1 from waitlist_entries where id = entry_id and departure_id = p_departure
                                                    and adults = p_adults and children = p_children) then
        perform td_raise('IDEMPOTENCY_CONFLICT', jsonb_build_object('key', p_key));
    end if;
    select count(*) into queue_position from waitlist_entries
     where departure_id = p_departure and status in ('waiting', 'offered')
       and queue_seq <= (select queue_seq from waitlist_entries where id = entry_id);
end $$;

-- Skip: the entry goes to the back of the queue (still waiting, contact kept),
-- an open offer's seats are released and offered to the first party that fits
-- — the skipped one again if nobody else does: seats must not sit idle.
-- Returns the entry's status afterwards ('waiting' or 'offered'); an entry no
-- longer in the queue is left alone and its status returned.
create function td_waitlist_skip(p_entry bigint, p_offer_ttl interval, p_staff bigint, p_device bigint)
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
