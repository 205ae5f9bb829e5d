-- The bulk rebooking after a weather cancellation (migration 0022), one
-- party at a time: moves the open party p_booking onto the first of p_to
-- with room for it (td_move, reason weather: free of charge, the case
-- closed). The service calls it for each open party in order of booking,
-- so a desk sees progress and one party's failure stops nobody else's.
-- A party that fits on none stays open (to_departure_id null) and listed.
--
-- Idempotent per party on p_key, the key of the whole run: each move's key
-- is derived from it and the booking number, so running the same bulk
-- rebooking again answers each party's first move (replayed) and moves
-- nobody twice. The same run at two desks at once (or a retry racing its
-- first attempt) meets on the party's locks: the one that waited finds the
-- other's move under the derived key once it has them (td_move answers it
-- when it went to the same alternative; it is IDEMPOTENCY_CONFLICT when the
-- other went on to the next one, and NOT_TO_REBOOK when the case closed
-- between the first look and the lock) and answers that move, replayed,
-- rather than fail a party that was moved.
create function api.rebook_move(p_session text, p_booking text, p_to bigint[], p_key uuid)
returns table (booking_number text, seats int, to_departure_id bigint, replayed boolean)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
declare
    s sessions%rowtype;
    b bookings%rowtype;
    r record;
    v_key uuid;
    v_case text;
begin
    s := td_authorize(p_session, 'sell', 'rebook parties after a weather cancellation');
    if p_key is null then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'key', 'problem', 'a rebooking needs a key'));
    end if;
    if coalesce(cardinality(p_to), 0) = 0 then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'to',
                         'problem', 'name at least one departure to rebook onto (--to ID)'));
    end if;
    select * into b from bookings x where x.booking_number = p_booking;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'booking', 'id', p_booking));
    end if;
    v_key := md5(p_key::text || ':rebook:' || b.booking_number)::uuid;
    -- a run again: this party's move under the derived key answers
    return query
    select b.booking_number, m.seats, m.to_departure_id, true
      from booking_moves m where m.client_key = v_key and m.booking_id = b.id;
    if found then
        return;
    end if;
    select x.status into v_case from rebookings x where x.booking_id = b.id;
    if coalesce(v_case, 'none') <> 'open' then
        -- closed meanwhile, perhaps by this run at another desk
        return query
        select b.booking_number, m.seats, m.to_departure_id, true
          from booking_moves m where m.client_key = v_key and m.booking_id = b.id;
        if found then
            return;
        end if;
        perform td_raise('NOT_TO_REBOOK', jsonb_build_object('booking_number', b.booking_number,
                         'status', coalesce(v_case, 'none')));
    end if;
    for i in 1 .. cardinality(p_to) loop
        begin
            select * into r from td_move(b.id, p_to[i], 'weather', false, null, v_key, s.role, td_offer_ttl(),
                                         s.staff_id, s.device_id);
            return query select b.booking_number, (r.moved).seats, (r.moved).to_departure_id, r.replayed;
            return;
        exception when sqlstate 'P0001' then
            -- this run's move made at another desk while this call waited
            -- for the locks (this statement sees what committed meanwhile)
            return query
            select b.booking_number, m.seats, m.to_departure_id, true
              from booking_moves m where m.client_key = v_key and m.booking_id = b.id;
            if found then
                return;
            end if;
            -- closed by another desk's run (another key) while this call
            -- waited: the move's refusal (it is already there) is not why
            select x.status into v_case from rebookings x where x.booking_id = b.id;
            if coalesce(v_case, 'none') <> 'open' then
                perform td_raise('NOT_TO_REBOOK', jsonb_build_object('booking_number', b.booking_number,
                                 'status', coalesce(v_case, 'none')));
            end if;
            -- full: the next alternative; anything else is this party's error
            if sqlerrm <> 'SOLD_OUT' then
                raise;
            end if;
        end;
    end loop;
    return query select b.booking_number, b.seats, null::bigint, false;
end $$;
