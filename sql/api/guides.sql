-- The active staff with the role guide, by name: what a manager picks a
-- schedule rule's guide from (the kiosk's rule form). Names only; anyone
-- logged in may read them (a guide's name is on every manifest).
create function api.guides(p_session text)
returns table (name text)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
begin
    perform td_authorize(p_session, 'read', 'list guides');
    return query
    select st.name from staff st where st.role = 'guide' and st.active order by st.name;
end $$;
