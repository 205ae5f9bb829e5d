-- Where a booking was made, from the kind of device that made it.
create or replace function td_source(p_device bigint) returns text
language sql stable as $$
    select case kind when 'field' then 'field' when 'cli' then 'cli' else 'desk' end from devices where id = p_device
$$;
