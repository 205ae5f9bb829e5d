-- Errors are raised with SQLSTATE P0001, the stable error code as the message
-- and a JSON object as the detail; src/booking/error.rs maps them.
create or replace function td_raise(p_code text, p_detail jsonb default '{}') returns void
language plpgsql as $$
begin
    raise exception using errcode = 'P0001', message = p_code, detail = p_detail::text;
end $$;
