-- Closes the shift open on the session's device with the drawer's count:
-- p_values[i] notes or coins of p_counts[i] each, in minor units of the
-- drawer's currency — each one of currency_denominations
-- (UNKNOWN_DENOMINATION listing them); a value left out counts 0. The
-- shift goes to awaiting_approval: nothing more is posted into it (a
-- payment at the device after this is outside any shift until the next
-- opens), and its figures (api.shift_tally) stay as they are now. The
-- desk's. NO_OPEN_SHIFT without an open shift: two clerks closing at once
-- take turns on the shift's row, and the second finds it closed.
--
-- Idempotent on p_key: the same key with the same count answers the closed
-- shift (replayed), with another count IDEMPOTENCY_CONFLICT. Audited as
-- shift.closed with the cash expected, counted and over/short.
create function api.shift_close(p_session text, p_values bigint[], p_counts int[], p_key uuid)
returns table (shift_id bigint, device text, currency text, status text, z_number int, opened_by text,
               opened_at timestamptz, closed_by text, closed_at timestamptz, approved_by text,
               approved_at timestamptz, replayed boolean)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
declare
    s sessions%rowtype;
    sh shifts%rowtype;
    done shifts%rowtype;
    v_counts jsonb;
    v_bad bigint;
    t record;
begin
    s := td_authorize_write(p_session, 'sell', 'close a shift', p_key);
    if cardinality(coalesce(p_values, '{}')) <> cardinality(coalesce(p_counts, '{}'))
       or exists (select 1 from unnest(p_values, p_counts) x(v, n) where v is null or n is null or n < 0) then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'count',
                         'problem', 'a number (0 or more) of each note or coin'));
    end if;
    if (select count(distinct v) <> count(*) from unnest(p_values) v) then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'count',
                         'problem', 'each note or coin once'));
    end if;
    v_counts := coalesce((select jsonb_object_agg(v::text, n) from unnest(p_values, p_counts) x(v, n)), '{}');
    -- locked first: a second close with the same key waits here, then replays
    select * into sh from shifts x where x.device_id = s.device_id and x.status = 'open' for update;
    select * into done from shifts x where x.close_key = p_key;
    if found then
        if done.device_id <> s.device_id
           or v_counts <> coalesce((select jsonb_object_agg(c.value_minor::text, c.count) from shift_counts c
                                     where c.shift_id = done.id), '{}') then
            perform td_raise('IDEMPOTENCY_CONFLICT', jsonb_build_object('key', p_key));
        end if;
        return query select x.*, true from td_shift_info(done.id) x;
        return;
    end if;
    if sh.id is null then
        perform td_open_shift(s.device_id);
    end if;
    select v into v_bad from unnest(p_values) v
     where not exists (select 1 from currency_denominations d where d.currency = sh.currency and d.value_minor = v)
     limit 1;
    if found then
        perform td_raise('UNKNOWN_DENOMINATION', jsonb_build_object('currency', sh.currency, 'value_minor', v_bad,
                         'denominations', (select jsonb_agg(d.value_minor order by d.value_minor desc)
                                             from currency_denominations d where d.currency = sh.currency)));
    end if;
    insert into shift_counts (shift_id, currency, value_minor, count)
    select sh.id, sh.currency, v, n from unnest(p_values, p_counts) x(v, n);
    update shifts x set status = 'awaiting_approval', closed_by = s.staff_id, closed_at = clock_timestamp(),
                        close_key = p_key
     where x.id = sh.id;
    select * into t from td_shift_tally(sh.id) x where x.currency = sh.currency and x.method = 'cash';
    insert into audit_log (staff_id, device_id, action, details)
    values (s.staff_id, s.device_id, 'shift.closed',
            jsonb_build_object('shift_id', sh.id, 'currency', sh.currency, 'counts', v_counts,
                               'expected_cash_minor', t.expected_minor, 'counted_cash_minor', t.counted_minor,
                               'over_short_minor', t.over_short_minor, 'key', p_key));
    return query select x.*, false from td_shift_info(sh.id) x;
end $$;
