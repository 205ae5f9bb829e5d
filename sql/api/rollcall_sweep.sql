-- Becoming missing is a time event: nothing is written when a departure's
-- end plus the grace period passes. The sweep (`tourdesk sweep`, the kiosk's
-- sweeper) calls this: each departure past end + grace (within the last 7
-- days) with people checked in and neither back nor left is announced on
-- 'rollcall_changed' once — rollcall_alerts records that it was — and
-- audited as rollcall.missing. Returns how many departures it announced.
-- Anyone logged in may sweep.
create function api.rollcall_sweep(p_session text) returns int
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
    v_grace interval := (select o.return_grace from operator_settings o);
    r record;
    n int := 0;
begin
    s := td_authorize(p_session, 'sweep', 'sweep');
    for r in
        select d.id, d.ends_at + v_grace as since, count(*)::int as missing
          from departures d
          join check_ins c on c.departure_id = d.id and c.status = 'accepted'
         where d.ends_at + v_grace <= now() and d.ends_at > now() - v_grace - interval '7 days'
           and d.status <> 'cancelled'
           and not exists (select 1 from returns x where x.participant_id = c.participant_id)
           and not exists (select 1 from rollcall_alerts a where a.departure_id = d.id)
         group by d.id
         order by d.id
    loop
        insert into rollcall_alerts (departure_id, missing) values (r.id, r.missing) on conflict do nothing;
        if found then
            perform pg_notify('rollcall_changed', r.id::text);
            insert into audit_log (staff_id, device_id, action, departure_id, details)
            values (s.staff_id, s.device_id, 'rollcall.missing', r.id,
                    jsonb_build_object('missing', r.missing, 'since', r.since));
            n := n + 1;
        end if;
    end loop;
    return n;
end $$;
