-- Live manifests: every kiosk LISTENs on 'check_in_changed' (payload: the
-- departure id), so two guides at one gate see each other's scans, undos,
-- no-shows and a closed check-in within a second, with no polling.
-- Statement-level would send one message for a bulk "everyone here", but
-- pg_notify already folds identical payloads within one transaction.
-- Triggers: check_ins_notify, participants_no_show_notify.
create or replace function td_check_in_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('check_in_changed', new.departure_id::text);
    return null;
end $$;
