-- The rows a search answers (api.find, api.customer_bookings): the bookings
-- given, in the order given, each with its departure, tour, payment state
-- and what matched. One definition of that shape for both (the type
-- booking_found, migration 0025) and of how it is read.
create or replace function td_found(p_ids bigint[], p_ranks int[], p_matched text[], p_texts text[])
returns setof booking_found
language sql stable as $$
    select b.id, b.booking_number, b.confirmation_code, b.departure_id, t.name, d.starts_at, d.time_zone, b.status,
           b.payment_status, b.adults, b.children, b.contact_name, b.contact_phone, b.contact_email, b.created_at,
           h.rank, h.matched, h.matched_text
      from unnest(p_ids, p_ranks, p_matched, p_texts) with ordinality as h(id, rank, matched, matched_text, n)
      join bookings b on b.id = h.id
      join departures d on d.id = b.departure_id
      join tours t on t.id = d.tour_id
     order by h.n
$$;
