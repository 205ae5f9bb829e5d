-- What a change of a booking's party would do, changing nothing: the kiosk
-- shows it before the clerk confirms (adult <-> child, a person added, a
-- person removed with the refund tier). p_change is 'kind' (p_participant
-- becomes p_kind), 'add' (one p_kind named p_name) or 'remove'
-- (p_participant).
--
-- Why a dry run of the change itself rather than terms computed apart (as
-- td_move_terms is for a move): the answer then cannot drift from the change
-- — the same checks and refusals (SOLD_OUT, ALREADY_CHECKED_IN, LAST_PERSON,
-- the last adult, a departure that no longer sells), the same repricing
-- (td_booking_reprice) and refund tier. The change runs in a subtransaction
-- that is then rolled back (a private SQLSTATE, caught here): its rows, its
-- ledger and audit rows, its waitlist offers and notifications go with it;
-- only the answer, a plpgsql variable, survives. The departure's and the
-- booking's row locks are held for this one statement, with no client round
-- trip. The change decides again when it is made (the tier may have moved on
-- meanwhile: the change's own answer is what counts). Each change's own
-- td_authorize applies: removing needs the right to cancel.
create function api.change_quote(p_session text, p_booking_number text, p_change text, p_participant bigint,
                                 p_kind text, p_name text)
returns setof booking_change_answer
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    v_answer booking_change_answer;
    -- a key nobody has used: the change must not find (and replay) another's
    v_key uuid := gen_random_uuid();
begin
    if p_change is null or p_change not in ('kind', 'add', 'remove') then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'change', 'problem', 'kind, add or remove'));
    end if;
    begin
        case p_change
        when 'kind' then
            select * into v_answer
              from api.participant_change(p_session, p_booking_number, p_participant, null, null, null, null, null,
                                          p_kind, v_key);
        when 'add' then
            select * into v_answer
              from api.booking_add_person(p_session, p_booking_number, p_name, p_kind, null, null, null, null,
                                          'unpaid', '', v_key);
        else
            select * into v_answer from api.booking_remove_person(p_session, p_booking_number, p_participant, v_key);
        end case;
        -- undo all of it: only v_answer stays
        raise exception using errcode = 'TDQ01', message = 'change_quote: rolled back';
    exception when sqlstate 'TDQ01' then
        null;
    end;
    return next v_answer;
end $$;
