-- One waitlist entry with its contact, to book its offer: the desk's.
create function api.waitlist_entry(p_session text, p_entry bigint)
returns table (
    departure_id bigint,
    adults integer,
    children integer,
    name text,
    phone text,
    email text,
    status text,
    offer_hold_id bigint)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
begin
    perform td_authorize(p_session, 'sell', 'manage the waitlist');
    return query
    select w.departure_id, w.adults, w.children, w.name, w.phone, w.email, w.status, w.offer_hold_id
      from waitlist_entries w where w.id = p_entry;
end $$;
