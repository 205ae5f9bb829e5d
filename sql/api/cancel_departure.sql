-- Cancels a whole departure for weather or operator reasons. Operator: every
-- booking gets the refund the rules give that reason now (computed here).
-- Weather: every booking becomes a party to rebook (money kept, due at
-- rebook_due_at; td_cancel_departure says how), refund_total_minor is 0.
create function api.cancel_departure(p_session text, p_departure bigint, p_reason text, p_note text,
                                     out bookings_cancelled int, out refund_total_minor bigint, out already boolean,
                                     out refund_percent int, out notifications_queued bigint,
                                     out to_rebook int, out rebook_due_at timestamptz)
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
    v_starts timestamptz;
    v_hours numeric;
begin
    s := td_authorize(p_session, 'weather', 'cancel a departure');
    if p_reason not in ('weather', 'operator') then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'reason',
                         'problem', 'a whole departure is cancelled for weather or operator reasons'));
    end if;
    perform td_check_text('note', p_note, 500, false);
    select starts_at into v_starts from departures where id = p_departure;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'departure', 'id', p_departure));
    end if;
    -- exact for the rules (71.999 h is not 72 h), rounded only where stored
    v_hours := (extract(epoch from v_starts - clock_timestamp()) / 3600)::numeric;
    refund_percent := td_refund_percent(p_reason, v_hours);
    select c.bookings_cancelled, c.refund_total_minor, c.already
      into bookings_cancelled, refund_total_minor, already
      from td_cancel_departure(p_departure, p_reason, refund_percent, v_hours, coalesce(p_note, ''),
                               s.staff_id, s.device_id) c;
    select count(*) into notifications_queued from notification_outbox o join bookings b on b.id = o.booking_id
     where b.departure_id = p_departure and o.kind in ('departure_cancelled', 'rebook_offered');
    -- this call's parties to rebook (none when it was cancelled before)
    select count(*) filter (where not already), max(r.due_at) into to_rebook, rebook_due_at
      from rebookings r where r.departure_id = p_departure;
end $$;
