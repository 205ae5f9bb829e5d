-- A booking's party becomes p_adults + p_children on its own departure
-- (people added or removed, adult <-> child), priced by today's rules: the
-- difference td_quote gives now between the new party and the old one is
-- added to the booking's price, so the people who stay keep the price they
-- were sold at (a quote of the whole party now would reprice them too: an
-- early-bird discount lost since the sale would make removing a person
-- dearer). The breakdown gets a `change` line with that difference.
--
-- The money after it is td_settle's, the rule a move follows too: what was
-- paid beyond the new price stays in the total as a `paid_beyond` line and
-- p_refund_percent of it goes back as a ledger refund row (td_ledger_post,
-- key derived from the change's), so the balance stays total less paid. A
-- booking that still owes gets nothing back: its balance only shrinks. The
-- lines still add up to the total. Reusable by any change of a party on its
-- departure (the name is generic on purpose); the caller holds the
-- departure's lock, then the booking's, and audits its own operation.
create or replace function td_booking_reprice(p_booking bigint, p_adults int, p_children int, p_label text,
                                              p_refund_percent int, p_reason text, p_key uuid,
                                              p_staff bigint, p_device bigint,
                                              out price_change_minor bigint, out refund_minor bigint,
                                              out kept_minor bigint)
language plpgsql as $$
declare
    b bookings%rowtype;
    v_now timestamptz := clock_timestamp();
    v_price bigint;
    m record;
    v_lines jsonb;
begin
    select * into b from bookings where id = p_booking;
    -- the total carries the paid_beyond lines: the difference applies to it
    v_price := greatest(b.total_minor
                        + (td_quote(b.departure_id, p_adults, p_children, v_now) ->> 'total_minor')::bigint
                        - (td_quote(b.departure_id, greatest(b.adults, 1), b.children, v_now) ->> 'total_minor')::bigint,
                        0);
    price_change_minor := v_price - b.total_minor;
    select * into m from td_settle(v_price, b.paid_minor, b.refunded_minor, p_refund_percent, p_label);
    refund_minor := m.refund_minor;
    kept_minor := m.kept_minor;
    v_lines := coalesce(b.price_breakdown -> 'lines', '[]'::jsonb);
    if price_change_minor <> 0 then
        v_lines := v_lines || jsonb_build_object('kind', 'change', 'label', p_label, 'amount_minor', price_change_minor);
    end if;
    if m.line is not null then
        v_lines := v_lines || m.line;
    end if;
    update bookings
       set adults = p_adults, children = p_children, total_minor = m.total_minor,
           price_breakdown = price_breakdown || jsonb_build_object('adults', p_adults, 'children', p_children,
                                                                   'lines', v_lines, 'total_minor', m.total_minor),
           payment_status = td_payment_status(m.total_minor, paid_minor, refunded_minor, payment_method)
     where id = p_booking;
    if refund_minor > 0 then
        perform td_ledger_post(p_booking, 'refund', refund_minor, null, null, p_reason,
                               md5(p_key::text || ':refund')::uuid, p_staff, p_device);
    end if;
end $$;
