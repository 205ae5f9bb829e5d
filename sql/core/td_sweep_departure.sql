-- Tidy one departure: refund the weather parties not rebooked by their due
-- time (td_rebook_sweep), expire dead holds and offers, then promote the
-- waitlist.
-- Safe to run repeatedly and concurrently: the row lock serialises sweepers.
create or replace function td_sweep_departure(p_departure bigint, p_offer_ttl interval, p_staff bigint, p_device bigint,
                                   out expired_seats int, out offers int)
language plpgsql as $$
begin
    perform 1 from departures where id = p_departure for update;
    if not found then
        expired_seats := 0;
        offers := 0;
        return;
    end if;
    perform td_rebook_sweep(p_departure, p_staff, p_device);
    expired_seats := td_reclaim_expired(p_departure, p_staff, p_device);
    offers := td_promote_waitlist(p_departure, p_offer_ttl, p_staff, p_device);
end $$;
