-- Tidies one departure (expired holds, waitlist offers); anyone logged in.
create function api.sweep_departure(p_session text, p_departure bigint, out expired_seats int, out offers int)
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
begin
    s := td_authorize(p_session, 'sweep', 'sweep');
    select x.expired_seats, x.offers into expired_seats, offers
      from td_sweep_departure(p_departure, td_offer_ttl(), s.staff_id, s.device_id) x;
end $$;
