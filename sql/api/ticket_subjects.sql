-- What the tickets of a booking say: one group code and one per participant, with names.
create function api.ticket_subjects(p_session text, p_booking_number text)
returns table (
    id bigint,
    kind text,
    booking_id bigint,
    booking_status text,
    participant_id bigint,
    holder text,
    admits bigint,
    departure_id bigint,
    tour text,
    starts_at timestamp with time zone,
    time_zone text,
    meeting_point text,
    day date,
    print_count integer,
    last_printed_at timestamp with time zone)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
begin
    -- the delivery worker (a notifier, who may read nothing else) draws the
    -- tickets it attaches to confirmations
    perform td_authorize(p_session,
        case when td_role_may((td_session(p_session)).role, 'notify') then 'notify' else 'read' end,
        'print tickets');
    return query
    select td_ticket_id(b.ticket_gen, coalesce(p.id, b.id)) as id,
           case when p.id is null then 'group' else 'participant' end as kind,
           b.id as booking_id, b.status as booking_status, p.id as participant_id,
           coalesce(p.name, b.contact_name) as holder,
           case when p.id is null then b.seats::bigint else 1 end as admits,
           d.id as departure_id, tr.name as tour, d.starts_at, d.time_zone, d.meeting_point,
           (d.starts_at at time zone d.time_zone)::date as day,
           b.tickets_printed as print_count, b.tickets_last_printed_at as last_printed_at
      from bookings b
      join departures d on d.id = b.departure_id
      join tours tr on tr.id = d.tour_id
      left join lateral (select null::bigint as id, null::text as name, -1 as position
                         union all
                         select pp.id, pp.name, pp.position from participants pp where pp.booking_id = b.id) p on true
     where b.booking_number = p_booking_number
     order by p.position;
end $$;
