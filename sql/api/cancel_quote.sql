-- What cancelling a booking would refund now, by the rules, without
-- cancelling it: the kiosk shows this before asking "cancel? y/n". The same
-- clock, rules and amount as api.cancel and td_cancel (the percent of what
-- the booking still holds: paid less refunded); the cancel itself computes
-- them again, so a quote shown a minute early never decides the refund.
-- A booking already cancelled quotes what its cancellation refunded.
create function api.cancel_quote(p_session text, p_booking_number text, p_reason text,
                                 out refund_percent int, out refund_minor bigint, out already boolean,
                                 out hours_before float8, out currency text)
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    b bookings%rowtype;
    c cancellations%rowtype;
    v_hours numeric;
begin
    perform td_authorize(p_session, 'cancel', 'cancel bookings');
    if p_reason not in ('customer', 'weather', 'operator', 'no_show') then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'reason',
                         'problem', 'one of customer, weather, operator, no_show'));
    end if;
    select * into b from bookings where booking_number = p_booking_number;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'booking', 'id', p_booking_number));
    end if;
    currency := b.currency;
    if b.status = 'cancelled' then
        select * into c from cancellations where booking_id = b.id;
        refund_percent := c.refund_percent;
        refund_minor := c.refund_minor;
        hours_before := c.hours_before::float8;
        already := true;
        return;
    end if;
    select (extract(epoch from d.starts_at - clock_timestamp()) / 3600)::numeric into v_hours
      from departures d where d.id = b.departure_id;
    refund_percent := td_refund_percent(p_reason, v_hours);
    refund_minor := ((b.paid_minor - b.refunded_minor) * refund_percent + 50) / 100;
    hours_before := round(v_hours, 2)::float8;
    already := false;
end $$;
