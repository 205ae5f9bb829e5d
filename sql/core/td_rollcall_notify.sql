-- Live roll-calls: a return (back, or left the group) notifies
-- 'rollcall_changed' (payload: the departure id), so the guide's screen and
-- every desk kiosk see it within a second. Becoming missing is a time event
-- with no write behind it: api.rollcall_sweep notifies that, once per
-- departure. Trigger: returns_notify (migrations/0029_return_rollcall.sql).
create or replace function td_rollcall_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('rollcall_changed', new.departure_id::text);
    return null;
end $$;
