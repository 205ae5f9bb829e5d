-- An offline walk-in sold from this device's allotment, replayed: the booking
-- (source 'field') with its participants checked in at the time of sale. The
-- seats come out of the allotment if it was live when the sale was made (also
-- when the sync comes after the departure), else out of free seats; when
-- neither has room, or the departure was cancelled meanwhile, nothing is
-- booked and a 'walk_in_failed' conflict says so. A sale booked is priced by
-- the server (td_field_price_check): a total other than the laptop's is a
-- 'price' conflict returned with the booking. Never oversells: the same
-- booked + held <= capacity rule as every sale, under the departure lock,
-- and a shared resource's seats (migration 0027) under its lock.
-- A sale booked queues the customer's confirmation as every sale does
-- (td_notify_booking, as td_book), once: a sync sent again is answered
-- from the booking above and queues nothing. (The customer's language is
-- set by api.field_sell, as api.book sets it after td_book: the worker
-- reads it when it sends.)
create or replace function td_field_sell(
    p_key uuid, p_hold bigint, p_departure bigint, p_adults int, p_children int,
    p_booking_number text, p_confirmation text, p_contact_name text, p_contact_phone text, p_special text,
    p_participants jsonb, p_breakdown jsonb, p_total bigint, p_currency text,
    p_payment_method text, p_payment_reference text, p_occurred timestamptz, p_location text,
    p_staff bigint, p_device bigint)
returns jsonb language plpgsql as $$
declare
    v_seats int := p_adults + p_children;
    v_paid boolean := p_payment_method <> 'unpaid';
    b bookings%rowtype;
    d departures%rowtype;
    h holds%rowtype;
    c field_conflicts%rowtype;
    v_from_hold int := 0;
    v_problem text;
    v_ids bigint[];
    v_price jsonb;
begin
    -- a voucher is redeemed by api.pay (td_voucher_redeem), never a sale's
    -- method: bookings_payment_method_check allows it since migration 0024
    if p_payment_method is null or p_payment_method not in ('cash', 'card', 'transfer', 'unpaid') then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'payment method',
                         'problem', 'one of cash, card, transfer, unpaid (a voucher is taken with pay after the sale)'));
    end if;
    select * into b from bookings where idempotency_key = p_key;
    if found then
        -- with the price conflict the first sync found, if any: a sync run again reports it again
        v_price := (select to_jsonb(pc) from field_conflicts pc where pc.event_id = md5(p_key::text || ':price')::uuid);
        return jsonb_build_object('booking_id', b.id, 'booking_number', b.booking_number, 'replayed', true,
                                  'participant_ids',
                                  to_jsonb(array(select id from participants where booking_id = b.id order by position)))
               || case when v_price is null then '{}'::jsonb else jsonb_build_object('conflict', v_price) end;
    end if;
    select * into c from field_conflicts where event_id = p_key;
    if found then
        return jsonb_build_object('replayed', true, 'conflict', to_jsonb(c));
    end if;

    -- departure, then hold: the lock order of every sale
    select * into d from departures where id = p_departure for update;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'departure', 'id', p_departure));
    end if;
    select * into h from holds where id = p_hold for update;
    if not found or h.departure_id <> p_departure or h.purpose <> 'allotment' then
        v_problem := 'not_an_allotment';
    elsif d.status = 'cancelled' then
        v_problem := 'departure_cancelled';
    elsif p_occurred >= d.starts_at then
        v_problem := 'sold_after_departure';
    else
        if h.status = 'active' and p_occurred < h.expires_at then
            v_from_hold := least(h.adults + h.children, v_seats);
        end if;
        if d.booked + d.held - v_from_hold + v_seats > d.capacity then
            v_problem := 'no_seats';
        elsif d.has_resources then
            -- a shared resource's seats (migration 0027): the allotment's are
            -- counted there until sold, like the departure's
            perform td_lock_resources(array[p_departure]);
            if (select o.resource_id from td_resource_outage(p_departure) o) is not null and v_from_hold = 0 then
                v_problem := 'resource_out_of_service';
            elsif td_resource_free(p_departure) + v_from_hold < v_seats then
                v_problem := 'no_seats';
            end if;
        end if;
    end if;
    if v_problem is not null then
        insert into field_conflicts (event_id, kind, departure_id, device_id, staff_id, occurred_at, details)
        values (p_key, 'walk_in_failed', p_departure, p_device, p_staff, p_occurred,
                jsonb_build_object('problem', v_problem, 'booking_number', p_booking_number,
                                   'adults', p_adults, 'children', p_children, 'contact_name', p_contact_name,
                                   'contact_phone', p_contact_phone, 'total_minor', p_total,
                                   'currency', p_currency, 'payment_method', p_payment_method,
                                   'free', greatest(d.capacity - d.booked - d.held, 0),
                                   'allotment_left', case when h.status = 'active' then h.adults + h.children end))
        returning * into c;
        insert into audit_log (staff_id, device_id, action, departure_id, details)
        values (p_staff, p_device, 'field.conflict', p_departure,
                jsonb_build_object('event_id', p_key, 'kind', 'walk_in_failed', 'problem', v_problem));
        return jsonb_build_object('replayed', false, 'conflict', to_jsonb(c));
    end if;

    insert into bookings (booking_number, confirmation_code, departure_id, hold_id, adults, children,
                          contact_name, contact_phone, special_requests, price_breakdown,
                          total_minor, currency, payment_status, payment_method, payment_reference, paid_minor,
                          idempotency_key, source, staff_id, device_id, created_at)
    values (p_booking_number, p_confirmation, p_departure, p_hold, p_adults, p_children,
            p_contact_name, p_contact_phone, p_special, p_breakdown,
            p_total, p_currency, td_payment_status(p_total, 0, 0, p_payment_method), p_payment_method,
            p_payment_reference, 0, p_key, 'field', p_staff, p_device,
            p_occurred)
    returning * into b;
    -- the money taken at the gate: the ledger's row, recorded at the sync (the server's time)
    if v_paid and p_total > 0 then
        -- into the laptop's shift: the one it opened online before going
        -- out, else one opened now (float 0) for the guide to count in
        if p_device is not null and not exists (select 1 from shifts x
                                                 where x.device_id = p_device and x.status = 'open') then
            perform td_shift_create(p_device, p_staff, 0, md5(p_key::text || ':shift')::uuid, 'field sync');
        end if;
        perform td_ledger_post(b.id, 'payment', p_total, p_payment_method, p_payment_reference, '',
                               md5(p_key::text || ':payment')::uuid, p_staff, p_device);
    end if;
    with ins as (
        insert into participants (booking_id, departure_id, position, name, kind, medical_notes,
                                  emergency_contact, dietary, equipment)
        select b.id, p_departure, ord, x ->> 'name', x ->> 'kind',
               coalesce(x ->> 'medical_notes', ''), coalesce(x ->> 'emergency_contact', ''),
               coalesce(x ->> 'dietary', ''), coalesce(x ->> 'equipment', '')
          from jsonb_array_elements(p_participants) with ordinality as t(x, ord)
        returning id, position
    )
    select array_agg(id order by position) into v_ids from ins;
    -- sold at the gate: everyone is here
    insert into check_ins (event_id, participant_id, departure_id, method, device_id, staff_id, location,
                           raw_code, occurred_at)
    select md5(p_key::text || ':' || pid)::uuid, pid, p_departure, 'bulk', p_device, p_staff, p_location,
           b.booking_number, p_occurred
      from unnest(v_ids) pid;

    if v_from_hold > 0 then
        if h.adults + h.children = v_from_hold then
            update holds set status = 'converted', ended_at = clock_timestamp() where id = p_hold;
        else
            -- what is left of the lease; children are only ever 0 on an allotment
            update holds set adults = adults + children - v_from_hold, children = 0 where id = p_hold;
        end if;
    end if;
    update departures set booked = booked + v_seats, held = held - v_from_hold where id = p_departure;
    insert into audit_log (staff_id, device_id, action, departure_id, booking_id, details)
    values (p_staff, p_device, 'booking.created', p_departure, b.id,
            jsonb_build_object('booking_number', p_booking_number, 'adults', p_adults, 'children', p_children,
                               'total_minor', p_total, 'currency', p_currency, 'hold_id', p_hold,
                               'from_allotment', v_from_hold, 'payment_method', p_payment_method,
                               'source', 'field', 'sold_at', p_occurred));
    -- the confirmation to the customer, as for a sale at the desk (td_book)
    perform td_notify_booking(b.id, 'booking_confirmed',
        format('Booking %s is confirmed: %s adult(s), %s child(ren).', p_booking_number, p_adults, p_children),
        jsonb_build_object('adults', p_adults, 'children', p_children, 'total_minor', p_total,
                           'currency', p_currency));
    -- the server's price against the laptop's: a difference is a `price` conflict, the sale stands
    v_price := td_field_price_check(p_key, b.id, p_hold, p_departure, p_adults, p_children, p_booking_number,
                                    p_breakdown, p_total, p_currency, p_occurred, p_staff, p_device);
    return jsonb_build_object('booking_id', b.id, 'booking_number', b.booking_number, 'replayed', false,
                              'participant_ids', to_jsonb(v_ids))
           || case when v_price is null then '{}'::jsonb else jsonb_build_object('conflict', v_price) end;
end $$;
