-- The price the server will charge for a party booked now (td_quote at the
-- server's clock): what a kiosk or the CLI shows, and then sends back to
-- api.book as the expected total.
create function api.quote(p_session text, p_departure bigint, p_adults int, p_children int)
returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
begin
    perform td_authorize(p_session, 'sell', 'quote prices');
    return td_quote(p_departure, p_adults, p_children, clock_timestamp());
end $$;
