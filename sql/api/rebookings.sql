-- The parties of a departure cancelled for weather, open and resolved, in
-- order of booking: who (contact name, phone, e-mail — the desk calls them),
-- the party (adults, children, seats), the money the booking holds, the
-- case's status and due time, the voucher when credited, and where a moved
-- party went (the move that closed its case: booking_moves under the case's
-- key, so a later move of the booking does not rewrite what the rebooking
-- did). The desk's and the manager's (contacts are personal data). Empty for
-- a departure with no weather cases.
create function api.rebookings(p_session text, p_departure bigint)
returns table (booking_number text, contact_name text, contact_phone text, contact_email text, seats int,
               adults int, children int, paid_minor bigint, refunded_minor bigint, currency text, status text,
               opened_at timestamptz, due_at timestamptz, resolved_at timestamptz, voucher_code text,
               moved_to bigint, moved_to_starts_at timestamptz, moved_to_time_zone text)
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
begin
    s := td_authorize(p_session, 'sell', 'see the parties to rebook');
    if not exists (select 1 from departures d where d.id = p_departure) then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'departure', 'id', p_departure));
    end if;
    return query
    select b.booking_number, b.contact_name, b.contact_phone, b.contact_email, b.seats, b.adults, b.children,
           b.paid_minor, b.refunded_minor, b.currency, r.status, r.opened_at, r.due_at, r.resolved_at, v.code,
           m.to_departure_id, t.starts_at, t.time_zone
      from rebookings r
      join bookings b on b.id = r.booking_id
      left join vouchers v on v.booking_id = b.id
      left join booking_moves m on r.status = 'moved' and m.client_key = r.client_key
      left join departures t on t.id = m.to_departure_id
     where r.departure_id = p_departure
     order by b.id;
end $$;
