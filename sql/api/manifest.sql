-- A departure's manifest: every participant with state, attention flags and contact.
create function api.manifest(p_session text, p_departure bigint)
returns table (
    participant_id bigint,
    booking_id bigint,
    booking_number text,
    "position" integer,
    name text,
    kind text,
    state text,
    checked_in_at timestamp with time zone,
    checked_in_by text,
    checked_in_device text,
    check_in_method text,
    no_show_reason text,
    medical_notes text,
    dietary text,
    equipment text,
    special_requests text,
    unpaid_minor bigint,
    currency text,
    contact_name text,
    contact_phone text)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
begin
    perform td_authorize(p_session, 'read', 'read manifests');
    return query
    select p.id as participant_id, b.id as booking_id, b.booking_number, p.position, p.name, p.kind,
           case when b.status = 'cancelled' then 'cancelled'
                when c.id is not null then 'admitted'
                when p.no_show then 'no_show'
                else 'expected' end as state,
           c.occurred_at as checked_in_at, coalesce(s.name, '') as checked_in_by,
           coalesce(dv.name, '') as checked_in_device, coalesce(c.method, '') as check_in_method,
           p.no_show_reason, p.medical_notes, p.dietary, p.equipment, b.special_requests,
           greatest(b.total_minor - b.paid_minor, 0) as unpaid_minor, b.currency,
           b.contact_name, b.contact_phone
      from participants p
      join bookings b on b.id = p.booking_id
      left join check_ins c on c.participant_id = p.id and c.status = 'accepted'
      left join staff s on s.id = c.staff_id
      left join devices dv on dv.id = c.device_id
     where p.departure_id = p_departure
     order by b.status = 'cancelled', b.booking_number, p.position;
end $$;
