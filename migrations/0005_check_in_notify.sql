-- Live manifests: every kiosk LISTENs on 'check_in_changed' (payload: the
-- departure id), so two guides at one gate see each other's scans, undos,
-- no-shows and a closed check-in within a second, with no polling.
-- Statement-level would send one message for a bulk "everyone here", but
-- pg_notify already folds identical payloads within one transaction.

create function td_check_in_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('check_in_changed', new.departure_id::text);
    return null;
end $$;

create trigger check_ins_notify after insert or update of status on check_ins
    for each row execute function td_check_in_notify();

create trigger participants_no_show_notify after update of no_show on participants
    for each row when (new.no_show is distinct from old.no_show)
    execute function td_check_in_notify();

create function td_check_in_closed_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('check_in_changed', new.id::text);
    return null;
end $$;

create trigger departures_check_in_closed_notify after update of check_in_closed_at on departures
    for each row when (new.check_in_closed_at is distinct from old.check_in_closed_at)
    execute function td_check_in_closed_notify();
