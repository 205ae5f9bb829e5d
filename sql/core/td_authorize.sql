-- The session of a token if its role may do p_action (else FORBIDDEN). Marks
-- the transaction with the session, so every audit row it writes names it.
create or replace function td_authorize(p_token text, p_action text, p_what text) returns sessions
language plpgsql as $$
declare
    s sessions%rowtype;
begin
    s := td_session(p_token);
    if not td_role_may(s.role, p_action) then
        perform td_raise('FORBIDDEN', jsonb_build_object('role', s.role, 'action', p_what));
    end if;
    perform set_config('tourdesk.session_id', s.id::text, true);
    return s;
end $$;
