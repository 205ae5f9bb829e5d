-- The Z-report's breakdowns of a shift (the header is api.shift, the
-- methods api.shift_tally): its payments and refunds by tour and by staff
-- member, and its cash movements, one row each. A row's section says which:
-- 'tour' and 'staff' with counts and sums per currency, 'cash_in' and
-- 'cash_out' with the movement's reason as label (its amount as
-- payments_minor) and who made it as detail. For any session.
create function api.shift_report(p_session text, p_shift bigint)
returns table (section text, label text, detail text, currency text, payments int, payments_minor bigint,
               refunds int, refunds_minor bigint, at timestamptz)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
begin
    perform td_authorize(p_session, 'read', 'read shifts');
    if not exists (select 1 from shifts x where x.id = p_shift) then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'shift', 'id', p_shift));
    end if;
    return query
    with taken as (
        select l.*, t.name as tour, coalesce(st.name, '') as staff
          from ledger l
          join bookings b on b.id = l.booking_id
          join departures d on d.id = b.departure_id
          join tours t on t.id = d.tour_id
          left join staff st on st.id = l.staff_id
         where l.shift_id = p_shift
    ), grouped as (
        select 'tour'::text as section, r.tour as label, r.currency, r.kind, r.amount_minor from taken r
        union all
        select 'staff', r.staff, r.currency, r.kind, r.amount_minor from taken r
    )
    select g.section, g.label, ''::text, g.currency,
           (count(*) filter (where g.kind = 'payment'))::int,
           coalesce(sum(g.amount_minor) filter (where g.kind = 'payment'), 0)::bigint,
           (count(*) filter (where g.kind = 'refund'))::int,
           coalesce(sum(g.amount_minor) filter (where g.kind = 'refund'), 0)::bigint,
           null::timestamptz
      from grouped g
     group by g.section, g.label, g.currency
    union all
    select 'cash_' || m.kind, m.reason, coalesce(st.name, ''), m.currency, 1, m.amount_minor, 0, 0::bigint, m.at
      from shift_cash_moves m left join staff st on st.id = m.staff_id
     where m.shift_id = p_shift and m.kind in ('in', 'out')
     order by 1 desc, 2, 4, 9;
end $$;
