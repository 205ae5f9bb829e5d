-- The preview of the bulk rebooking of a departure cancelled for weather:
-- each open party, in order of booking, with its phone and seats, and the
-- first of the alternatives p_to (in the order given) it fits on — greedy,
-- over the seats free now (capacity less booked less live holds), each
-- party placed taking its seats off that alternative. to_departure null:
-- it fits on none, and stays listed. Changes nothing, locks nothing: seats
-- may go before the move runs, which takes them under the lock (or refuses).
-- An alternative must exist (NOT_FOUND), be scheduled and not started, and
-- be named once, not the cancelled departure itself (INVALID_INPUT).
create function api.rebook_plan(p_session text, p_departure bigint, p_to bigint[])
returns table (booking_number text, contact_name text, contact_phone text, seats int, to_departure bigint,
               to_starts_at timestamptz, to_time_zone text)
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
    o departures%rowtype;
    b bookings%rowtype;
    v_free int[] := '{}';
    v_n int := coalesce(cardinality(p_to), 0);
    v_at int;
begin
    s := td_authorize(p_session, 'sell', 'plan the rebooking of a departure');
    if not exists (select 1 from departures d where d.id = p_departure) then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'departure', 'id', p_departure));
    end if;
    if v_n = 0 then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'to',
                         'problem', 'name at least one departure to rebook onto (--to ID)'));
    end if;
    for i in 1 .. v_n loop
        select * into o from departures d where d.id = p_to[i];
        if not found then
            perform td_raise('NOT_FOUND', jsonb_build_object('what', 'departure', 'id', p_to[i]));
        end if;
        if o.id = p_departure or p_to[i] = any (p_to[1:i - 1]) then
            perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'to',
                             'problem', format('departure %s is named twice or is the cancelled one', o.id)));
        end if;
        if o.status <> 'scheduled' or o.starts_at <= clock_timestamp() then
            perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'to',
                             'problem', format('departure %s is %s: choose one still to come', o.id,
                                               case when o.status <> 'scheduled' then o.status else 'started' end)));
        end if;
        -- and no more than its resources leave (migration 0027)
        v_free := v_free || least((o.capacity - o.booked
            - (select coalesce(sum(h.seats), 0) from holds h
                where h.departure_id = o.id and h.status = 'active' and h.expires_at > clock_timestamp()))::int,
            td_resource_free(o.id));
    end loop;
    for b in select x.* from rebookings r join bookings x on x.id = r.booking_id
              where r.departure_id = p_departure and r.status = 'open' order by x.id loop
        v_at := null;
        for i in 1 .. v_n loop
            if v_free[i] >= b.seats then
                v_at := i;
                v_free[i] := v_free[i] - b.seats;
                exit;
            end if;
        end loop;
        booking_number := b.booking_number;
        contact_name := b.contact_name;
        contact_phone := b.contact_phone;
        seats := b.seats;
        to_departure := case when v_at is null then null else p_to[v_at] end;
        select d.starts_at, d.time_zone into to_starts_at, to_time_zone from departures d where d.id = to_departure;
        if v_at is null then
            to_starts_at := null;
            to_time_zone := null;
        end if;
        return next;
    end loop;
end $$;
