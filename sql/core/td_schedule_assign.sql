-- Gives departure p_departure its rule's resources (in id order) and then
-- its guide, each through td_resource_assign / td_guide_assign — the checks,
-- locks and audit of an assignment by hand. An assignment refused for a
-- reason of its own (the guide leads another departure then, the resource
-- is out of service or full, the guide left or is no longer a guide, the
-- departure has started) does not stop the caller: the departure stays
-- without it, and the refusal comes back in the returned list, one object
-- per failure: {departure_id, starts_at, what: 'guide'|'resource', name,
-- code, conflicts: [{departure_id, tour, starts_at, ends_at, booked?}],
-- day (out of service), problem}. Any other error (a lock timeout, a bug)
-- is raised: the caller's transaction fails whole, as it would by hand.
--
-- Each assignment runs in its own block (a subtransaction), so a refused
-- one takes back exactly its own rows. The caller holds the departure and
-- has locked the rule's resources and guide beforehand (td_schedule_lock_crew),
-- so the order of locks is the core's.
create or replace function td_schedule_assign(p_departure bigint, p_schedule bigint, p_staff bigint,
                                              p_device bigint) returns jsonb
language plpgsql as $$
declare
    x record;
    v_failures jsonb := '[]';
    v_code text;
    v_detail text;
    v_audit jsonb := jsonb_build_object('schedule_id', p_schedule);
begin
    for x in select 'resource' as what, r.id, r.name, 1 as ord
               from schedule_resources sr join resources r on r.id = sr.resource_id
              where sr.schedule_id = p_schedule
             union all
             select 'guide', g.id, g.name, 2
               from schedules s join staff g on g.id = s.guide_id
              where s.id = p_schedule
             order by ord, id loop
        begin
            if x.what = 'resource' then
                perform td_resource_assign(p_departure, x.id, p_staff, p_device, null, v_audit);
            else
                perform td_guide_assign(p_departure, x.id, p_staff, p_device, null, v_audit);
            end if;
        exception when sqlstate 'P0001' then
            get stacked diagnostics v_code = message_text, v_detail = pg_exception_detail;
            if v_code not in ('GUIDE_BUSY', 'RESOURCE_BUSY', 'RESOURCE_OUT_OF_SERVICE', 'NOT_FOUND',
                              'INVALID_INPUT', 'SALES_CLOSED', 'DEPARTURE_CANCELLED') then
                raise;
            end if;
            v_failures := v_failures || td_schedule_failure(p_departure, x.what, x.name, v_code, v_detail::jsonb);
        end;
    end loop;
    return v_failures;
end $$;
