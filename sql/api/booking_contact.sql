-- A booking's contact as stored (phone in E.164, e-mail lower case) and the
-- rest of its card's head: for a session that may read.
create function api.booking_contact(p_session text, p_booking bigint)
returns table (
    contact_phone text,
    contact_email text,
    special_requests text,
    source text,
    created_at timestamptz,
    cancelled_at timestamptz,
    -- how it was paid: the sale's method, else its first payment's (a
    -- voucher's too), 'unpaid' until then
    payment_method text,
    -- the pickup stop chosen (migration 0030) and when it collects the
    -- party for the booking's departure; null: no pickup
    pickup_name text,
    pickup_at timestamptz,
    -- the customer's language: the booking's (migration 0036), else the
    -- operator's notify_language, as its messages are written
    language text)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
begin
    perform td_authorize(p_session, 'read', 'read bookings');
    return query
    select b.contact_phone, b.contact_email, b.special_requests, b.source, b.created_at, b.cancelled_at,
           b.payment_method, p.name,
           td_pickup_at(p.minutes_before, p.at_time, d.starts_at, d.time_zone),
           coalesce(nullif(b.language, ''), (select st.notify_language from operator_settings st), 'en')
      from bookings b
      join departures d on d.id = b.departure_id
      left join pickup_points p on p.id = b.pickup_point_id
     where b.id = p_booking;
end $$;
