-- Idempotent on p_key: a retry returns the first entry and its place, counted
-- in queue_seq order (migration 0006).
create or replace function td_waitlist_join(p_departure bigint, p_adults int, p_children int, p_name text, p_phone text,
                                 p_email text, p_offer_ttl interval, p_staff bigint, p_device bigint, p_key uuid,
                                 out entry_id bigint, out queue_position int)
language plpgsql as $$
declare
    d departures%rowtype;
    v_seats int := p_adults + p_children;
    v_free int;
begin
    -- a retry is answered from the first join, whatever the seats are now
    select id into entry_id from waitlist_entries where client_key = p_key;
    if not found then
        d := td_lock_open(p_departure);
        perform td_reclaim_expired(p_departure, p_staff, p_device);
        select * into d from departures where id = p_departure;
        -- free: the departure's, and no more than its resources leave (migration 0027)
        if d.has_resources then
            perform td_lock_resources(array[p_departure]);
        end if;
        v_free := least(d.capacity - d.booked - d.held, td_resource_free(p_departure));
        if v_seats <= v_free
           and not exists (select 1 from waitlist_entries where departure_id = p_departure and status = 'waiting') then
            perform td_raise('SEATS_AVAILABLE', jsonb_build_object('departure_id', p_departure, 'free', v_free));
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
