-- A shift's figures per currency and method (td_shift_tally: expected,
-- counted once closed, over/short): for any session.
create function api.shift_tally(p_session text, p_shift bigint)
returns table (currency text, method text, float_minor bigint, cash_in_minor bigint, cash_out_minor bigint,
               payments int, payments_minor bigint, refunds int, refunds_minor bigint, expected_minor bigint,
               counted_minor bigint, over_short_minor bigint)
language plpgsql security definer set search_path = public, pg_temp as $$
begin
    perform td_authorize(p_session, 'read', 'read shifts');
    if not exists (select 1 from shifts x where x.id = p_shift) then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'shift', 'id', p_shift));
    end if;
    return query select * from td_shift_tally(p_shift);
end $$;
