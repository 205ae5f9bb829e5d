-- Internal functions are the owner's alone, again.
--
-- Migration 0009 took EXECUTE on future functions from PUBLIC with
-- `alter default privileges in schema public revoke …`. PostgreSQL cannot
-- revoke per schema what the global default grants (per-schema default
-- privileges only add to the global ones), so that line did nothing: every
-- td_* function created since — td_new_session, td_owner_session,
-- td_ledger_post, td_field_staff_check, … — was callable by tourdesk_app.
-- None is security definer, so a caller could write nothing its own role
-- could not, but the rule is that the application role calls the api schema
-- and nothing else (tests/core/trust.rs now checks the whole catalogue).
--
-- The global form below applies to every function this role creates from now
-- on (the sql/core files are applied after the migrations, by the same
-- owner); the revoke covers the ones created since 0009.
alter default privileges revoke execute on functions from public;
revoke execute on all functions in schema public from public;
do $$
begin
    if exists (select 1 from pg_roles where rolname = 'tourdesk_app') then
        grant execute on function td_audit_seal(boolean) to tourdesk_app;
    end if;
end $$;
