-- A booking's own row, with its contact: for a session that may read.
create function api.booking(p_session text, p_booking bigint)
returns table (
    booking_number text,
    confirmation_code text,
    departure_id bigint,
    status text,
    adults integer,
    children integer,
    contact_name text,
    total_minor bigint,
    currency text,
    price_breakdown jsonb,
    payment_status text)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
begin
    perform td_authorize(p_session, 'read', 'read bookings');
    return query
    select b.booking_number, b.confirmation_code, b.departure_id, b.status, b.adults, b.children, b.contact_name,
           b.total_minor, b.currency, b.price_breakdown, b.payment_status
      from bookings b where b.id = p_booking;
end $$;
