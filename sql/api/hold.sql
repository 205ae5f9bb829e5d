-- Holds walk-in seats (5 to 30 minutes).
create function api.hold(p_session text, p_departure bigint, p_adults int, p_children int, p_ttl interval,
                         p_key uuid, out hold_id bigint, out expires_at timestamptz, out replayed boolean)
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
begin
    s := td_authorize(p_session, 'sell', 'hold seats');
    select h.hold_id, h.expires_at, h.replayed into hold_id, expires_at, replayed
      from td_hold(p_departure, p_adults, p_children,
                   least(greatest(p_ttl, interval '5 minutes'), interval '30 minutes'), 'walk_in',
                   td_offer_ttl(), s.staff_id, s.device_id, p_key) h;
end $$;
