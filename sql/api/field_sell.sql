-- An offline sale replayed (td_field_sell) as the session's device, with the
-- staff member and time the laptop recorded. Whoever syncs the laptop may
-- replay it (a guide's login syncs a clerk's sales); the seller it names
-- must be staff the laptop was sealed for, active, whose role may sell —
-- else the sale is not applied but kept as a `staff` conflict
-- (td_field_staff_check) with what is needed to refund or rebook it.
-- p_language (trailing, default none: entries journalled before it was
-- kept, and older callers) is the customer's, remembered on a booking made
-- now as api.book does it: 'en' or 'ru', else INVALID_INPUT; none leaves
-- the operator's notify language to speak (to the confirmation
-- td_field_sell queued too: the worker reads the language when it sends).
create function api.field_sell(
    p_session text, p_key uuid, p_hold bigint, p_departure bigint, p_adults int, p_children int,
    p_booking_number text, p_confirmation text, p_contact_name text, p_contact_phone text, p_special text,
    p_participants jsonb, p_breakdown jsonb, p_total bigint, p_currency text,
    p_payment_method text, p_payment_reference text, p_occurred timestamptz, p_location text, p_staff bigint,
    p_language text default null)
returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
    v jsonb;
begin
    s := td_authorize(p_session, 'check_in', 'sync offline sales');
    update devices set last_field_sync = clock_timestamp() where id = s.device_id;
    perform td_check_booking_text(p_contact_name, p_contact_phone, '', p_special, p_payment_reference, p_participants);
    if p_language is not null and p_language not in ('en', 'ru') then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'language',
            'problem', format('%s: en or ru', p_language)));
    end if;
    v := td_field_staff_check(p_key, 'sale', p_staff, s.device_id, p_departure, p_occurred,
             jsonb_build_object('booking_number', p_booking_number, 'adults', p_adults, 'children', p_children,
                                'total_minor', p_total, 'currency', p_currency,
                                'payment_method', p_payment_method, 'contact_name', p_contact_name,
                                'contact_phone', p_contact_phone));
    if v is not null then
        return v;
    end if;
    if not td_role_may(coalesce((select role from staff where id = p_staff), s.role), 'sell') then
        perform td_raise('FORBIDDEN', jsonb_build_object('role', coalesce((select role from staff where id = p_staff), s.role),
                                                         'action', 'sell seats'));
    end if;
    v := td_field_sell(p_key, p_hold, p_departure, p_adults, p_children, p_booking_number, p_confirmation,
                       p_contact_name, p_contact_phone, p_special, p_participants, p_breakdown, p_total,
                       p_currency, p_payment_method, p_payment_reference, p_occurred, p_location,
                       coalesce(p_staff, s.staff_id), s.device_id);
    if p_language is not null and not (v ->> 'replayed')::boolean and v ? 'booking_id' then
        update bookings x set language = p_language where x.id = (v ->> 'booking_id')::bigint;
    end if;
    return v;
end $$;
