-- A customer's history: every booking under one phone (any way typed: it is
-- compared in E.164, as stored) or one e-mail, newest first, past and future
-- departures alike. For a session that may read. The rows are api.find's
-- (td_found), matched by the whole phone or e-mail (rank 2).
create function api.customer_bookings(p_session text, p_contact text)
returns setof booking_found
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    v_phone text;
    v_email text;
    v_ids bigint[];
    v_texts text[];
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
    -- two lookups, each with its own index (an OR of the two would scan)
    if v_email is not null then
        select array_agg(b.id order by b.created_at desc, b.id desc),
               array_agg(b.contact_email order by b.created_at desc, b.id desc)
          into v_ids, v_texts
          from bookings b
         where b.contact_email <> '' and (b.contact_email collate "C") = v_email;
    else
        select array_agg(b.id order by b.created_at desc, b.id desc),
               array_agg(b.contact_phone order by b.created_at desc, b.id desc)
          into v_ids, v_texts
          from bookings b
         where b.phone_rev <> '' and b.phone_rev = reverse(regexp_replace(v_phone, '[^0-9]', '', 'g'));
    end if;
    if v_ids is null then
        return;
    end if;
    return query
    select * from td_found(v_ids, array_fill(2, array[cardinality(v_ids)]),
                           array_fill((case when v_email is null then 'phone' else 'email' end)::text,
                                      array[cardinality(v_ids)]),
                           v_texts);
end $$;
