-- Marks a sync conflict as dealt with, saying how. False: no such conflict.
create function api.resolve_conflict(p_session text, p_conflict bigint, p_resolution text) returns boolean
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
    c field_conflicts%rowtype;
begin
    s := td_authorize(p_session, 'check_in', 'resolve sync conflicts');
    perform td_check_text('resolution', p_resolution, 500, true);
    update field_conflicts set resolved_at = coalesce(resolved_at, clock_timestamp()),
                               resolved_by = coalesce(resolved_by, s.staff_id), resolution = p_resolution
     where id = p_conflict returning * into c;
    if not found then
        return false;
    end if;
    insert into audit_log (staff_id, device_id, action, departure_id, booking_id, details)
    values (s.staff_id, s.device_id, 'field.conflict_resolved', c.departure_id, c.booking_id,
            jsonb_build_object('conflict_id', c.id, 'resolution', p_resolution));
    return true;
end $$;
