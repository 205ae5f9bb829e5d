-- Assigns guide p_guide (a staff member) to departure p_departure still to
-- come: the one implementation behind api.guide_assign (a manager's, by
-- hand) and api.schedule_apply / api.schedule_edit (a rule's guide). The
-- staff member must be active (NOT_FOUND) and a guide (INVALID_INPUT) —
-- checked here, as a rule's guide may have left or changed role since the
-- rule named them. A guide leads one departure at a time: one whose time
-- overlaps a departure the guide already leads is refused with GUIDE_BUSY
-- naming that departure. The exclusion constraint
-- departure_guides_no_overlap (migration 0027) decides it, so two managers
-- (or two schedule applies) assigning one guide to two overlapping
-- departures at once cannot both succeed.
--
-- Locks: the departure, then the guide's staff row. Without the latter two
-- assignments of one guide to overlapping departures both found the other's
-- row in flight, waited for each other, and the deadlock's victim was told
-- LOCK_TIMEOUT instead of GUIDE_BUSY (seen in CI). NO KEY: sales and audit
-- rows naming this staff member (foreign keys) are not held up.
--
-- p_key makes a retry answer the first assignment (replayed); null (a
-- rule's assignment: the apply's own key covers the retry) skips that. The
-- same assignment made before changes nothing (changed = false). Audited as
-- guide.assigned, with p_audit's fields added (a rule's: its schedule_id).
create or replace function td_guide_assign(p_departure bigint, p_guide bigint, p_staff bigint, p_device bigint,
                                           p_key uuid, p_audit jsonb default '{}')
returns table (departure_id bigint, guide_id bigint, guide text, changed boolean, replayed boolean)
language plpgsql as $$
#variable_conflict use_column
declare
    d departures%rowtype;
    g staff%rowtype;
    a departure_guides%rowtype;
    c record;
begin
    select * into g from staff x where x.id = p_guide;
    if not found or not g.active then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'staff member', 'id', coalesce(g.name, p_guide::text)));
    end if;
    if g.role <> 'guide' then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'guide',
                         'problem', format('%s is a %s, not a guide', g.name, g.role)));
    end if;
    d := td_lock_open(p_departure);
    perform 1 from staff x where x.id = g.id for no key update;
    if p_key is not null then
        select * into a from departure_guides x where x.client_key = p_key;
        if found then
            if a.departure_id <> d.id or a.guide_id <> g.id then
                perform td_raise('IDEMPOTENCY_CONFLICT', jsonb_build_object('key', p_key));
            end if;
            return query select d.id, g.id, g.name, true, true;
            return;
        end if;
    end if;
    if exists (select 1 from departure_guides x where x.departure_id = d.id and x.guide_id = g.id) then
        return query select d.id, g.id, g.name, false, false;
        return;
    end if;
    begin
        insert into departure_guides (departure_id, guide_id, during, client_key, staff_id, device_id)
        values (d.id, g.id, tstzrange(d.starts_at, d.ends_at, '[)'), p_key, p_staff, p_device);
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
    values (p_staff, p_device, 'guide.assigned', d.id,
            jsonb_build_object('guide_id', g.id, 'guide', g.name, 'key', p_key) || coalesce(p_audit, '{}'));
    return query select d.id, g.id, g.name, true, false;
end $$;
