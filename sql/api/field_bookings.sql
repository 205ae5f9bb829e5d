-- The bookings of departures a laptop prepares for (personal data leaving the server: see api.field_staff's audit row).
create function api.field_bookings(p_session text, p_departures bigint[])
returns table (
    id bigint,
    booking_number text,
    departure_id bigint,
    status text,
    ticket_gen integer,
    cancelled_at timestamp with time zone,
    contact_name text,
    contact_phone text,
    special_requests text,
    unpaid_minor bigint,
    currency text)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
begin
    perform td_authorize(p_session, 'check_in', 'prepare for the field');
    return query
    -- a party to rebook after a weather cancellation (migration 0022) keeps its
    -- booking confirmed on the server; at the gate it is as cancelled as its departure
    select b.id, b.booking_number, b.departure_id,
           case when d.status = 'cancelled' then 'cancelled' else b.status end, b.ticket_gen,
           case when d.status = 'cancelled' then coalesce(b.cancelled_at, d.updated_at) else b.cancelled_at end,
           b.contact_name, b.contact_phone,
           b.special_requests, greatest(b.total_minor - b.paid_minor, 0) as unpaid_minor, b.currency
      from bookings b join departures d on d.id = b.departure_id
     where b.departure_id = any(p_departures) order by b.id;
end $$;
