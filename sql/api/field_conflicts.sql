-- Sync conflicts (all devices): open ones, every one with p_all, or one by id.
create function api.field_conflicts(p_session text, p_all boolean, p_conflict bigint)
returns table (
    id bigint,
    event_id uuid,
    kind text,
    departure_id bigint,
    booking_id bigint,
    participant_id bigint,
    device text,
    occurred_at timestamp with time zone,
    details jsonb,
    created_at timestamp with time zone,
    resolved_at timestamp with time zone,
    resolution text)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
begin
    perform td_authorize(p_session, 'read', 'read sync conflicts');
    return query
    select c.id, c.event_id, c.kind, c.departure_id, c.booking_id, c.participant_id,
           coalesce(dv.name, '') as device, c.occurred_at, c.details, c.created_at, c.resolved_at, c.resolution
      from field_conflicts c left join devices dv on dv.id = c.device_id
     where (p_conflict is null and (p_all or c.resolved_at is null)) or c.id = p_conflict
     order by c.created_at, c.id;
end $$;
