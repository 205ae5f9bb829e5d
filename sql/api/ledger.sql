-- A booking's payments and refunds, oldest first, with who took or gave
-- each and where: for a session that may read bookings.
create function api.ledger(p_session text, p_booking_number text)
returns table (entry_id bigint, kind text, amount_minor bigint, currency text, method text, reference text,
               reason text, staff_name text, device_name text, at timestamptz)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
begin
    perform td_authorize(p_session, 'read', 'read bookings');
    if not exists (select 1 from bookings b where b.booking_number = p_booking_number) then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'booking', 'id', p_booking_number));
    end if;
    return query
    select l.id, l.kind, l.amount_minor, l.currency, l.method, l.reference, l.reason,
           coalesce(st.name, ''), coalesce(d.name, ''), l.at
      from ledger l
      join bookings b on b.id = l.booking_id
      left join staff st on st.id = l.staff_id
      left join devices d on d.id = l.device_id
     where b.booking_number = p_booking_number
     order by l.id;
end $$;
