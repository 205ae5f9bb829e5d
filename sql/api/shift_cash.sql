-- Cash into (p_kind 'in': change from the bank) or out of ('out': fuel for
-- the bus) the drawer of the shift open on the session's device, with a
-- reason, in the drawer's currency: the desk's. NO_OPEN_SHIFT without one.
-- Under the shift's row lock, so it takes turns with a close. Idempotent
-- on p_key as every write (replayed; another request IDEMPOTENCY_CONFLICT);
-- audited as shift.cash_in / shift.cash_out.
create function api.shift_cash(p_session text, p_kind text, p_amount bigint, p_reason text, p_key uuid)
returns table (move_id bigint, shift_id bigint, kind text, currency text, amount_minor bigint, reason text,
               at timestamptz, replayed boolean)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
declare
    s sessions%rowtype;
    sh shifts%rowtype;
    m shift_cash_moves%rowtype;
    v_reason text := btrim(coalesce(p_reason, ''));
begin
    s := td_authorize_write(p_session, 'sell', 'move cash in or out of the drawer', p_key);
    if p_kind is null or p_kind not in ('in', 'out') then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'kind', 'problem', 'in or out'));
    end if;
    if p_amount is null or p_amount <= 0 then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'amount',
                         'problem', 'a positive amount in minor units (kopecks)'));
    end if;
    perform td_check_text('cash reason', v_reason, 200, true);
    select * into m from shift_cash_moves x where x.client_key = p_key;
    if found then
        if m.kind <> p_kind or m.amount_minor <> p_amount or m.reason <> v_reason or m.device_id <> s.device_id then
            perform td_raise('IDEMPOTENCY_CONFLICT', jsonb_build_object('key', p_key));
        end if;
        return query select m.id, m.shift_id, m.kind, m.currency, m.amount_minor, m.reason, m.at, true;
        return;
    end if;
    sh := td_open_shift(s.device_id);
    -- the same key sent twice at once: the second waited on the shift's lock
    select * into m from shift_cash_moves x where x.client_key = p_key;
    if found then
        return query select m.id, m.shift_id, m.kind, m.currency, m.amount_minor, m.reason, m.at, true;
        return;
    end if;
    insert into shift_cash_moves (shift_id, kind, currency, amount_minor, reason, staff_id, device_id, client_key)
    values (sh.id, p_kind, sh.currency, p_amount, v_reason, s.staff_id, s.device_id, p_key)
    returning * into m;
    insert into audit_log (staff_id, device_id, action, details)
    values (s.staff_id, s.device_id, 'shift.cash_' || p_kind,
            jsonb_build_object('shift_id', sh.id, 'move_id', m.id, 'currency', m.currency,
                               'amount_minor', m.amount_minor, 'reason', m.reason, 'key', p_key));
    return query select m.id, m.shift_id, m.kind, m.currency, m.amount_minor, m.reason, m.at, false;
end $$;
