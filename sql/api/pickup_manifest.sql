-- A departure's pickup run: one row per confirmed booking, at its stop, with
-- the party (adults, children, the names in seat order), the contact's phone
-- and what it still owes (total less paid: the ledger's balance); and one
-- row with no booking for each active stop nobody chose, so the driver sees
-- the whole route. Stops in route order, each with the instant it collects
-- (td_pickup_at, in the departure's zone); the bookings without a pickup
-- last (pickup_point_id null). A removed stop that bookings still use is
-- listed with them. Personal data: a session that may read manifests.
create function api.pickup_manifest(p_session text, p_departure bigint)
returns table (pickup_point_id bigint, "position" int, pickup text, pickup_at timestamptz, active boolean,
               booking_number text, contact_name text, contact_phone text, adults int, children int,
               names text[], unpaid_minor bigint, currency text)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
declare
    d departures%rowtype;
begin
    perform td_authorize(p_session, 'read', 'read manifests');
    select * into d from departures x where x.id = p_departure;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'departure', 'id', p_departure));
    end if;
    return query
    with stops as (
        select p.* from pickup_points p
         where p.tour_id = d.tour_id
           and (p.active or exists (select 1 from bookings b where b.departure_id = d.id
                                       and b.status = 'confirmed' and b.pickup_point_id = p.id))
    ), parties as (
        select b.pickup_point_id as stop, b.booking_number, b.contact_name, b.contact_phone, b.adults, b.children,
               array(select x.name from participants x where x.booking_id = b.id order by x.position) as names,
               greatest(b.total_minor - b.paid_minor, 0)::bigint as unpaid_minor, b.currency
          from bookings b
         where b.departure_id = d.id and b.status = 'confirmed'
    )
    select s.id, s.position, s.name, td_pickup_at(s.minutes_before, s.at_time, d.starts_at, d.time_zone), s.active,
           r.booking_number, r.contact_name, r.contact_phone, r.adults, r.children, r.names, r.unpaid_minor,
           r.currency
      from stops s left join parties r on r.stop = s.id
    union all
    select null, null, null, null, null,
           r.booking_number, r.contact_name, r.contact_phone, r.adults, r.children, r.names, r.unpaid_minor,
           r.currency
      from parties r where r.stop is null
     order by 2 nulls last, 1, 6;
end $$;
