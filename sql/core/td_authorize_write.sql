-- The preamble of a keyed write: the session of a token if its role may do
-- p_action (td_authorize: else FORBIDDEN), and a key to make the write
-- idempotent on (INVALID_INPUT without one). What the key is then looked
-- up against differs per write (open_key, close_key, approve_key, a cash
-- movement's client_key) and stays with each.
create or replace function td_authorize_write(p_token text, p_action text, p_what text, p_key uuid)
returns sessions language plpgsql as $$
declare
    s sessions%rowtype;
begin
    s := td_authorize(p_token, p_action, p_what);
    if p_key is null then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'key', 'problem', 'a write needs a key'));
    end if;
    return s;
end $$;
