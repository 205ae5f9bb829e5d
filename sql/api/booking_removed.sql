-- The people removed from a booking (api.booking_remove_person), oldest
-- first: who, when, by whom on which device, and what their removal gave
-- back (the change's answer: the refund tier and the refund row's amount).
-- Personal data, like api.booking_people: for a session that may read
-- bookings; removed_participants itself has no grant to the application.
create function api.booking_removed(p_session text, p_booking bigint)
returns table (participant_id bigint, name text, kind text, removed_at timestamptz, staff_name text,
               device_name text, refund_percent int, refund_minor bigint, currency text)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
begin
    perform td_authorize(p_session, 'read', 'read bookings');
    return query
    select r.participant_id, r.participant ->> 'name', r.participant ->> 'kind', r.removed_at,
           coalesce(st.name, ''), coalesce(d.name, ''),
           coalesce((c.answer ->> 'refund_percent')::int, 0), coalesce((c.answer ->> 'refund_minor')::bigint, 0),
           b.currency
      from removed_participants r
      join bookings b on b.id = r.booking_id
      left join booking_changes c on c.booking_id = r.booking_id and c.kind = 'remove_person'
                                 and (c.request ->> 'participant')::bigint = r.participant_id
      left join staff st on st.id = r.staff_id
      left join devices d on d.id = r.device_id
     where r.booking_id = p_booking
     order by r.removed_at, r.id;
end $$;
