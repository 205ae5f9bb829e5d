-- Reads the guide and resources a manager names for a rule (shared by
-- api.schedule_add and api.schedule_edit): the guide by name, case aside —
-- an active staff member with the role guide (NOT_FOUND, INVALID_INPUT) —
-- and each resource by name (NOT_FOUND naming it). A null or blank guide is
-- none; resources come back once each, in id order (the lock order), with
-- their names as stored, so the same rule typed otherwise is the same
-- request to the idempotency check.
create or replace function td_schedule_crew(p_guide text, p_resources text[],
                                            out guide_id bigint, out guide text,
                                            out resource_ids bigint[], out resources text[])
language plpgsql as $$
declare
    g staff%rowtype;
    v_name text;
    v_id bigint;
begin
    if nullif(btrim(coalesce(p_guide, '')), '') is not null then
        select * into g from staff x where lower(x.name) = lower(btrim(p_guide))
         order by x.name = btrim(p_guide) desc, x.id limit 1;
        if not found or not g.active then
            perform td_raise('NOT_FOUND', jsonb_build_object('what', 'staff member', 'id', btrim(p_guide)));
        end if;
        if g.role <> 'guide' then
            perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'guide',
                             'problem', format('%s is a %s, not a guide', g.name, g.role)));
        end if;
        guide_id := g.id;
        guide := g.name;
    end if;
    resource_ids := '{}';
    foreach v_name in array coalesce(p_resources, '{}') loop
        select x.id into v_id from resources x where lower(x.name) = lower(btrim(coalesce(v_name, '')))
         order by x.name = btrim(v_name) desc, x.id limit 1;
        if not found then
            perform td_raise('NOT_FOUND', jsonb_build_object('what', 'resource', 'id', v_name));
        end if;
        if not v_id = any (resource_ids) then
            resource_ids := resource_ids || v_id;
        end if;
    end loop;
    select coalesce(array_agg(x.id order by x.id), '{}'), coalesce(array_agg(x.name order by x.id), '{}')
      into resource_ids, resources
      from resources x where x.id = any (resource_ids);
end $$;
