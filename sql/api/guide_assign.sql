-- Assigns a guide (a staff member with the role guide, by name) to a
-- departure still to come (a manager's). A guide leads one departure at a
-- time: one whose time overlaps a departure the guide already leads is
-- refused with GUIDE_BUSY naming that departure. The exclusion constraint
-- departure_guides_no_overlap (migration 0027) decides it, so two managers
-- assigning one guide to two overlapping departures at once cannot both
-- succeed: the second insert waits for the first to commit, then fails.
-- Idempotent on p_key (a retry answers the first assignment, replayed); the
-- same assignment made before under another key changes nothing (changed =
-- false). Audited as guide.assigned.
create function api.guide_assign(p_session text, p_guide text, p_departure bigint, p_key uuid)
returns table (departure_id bigint, guide_id bigint, guide text, changed boolean, replayed boolean)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
declare
    s sessions%rowtype;
    d departures%rowtype;
    g staff%rowtype;
    a departure_guides%rowtype;
    c record;
begin
    s := td_authorize(p_session, 'manage_departures', 'assign guides');
    if p_key is null then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'key', 'problem', 'a write needs a key'));
    end if;
    select * into g from staff x where lower(x.name) = lower(btrim(coalesce(p_guide, '')))
     order by x.name = btrim(p_guide) desc, x.id limit 1;
    if not found or not g.active then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'staff member', 'id', p_guide));
    end if;
    if g.role <> 'guide' then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'guide',
                         'problem', format('%s is a %s, not a guide', g.name, g.role)));
    end if;
    d := td_lock_open(p_departure);
    -- then the guide: two assignments of one guide to overlapping departures
    -- take turns here. Without it both inserts found the other's row in
    -- flight, waited for each other, and the deadlock's victim was told
    -- LOCK_TIMEOUT instead of GUIDE_BUSY (seen in CI). NO KEY: sales and
    -- audit rows naming this staff member (foreign keys) are not held up.
    perform 1 from staff x where x.id = g.id for no key update;
    select * into a from departure_guides x where x.client_key = p_key;
    if found then
        if a.departure_id <> d.id or a.guide_id <> g.id then
            perform td_raise('IDEMPOTENCY_CONFLICT', jsonb_build_object('key', p_key));
        end if;
        return query select d.id, g.id, g.name, true, true;
        return;
    end if;
    if exists (select 1 from departure_guides x where x.departure_id = d.id and x.guide_id = g.id) then
        return query select d.id, g.id, g.name, false, false;
        return;
    end if;
    begin
        insert into departure_guides (departure_id, guide_id, during, client_key, staff_id, device_id)
        values (d.id, g.id, tstzrange(d.starts_at, d.ends_at, '[)'), p_key, s.staff_id, s.device_id);
    exception when exclusion_violation then
        select x.id, t.name as tour, x.starts_at, x.ends_at into c
          from departure_guides dg join departures x on x.id = dg.departure_id join tours t on t.id = x.tour_id
         where dg.guide_id = g.id and dg.active and dg.during && tstzrange(d.starts_at, d.ends_at, '[)')
         order by x.starts_at limit 1;
        perform td_raise('GUIDE_BUSY', jsonb_build_object(
            'guide_id', g.id, 'guide', g.name, 'departure_id', d.id,
            'conflict', jsonb_build_object('departure_id', c.id, 'tour', c.tour, 'starts_at', c.starts_at,
                                           'ends_at', c.ends_at)));
    end;
    insert into audit_log (staff_id, device_id, action, departure_id, details)
    values (s.staff_id, s.device_id, 'guide.assigned', d.id,
            jsonb_build_object('guide_id', g.id, 'guide', g.name, 'key', p_key));
    return query select d.id, g.id, g.name, true, false;
end $$;
