-- The operator's currency (ISO 4217), the default where no departure names
-- one (any session may read it: the kiosk's add form, the CLI's `departure
-- add`, a field laptop's prepare takes it along).
create function api.currency(p_session text) returns text
language plpgsql security definer set search_path = public, pg_temp as $$
begin
    perform td_authorize(p_session, 'read', 'read the currency');
    return (select o.currency from operator_settings o);
end $$;
