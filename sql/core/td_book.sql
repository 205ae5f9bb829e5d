-- A booking, straight or from a hold. Idempotent on p_key: a retry returns the
-- first result (replayed = true) and counts the seats once. A paid sale
-- posts its payment to the ledger (td_ledger_post) in the same transaction.
create or replace function td_book(
    p_key uuid, p_departure bigint, p_hold bigint, p_adults int, p_children int,
    p_booking_number text, p_confirmation text,
    p_contact_name text, p_contact_phone text, p_contact_email text, p_special text,
    p_participants jsonb, p_breakdown jsonb, p_total bigint, p_currency text,
    p_pricing_rev bigint, p_rules_rev bigint,
    p_payment_method text, p_payment_reference text, p_source text, p_offer_ttl interval,
    p_staff bigint, p_device bigint,
    out booking_id bigint, out booking_number text, out confirmation_code text,
    out total_minor bigint, out participant_ids bigint[], out replayed boolean)
language plpgsql as $$
declare
    v_seats int := p_adults + p_children;
    v_paid boolean := p_payment_method <> 'unpaid';
    b bookings%rowtype;
    h holds%rowtype;
    v_rev bigint;
    v_rules bigint;
begin
    -- a voucher is redeemed by api.pay (td_voucher_redeem), never a sale's
    -- method: bookings_payment_method_check allows it since migration 0028
    if p_payment_method is null or p_payment_method not in ('cash', 'card', 'transfer', 'unpaid') then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'payment method',
                         'problem', 'one of cash, card, transfer, unpaid (a voucher is taken with pay after the sale)'));
    end if;
    insert into bookings (booking_number, confirmation_code, departure_id, hold_id, adults, children,
                          contact_name, contact_phone, contact_email, special_requests, price_breakdown,
                          total_minor, currency, payment_status, payment_method, payment_reference, paid_minor,
                          idempotency_key, source, staff_id, device_id)
    values (p_booking_number, p_confirmation, p_departure, p_hold, p_adults, p_children,
            p_contact_name, p_contact_phone, p_contact_email, p_special, p_breakdown,
            p_total, p_currency, td_payment_status(p_total, 0, 0, p_payment_method), p_payment_method,
            p_payment_reference, 0, p_key, p_source, p_staff, p_device)
    on conflict (idempotency_key) do nothing
    returning id into booking_id;

    if booking_id is null then
        select * into b from bookings where idempotency_key = p_key;
        if b.departure_id <> p_departure or b.adults <> p_adults or b.children <> p_children then
            perform td_raise('IDEMPOTENCY_CONFLICT', jsonb_build_object('key', p_key, 'booking_number', b.booking_number));
        end if;
        booking_id := b.id;
        booking_number := b.booking_number;
        confirmation_code := b.confirmation_code;
        total_minor := b.total_minor;
        participant_ids := array(select id from participants where participants.booking_id = b.id order by position);
        replayed := true;
        return;
    end if;

    select pricing_rev into v_rev from departures where id = p_departure;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'departure', 'id', p_departure));
    end if;
    select rules_rev into v_rules from pricing_state;
    if v_rev <> p_pricing_rev or v_rules <> p_rules_rev then
        perform td_raise('PRICE_CHANGED', jsonb_build_object('departure_id', p_departure));
    end if;

    with ins as (
        insert into participants (booking_id, departure_id, position, name, kind, medical_notes,
                                  emergency_contact, dietary, equipment)
        select booking_id, p_departure, ord, x ->> 'name', x ->> 'kind',
               coalesce(x ->> 'medical_notes', ''), coalesce(x ->> 'emergency_contact', ''),
               coalesce(x ->> 'dietary', ''), coalesce(x ->> 'equipment', '')
          from jsonb_array_elements(p_participants) with ordinality as t(x, ord)
        returning id, position
    )
    select array_agg(id order by position) into participant_ids from ins;

    insert into audit_log (staff_id, device_id, action, departure_id, booking_id, details)
    values (p_staff, p_device, 'booking.created', p_departure, booking_id,
            jsonb_build_object('booking_number', p_booking_number, 'adults', p_adults, 'children', p_children,
                               'total_minor', p_total, 'currency', p_currency, 'hold_id', p_hold,
                               'payment_method', p_payment_method, 'source', p_source));

    -- paid at the sale: the ledger's row (its key derived from the booking's)
    if v_paid and p_total > 0 then
        perform td_ledger_post(booking_id, 'payment', p_total, p_payment_method, p_payment_reference, '',
                               md5(p_key::text || ':payment')::uuid, p_staff, p_device);
    end if;

    -- the confirmation to the customer (its tickets and calendar entry are
    -- added by the delivery worker, which renders them when it sends)
    perform td_notify_booking(booking_id, 'booking_confirmed',
        format('Booking %s is confirmed: %s adult(s), %s child(ren).', p_booking_number, p_adults, p_children),
        jsonb_build_object('adults', p_adults, 'children', p_children, 'total_minor', p_total,
                           'currency', p_currency));

    -- the lock, last (a departure with resources: td_make_room bounds it by them too)
    if p_hold is null then
        update departures set booked = booked + v_seats
         where id = p_departure and status = 'scheduled' and starts_at > clock_timestamp()
           and booked + held + v_seats <= capacity and not has_resources;
        if not found then
            perform td_make_room(p_departure, v_seats, 0, p_offer_ttl, p_staff, p_device);
            update departures set booked = booked + v_seats where id = p_departure;
        end if;
    else
        perform 1 from departures where id = p_departure for update;
        select * into h from holds where id = p_hold;
        if not found or h.departure_id <> p_departure then
            perform td_raise('NOT_FOUND', jsonb_build_object('what', 'hold', 'id', p_hold, 'departure_id', p_departure));
        end if;
        if h.status = 'expired' or (h.status = 'active' and h.expires_at <= clock_timestamp()) then
            perform td_raise('HOLD_EXPIRED', jsonb_build_object('hold_id', p_hold, 'expired_at', h.expires_at));
        end if;
        if h.status <> 'active' then
            perform td_raise('HOLD_NOT_ACTIVE', jsonb_build_object('hold_id', p_hold, 'status', h.status));
        end if;
        perform td_make_room(p_departure, v_seats, h.seats, p_offer_ttl, p_staff, p_device);
        -- making room reclaims expired holds: if that took this one (it expired
        -- after the check above), its seats are already given back — refuse,
        -- or they would be given back twice
        update holds set status = 'converted', ended_at = clock_timestamp() where id = p_hold and status = 'active';
        if not found then
            perform td_raise('HOLD_EXPIRED', jsonb_build_object('hold_id', p_hold, 'expired_at', h.expires_at));
        end if;
        update departures set booked = booked + v_seats, held = held - h.seats where id = p_departure;
        if v_seats < h.seats then
            perform td_promote_waitlist(p_departure, p_offer_ttl, p_staff, p_device);
        end if;
        if h.waitlist_entry_id is not null then
            update waitlist_entries set status = 'booked', ended_at = clock_timestamp() where id = h.waitlist_entry_id;
            update bookings set waitlist_entry_id = h.waitlist_entry_id where id = booking_id;
        end if;
    end if;

    booking_number := p_booking_number;
    confirmation_code := p_confirmation;
    total_minor := p_total;
    replayed := false;
end $$;
