-- Idempotent on p_key: a retry returns the first hold (replayed = true).
create or replace function td_hold(p_departure bigint, p_adults int, p_children int, p_ttl interval, p_purpose text,
                        p_offer_ttl interval, p_staff bigint, p_device bigint, p_key uuid,
                        out hold_id bigint, out expires_at timestamptz, out replayed boolean)
language plpgsql as $$
declare
    v_seats int := p_adults + p_children;
    v_starts timestamptz;
    prior holds%rowtype;
begin
    insert into holds (departure_id, adults, children, expires_at, purpose, client_key, staff_id, device_id)
    values (p_departure, p_adults, p_children, clock_timestamp() + p_ttl, p_purpose, p_key, p_staff, p_device)
    on conflict (client_key) do nothing
    returning id into hold_id;
    if hold_id is null then
        select * into prior from holds where client_key = p_key;
        if prior.departure_id <> p_departure or prior.adults <> p_adults or prior.children <> p_children then
            perform td_raise('IDEMPOTENCY_CONFLICT', jsonb_build_object('key', p_key, 'hold_id', prior.id));
        end if;
        hold_id := prior.id;
        expires_at := prior.expires_at;
        replayed := true;
        return;
    end if;
    replayed := false;
    insert into audit_log (staff_id, device_id, action, departure_id, details)
    values (p_staff, p_device, 'hold.created', p_departure,
            jsonb_build_object('hold_id', hold_id, 'adults', p_adults, 'children', p_children,
                               'purpose', p_purpose, 'ttl_seconds', extract(epoch from p_ttl)));
    -- the lock, last (a departure with resources: td_make_room bounds it by them too)
    update departures set held = held + v_seats
     where id = p_departure and status = 'scheduled' and starts_at > clock_timestamp()
       and booked + held + v_seats <= capacity and not has_resources
    returning starts_at into v_starts;
    if not found then
        perform td_make_room(p_departure, v_seats, 0, p_offer_ttl, p_staff, p_device);
        update departures set held = held + v_seats where id = p_departure returning starts_at into v_starts;
    end if;
    -- an allotment lasts until the departure; no hold outlives its departure
    update holds h set expires_at = case when p_purpose = 'allotment' then v_starts
                                         else least(clock_timestamp() + p_ttl, v_starts) end
     where h.id = hold_id
    returning h.expires_at into expires_at;
end $$;
