-- Who is missing now, across the desk: each departure past its end plus the
-- grace period (within the same last 7 days the sweep looks at) with people
-- checked in and neither back nor left, with how many. The kiosk's header
-- and Occupancy screen show these in red; the kiosk asks again when
-- 'rollcall_changed' arrives and on its periodic refresh (becoming missing
-- is a time event: nothing is written when it happens). Counts only, no
-- personal data: anyone logged in may read it.
create function api.rollcall_missing(p_session text) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    v_grace interval := (select o.return_grace from operator_settings o);
begin
    perform td_authorize(p_session, 'sweep', 'read who is missing');
    return coalesce((
        select jsonb_agg(jsonb_build_object('departure_id', m.id, 'tour', m.tour, 'starts_at', m.starts_at,
                                            'missing', m.missing) order by m.starts_at, m.id)
          from (select d.id, t.name as tour, d.starts_at, count(*)::int as missing
                  from departures d
                  join tours t on t.id = d.tour_id
                  join check_ins c on c.departure_id = d.id and c.status = 'accepted'
                 where d.ends_at + v_grace <= now() and d.ends_at > now() - v_grace - interval '7 days'
                   and d.status <> 'cancelled'
                   and not exists (select 1 from returns x where x.participant_id = c.participant_id)
                 group by d.id, t.name, d.starts_at) m), '[]');
end $$;
