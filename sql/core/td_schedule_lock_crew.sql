-- Locks what a rule's assignments will lock, before the first of them:
-- its resources (and p_more, resources an edit takes off) in id order, then
-- its guide's staff row (and p_more_guide's, an edit's old guide) in id
-- order. Called once the departures to assign are locked (an edit) or made
-- (an apply: new rows nobody else can see), so the order stays the core's —
-- departures, resources, then guides — across all the departures of the
-- call. Without it, two applies of rules sharing a guide but not a resource
-- would each hold a resource the other needs next and deadlock.
create or replace function td_schedule_lock_crew(p_schedule bigint, p_more bigint[] default '{}',
                                                 p_more_guide bigint default null) returns void
language plpgsql as $$
begin
    perform 1 from resources x
     where x.id in (select sr.resource_id from schedule_resources sr where sr.schedule_id = p_schedule)
        or x.id = any (coalesce(p_more, '{}'))
     order by x.id
       for update;
    perform 1 from staff x
     where x.id = (select s.guide_id from schedules s where s.id = p_schedule) or x.id = p_more_guide
     order by x.id
       for no key update;
end $$;
