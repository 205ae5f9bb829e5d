-- A booking's participants, in order: for a session that may read.
create function api.booking_participants(p_session text, p_booking bigint)
returns table (
    id bigint,
    name text,
    kind text)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
begin
    perform td_authorize(p_session, 'read', 'read bookings');
    return query
    select p.id, p.name, p.kind from participants p where p.booking_id = p_booking order by p.position;
end $$;
