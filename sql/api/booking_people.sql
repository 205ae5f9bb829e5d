-- A booking's participants with their details, in order: for a session that
-- may read (the card of `tourdesk booking show`; a guide reads the same
-- details on the manifest's attention flags).
create function api.booking_people(p_session text, p_booking bigint)
returns table (
    id bigint,
    name text,
    kind text,
    medical_notes text,
    emergency_contact text,
    dietary text,
    equipment text,
    no_show boolean,
    no_show_reason text)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
begin
    perform td_authorize(p_session, 'read', 'read bookings');
    return query
    select p.id, p.name, p.kind, p.medical_notes, p.emergency_contact, p.dietary, p.equipment, p.no_show,
           p.no_show_reason
      from participants p where p.booking_id = p_booking order by p.position;
end $$;
