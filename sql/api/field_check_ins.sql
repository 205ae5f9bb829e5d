-- A run of offline check-ins replayed in journal order (td_field_check_in
-- per entry, one statement). Each entry keeps the time and the staff member
-- the laptop recorded; the device is the session's (the laptop's). An entry
-- whose staff member the laptop was not sealed for (or inactive, or of a
-- role that may not) is not applied: a `staff` conflict (td_field_staff_check).
-- The server judges with the operator's check-in window of now; the laptop
-- judged with the one its prepare took along; an admission the server
-- refuses is a conflict (td_field_check_in).
create function api.field_check_ins(
    p_session text, p_events uuid[], p_methods text[], p_raws text[], p_tickets bigint[], p_kinds text[],
    p_keys int[], p_participants bigint[], p_bookings bigint[], p_departures bigint[], p_locations text[],
    p_occurred timestamptz[], p_staff bigint[], p_limits int[], p_verdicts text[], p_details jsonb[],
    p_admitted text[])
returns setof jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
begin
    s := td_authorize(p_session, 'check_in', 'check people in');
    -- the desk's roll-call says how old this laptop's picture is (api.rollcall)
    update devices set last_field_sync = clock_timestamp() where id = s.device_id;
    return query
    select coalesce(
               td_field_staff_check(e, 'check_in', staff, s.device_id, departure, occurred,
                                    jsonb_build_object('device_verdict', verdict,
                                        'booking_number', (select b.booking_number from bookings b
                                                            where b.id = booking))),
               td_field_check_in(e, method, raw, ticket, kind, key, participant, booking, departure, location,
                                 occurred, (select check_in_window from operator_settings),
                                 coalesce(staff, s.staff_id), s.device_id, party_limit, verdict, detail,
                                 admitted::bigint[]))
      from unnest(p_events, p_methods, p_raws, p_tickets, p_kinds, p_keys, p_participants, p_bookings,
                  p_departures, p_locations, p_occurred, p_staff, p_limits, p_verdicts, p_details, p_admitted)
           with ordinality as t(e, method, raw, ticket, kind, key, participant, booking, departure,
                                location, occurred, staff, party_limit, verdict, detail, admitted, n)
     order by n;
end $$;
