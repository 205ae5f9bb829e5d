-- Cancels a booking with the refund the rules give, computed here from the
-- server's clock. A manager may override the percent with a reason (audited
-- as refund.override). Weather and operator reasons are a manager's.
create function api.cancel(p_session text, p_booking_number text, p_reason text, p_note text,
                           p_override_percent int default null, p_override_reason text default null,
                           out refund_percent int, out refund_minor bigint, out already boolean,
                           out hours_before float8, out reason text, out currency text)
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
    b bookings%rowtype;
    v_starts timestamptz;
    v_hours numeric;
    v_percent int;
begin
    s := td_authorize(p_session, 'cancel', 'cancel bookings');
    if p_reason not in ('customer', 'weather', 'operator', 'no_show') then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'reason',
                         'problem', 'one of customer, weather, operator, no_show'));
    end if;
    if p_reason in ('weather', 'operator') and not td_role_may(s.role, 'weather') then
        perform td_raise('FORBIDDEN', jsonb_build_object('role', s.role,
                         'action', 'cancel for weather or operator reasons'));
    end if;
    select * into b from bookings where booking_number = p_booking_number;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'booking', 'id', p_booking_number));
    end if;
    select starts_at into v_starts from departures where id = b.departure_id;
    -- exact for the rules (71.999 h is not 72 h), rounded only where stored
    v_hours := (extract(epoch from v_starts - clock_timestamp()) / 3600)::numeric;
    v_percent := td_refund_percent(p_reason, v_hours);
    if p_override_percent is not null then
        if s.role <> 'manager' then
            perform td_raise('FORBIDDEN', jsonb_build_object('role', s.role, 'action', 'override a refund'));
        end if;
        if p_override_percent not between 0 and 100 then
            perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'refund percent', 'problem', '0 to 100'));
        end if;
        if length(btrim(coalesce(p_override_reason, ''))) = 0 then
            perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'override reason',
                             'problem', 'a refund override needs a reason'));
        end if;
        if length(p_override_reason) > 500 or p_override_reason ~ '[[:cntrl:]]' then
            perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'override reason',
                             'problem', 'one line of at most 500 characters'));
        end if;
        v_percent := p_override_percent;
    end if;
    select c.refund_percent, c.refund_minor, c.already into refund_percent, refund_minor, already
      from td_cancel(b.id, p_reason, v_hours, v_percent, coalesce(p_note, ''), td_offer_ttl(),
                     s.staff_id, s.device_id) c;
    if p_override_percent is not null and not already then
        insert into audit_log (staff_id, device_id, action, departure_id, booking_id, details)
        values (s.staff_id, s.device_id, 'refund.override', b.departure_id, b.id,
                jsonb_build_object('rules_percent', td_refund_percent(p_reason, v_hours),
                                   'percent', p_override_percent, 'reason', p_override_reason));
    end if;
    select c.hours_before::float8, c.reason into hours_before, reason from cancellations c where c.booking_id = b.id;
    currency := b.currency;
end $$;
