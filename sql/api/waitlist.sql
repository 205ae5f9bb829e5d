-- A departure's live waitlist (waiting and offered), in order, with contacts.
create function api.waitlist(p_session text, p_departure bigint)
returns table (
    id bigint,
    departure_id bigint,
    "position" bigint,
    adults integer,
    children integer,
    name text,
    phone text,
    status text,
    offer_hold_id bigint,
    offer_expires_at timestamp with time zone,
    created_at timestamp with time zone)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
begin
    perform td_authorize(p_session, 'read', 'read the waitlist');
    return query
    select w.id, w.departure_id, row_number() over (order by w.queue_seq) as position, w.adults, w.children,
           w.name, w.phone, w.status, w.offer_hold_id,
           case when w.status = 'offered' then h.expires_at end as offer_expires_at, w.created_at
      from waitlist_entries w left join holds h on h.id = w.offer_hold_id
     where w.departure_id = p_departure and w.status in ('waiting', 'offered')
       and not (w.status = 'offered' and h.expires_at <= clock_timestamp())
     order by w.queue_seq;
end $$;
