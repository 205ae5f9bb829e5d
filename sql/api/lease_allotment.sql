-- Leases seats to the session's device until departure (1 to 500).
create function api.lease_allotment(p_session text, p_departure bigint, p_seats int, p_key uuid,
                                    out hold_id bigint, out expires_at timestamptz, out replayed boolean)
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
begin
    s := td_authorize(p_session, 'sell', 'lease seats for offline sales');
    if p_seats not between 1 and 500 then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'allotment', 'problem', 'lease 1 to 500 seats'));
    end if;
    select a.hold_id, a.expires_at, a.replayed into hold_id, expires_at, replayed
      from td_lease_allotment(p_departure, p_seats, td_offer_ttl(), s.staff_id, s.device_id, p_key) a;
end $$;
