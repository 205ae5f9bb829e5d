-- A customer's history: every booking under one phone (any way typed: it is
-- compared in E.164, as stored) or one e-mail, newest first, past and future
-- departures alike. For a session that may read.
create function api.customer_bookings(p_session text, p_contact text)
returns table (
    booking_id bigint,
    booking_number text,
    confirmation_code text,
    departure_id bigint,
    tour text,
    starts_at timestamptz,
    time_zone text,
    status text,
    payment_status text,
    adults integer,
    children integer,
    contact_name text,
    contact_phone text,
    contact_email text,
    created_at timestamptz,
    rank integer,
    matched text,
    matched_text text)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
declare
    v_phone text;
    v_email text;
begin
    perform td_authorize(p_session, 'read', 'read a customer''s bookings');
    if position('@' in coalesce(p_contact, '')) > 0 then
        v_email := lower(btrim(p_contact));
    else
        v_phone := td_phone(p_contact);
        if v_phone = '' then
            return;
        end if;
    end if;
    -- two statements, each with its own index (an OR of the two would scan)
    return query
    select b.id, b.booking_number, b.confirmation_code, b.departure_id, t.name, d.starts_at, d.time_zone, b.status,
           b.payment_status,
           b.adults, b.children, b.contact_name, b.contact_phone, b.contact_email, b.created_at,
           2, 'email'::text, b.contact_email
      from bookings b
      join departures d on d.id = b.departure_id
      join tours t on t.id = d.tour_id
     where v_email is not null and b.contact_email <> '' and (b.contact_email collate "C") = v_email
     order by b.created_at desc, b.id desc;
    return query
    select b.id, b.booking_number, b.confirmation_code, b.departure_id, t.name, d.starts_at, d.time_zone, b.status,
           b.payment_status,
           b.adults, b.children, b.contact_name, b.contact_phone, b.contact_email, b.created_at,
           2, 'phone'::text, b.contact_phone
      from bookings b
      join departures d on d.id = b.departure_id
      join tours t on t.id = d.tour_id
     where v_phone is not null and b.phone_rev <> '' and b.phone_rev = reverse(regexp_replace(v_phone, '[^0-9]', '', 'g'))
     order by b.created_at desc, b.id desc;
end $$;
