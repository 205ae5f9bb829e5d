-- What of a departure's crew differs from its rule's after an edit that
-- named a guide or resources: 'guide' when the rule's guide does not lead it
-- or the guide the edit took off the rule (p_gone_guide) still does,
-- 'resources' when one of the rule's resources is not on it or one the edit
-- took off (p_gone_resources) still is. A guide or resource added by hand
-- besides the rule's is no difference.
create or replace function td_schedule_crew_differs(p_departure bigint, p_schedule bigint, p_gone_guide bigint,
                                                    p_gone_resources bigint[]) returns text[]
language sql stable as $$
    select array_remove(array[
        case when exists (select 1 from schedules s
                           where s.id = p_schedule and s.guide_id is not null
                             and not exists (select 1 from departure_guides dg
                                              where dg.departure_id = p_departure and dg.guide_id = s.guide_id
                                                and dg.active))
               or exists (select 1 from departure_guides dg
                           where dg.departure_id = p_departure and dg.guide_id = p_gone_guide)
             then 'guide' end,
        case when exists (select 1 from schedule_resources sr
                           where sr.schedule_id = p_schedule
                             and not exists (select 1 from departure_resources dr
                                              where dr.departure_id = p_departure and dr.resource_id = sr.resource_id))
               or exists (select 1 from departure_resources dr
                           where dr.departure_id = p_departure and dr.resource_id = any (p_gone_resources))
             then 'resources' end], null)
$$;
