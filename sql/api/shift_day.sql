-- The day's report: a day in the operator's zone (p_day; null: today, by
-- the server's clock), every shift that was open during it with its
-- figures per currency and method (td_shift_tally, the one place the
-- arithmetic lives, as jsonb), and every payment and refund of that day
-- taken OUTSIDE any shift (ledger rows with no shift_id: a device with no
-- open shift, a payment after a close, the owner's scripts), each with who,
-- which device and which booking. A shift is the day's when it was open at
-- any moment of it (one open across midnight is on both days); its figures
-- are the whole shift's, as its Z-report has them.
--
-- One row set, told apart by section: first 'day' (the day and its bounds,
-- so a caller that asked for "today" learns which day that was, even when
-- nothing happened), then 'shift' rows by opening time, then 'outside'
-- rows by time. Every row carries the day's columns. For any session, as
-- the Z-report is.
create function api.shift_day(p_session text, p_day date)
returns table (section text, day date, day_start timestamptz, day_end timestamptz,
               shift_id bigint, device text, currency text, status text, z_number int, opened_by text,
               opened_at timestamptz, closed_by text, closed_at timestamptz, approved_by text,
               approved_at timestamptz, tally jsonb,
               booking_number text, kind text, method text, amount_minor bigint, staff text, at timestamptz,
               reference text, reason text)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
declare
    v_zone text := (select o.time_zone from operator_settings o);
    v_day date := coalesce(p_day, (clock_timestamp() at time zone v_zone)::date);
    v_start timestamptz := v_day::timestamp at time zone v_zone;
    v_end timestamptz := (v_day + 1)::timestamp at time zone v_zone;
begin
    perform td_authorize(p_session, 'read', 'read shifts');
    return query
    select 'day'::text, v_day, v_start, v_end,
           null::bigint, null::text, null::text, null::text, null::int, null::text, null::timestamptz, null::text,
           null::timestamptz, null::text, null::timestamptz, null::jsonb,
           null::text, null::text, null::text, null::bigint, null::text, null::timestamptz, null::text, null::text;
    return query
    select 'shift'::text, v_day, v_start, v_end,
           i.shift_id, i.device, i.currency, i.status, i.z_number, i.opened_by, i.opened_at, i.closed_by,
           i.closed_at, i.approved_by, i.approved_at,
           coalesce((select jsonb_agg(to_jsonb(t) order by t.currency, t.method) from td_shift_tally(x.id) t),
                    '[]'::jsonb),
           null::text, null::text, null::text, null::bigint, null::text, null::timestamptz, null::text, null::text
      from shifts x
     cross join lateral td_shift_info(x.id) i
     where x.opened_at < v_end and coalesce(x.closed_at, clock_timestamp()) >= v_start
     order by x.opened_at, x.id;
    return query
    select 'outside'::text, v_day, v_start, v_end,
           null::bigint, coalesce(d.name, ''), l.currency, null::text, null::int, null::text, null::timestamptz,
           null::text, null::timestamptz, null::text, null::timestamptz, null::jsonb,
           b.booking_number, l.kind, l.method, l.amount_minor, coalesce(st.name, ''), l.at, l.reference, l.reason
      from ledger l
      join bookings b on b.id = l.booking_id
      left join devices d on d.id = l.device_id
      left join staff st on st.id = l.staff_id
     where l.shift_id is null and l.at >= v_start and l.at < v_end
     order by l.at, l.id;
end $$;
