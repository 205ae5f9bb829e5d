-- The operator's time zone, the fallback where no departure names one (any
-- session may read it: the CLI's "today", a kiosk's clock, a field laptop's
-- prepare takes it along).
create function api.time_zone(p_session text) returns text
language plpgsql security definer set search_path = public, pg_temp as $$
begin
    perform td_authorize(p_session, 'read', 'read the time zone');
    return (select o.time_zone from operator_settings o);
end $$;
