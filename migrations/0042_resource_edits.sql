-- Resource edits (issue 14 leftovers): a resource's seats can be changed
-- (api.resource_edit), and a day out of service taken back
-- (api.resource_in_service, which deletes the resource_outages row; the
-- audit log keeps both).
--
-- One row per seat edit, keeping the request's key: a retried `resource
-- edit` answers the first edit (replayed) rather than setting the seats
-- again over a later edit by someone else. Written under the resource's
-- row lock, which every sale on a departure it serves takes
-- (td_lock_resources): an edit that lowers the seats sees every sale
-- decided before it, and none decides after it on the old seats.
create table resource_edits (
    id           bigserial primary key,
    resource_id  bigint not null references resources(id),
    seats_before int not null,
    seats        int not null check (seats between 1 and 10000),
    client_key   uuid not null unique,
    staff_id     bigint references staff(id),
    device_id    bigint references devices(id),
    created_at   timestamptz not null default clock_timestamp()
);
create index resource_edits_resource on resource_edits (resource_id);
