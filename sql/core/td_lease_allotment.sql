-- Leases seats to a device: a hold of purpose 'allotment' that lasts until the
-- departure (td_hold: fails with SOLD_OUT when the seats are not free).
-- Idempotent on p_key like every hold.
create or replace function td_lease_allotment(p_departure bigint, p_seats int, p_offer_ttl interval, p_staff bigint,
                                   p_device bigint, p_key uuid,
                                   out hold_id bigint, out expires_at timestamptz, out replayed boolean)
language plpgsql as $$
begin
    select h.hold_id, h.expires_at, h.replayed into hold_id, expires_at, replayed
      from td_hold(p_departure, p_seats, 0, interval '1 minute', 'allotment', p_offer_ttl, p_staff, p_device,
                   p_key) h;
    update holds set leased = coalesce(leased, p_seats) where id = hold_id;
end $$;
