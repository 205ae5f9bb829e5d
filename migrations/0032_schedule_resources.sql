-- A schedule rule carries its guide and its resources (issue 14: "a rule
-- has ... resources and guide"), and schedule_apply assigns them to each
-- departure it makes, through the same td_resource_assign / td_guide_assign
-- as a manager's assignment by hand (same checks, same locks, same audit).
--
-- The guide is a staff member (the role guide is checked when the rule is
-- written and again at each assignment: a guide may have changed role since).
-- Resources are a set, one row per (rule, resource), so a resource renamed
-- or listed stays the same resource. Neither is copied onto the departure
-- beyond the ordinary assignment rows: a departure's crew is what
-- departure_guides / departure_resources say, whoever put it there.
--
-- Rules name nobody's personal data: the application role may read both.

alter table schedules add column guide_id bigint references staff(id);

create table schedule_resources (
    schedule_id bigint not null references schedules(id),
    resource_id bigint not null references resources(id),
    primary key (schedule_id, resource_id)
);
create index schedule_resources_resource on schedule_resources (resource_id);

grant select on schedule_resources to tourdesk_app;
