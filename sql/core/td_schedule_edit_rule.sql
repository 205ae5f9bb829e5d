-- The rule's own part of api.schedule_edit: writes the changed fields (null:
-- unchanged; p_guide null leaves the guide, else p_guide_id — null for ''
-- — replaces it; p_resources null leaves the resources, else
-- p_resource_ids replace them) and bumps the revision. On a crew edit
-- (p_guide or p_resources named) it then locks the rule's future scheduled
-- departures in id order and the old and new crew (td_schedule_lock_crew):
-- the core's lock order, before any departure is touched. Returns what the
-- old rule put on its departures and the new one does not (gone_guide,
-- gone_resources), for td_schedule_edit_departure. The caller holds the
-- rule's row lock.
create or replace function td_schedule_edit_rule(p_schedule bigint, p_days smallint[], p_times time[],
                                                 p_from date, p_to date, p_capacity int, p_adult_price bigint,
                                                 p_child_price bigint, p_meeting_point text, p_guide text,
                                                 p_guide_id bigint, p_resources text[], p_resource_ids bigint[],
                                                 out gone_guide bigint, out gone_resources bigint[])
language plpgsql as $$
declare
    v_old_guide bigint;
begin
    gone_resources := '{}';
    select x.guide_id into v_old_guide from schedules x where x.id = p_schedule;
    update schedules
       set days = coalesce(p_days, days), times = coalesce(p_times, times),
           valid_from = coalesce(p_from, valid_from), valid_to = coalesce(p_to, valid_to),
           capacity = coalesce(p_capacity, capacity), adult_price_minor = coalesce(p_adult_price, adult_price_minor),
           child_price_minor = coalesce(p_child_price, child_price_minor),
           meeting_point = coalesce(p_meeting_point, meeting_point),
           guide_id = case when p_guide is null then guide_id else p_guide_id end,
           revision = revision + 1, updated_at = now()
     where id = p_schedule;
    if p_guide is null and p_resources is null then
        return;
    end if;
    gone_guide := case when p_guide is not null then nullif(v_old_guide, p_guide_id) end;
    if p_resources is not null then
        select coalesce(array_agg(sr.resource_id), '{}') into gone_resources from schedule_resources sr
         where sr.schedule_id = p_schedule and not sr.resource_id = any (p_resource_ids);
        delete from schedule_resources sr where sr.schedule_id = p_schedule;
        insert into schedule_resources (schedule_id, resource_id) select p_schedule, unnest(p_resource_ids);
    end if;
    perform 1 from departures x
     where x.schedule_id = p_schedule and x.status = 'scheduled' and x.starts_at > clock_timestamp()
     order by x.id for update;
    perform td_schedule_lock_crew(p_schedule, gone_resources, gone_guide);
end $$;
