-- The server's price for an offline sale that was booked (td_field_sell),
-- compared with what the laptop charged (issue 11: the laptop priced from the
-- table its prepare took along; a tampered one could record any total). The
-- booking stays as sold — its money record must match what was taken — so a
-- difference in total or currency is a `price` conflict for a manager, under
-- an event id derived from the sale's (md5 of key || ':price'), so a sync run
-- again finds it and adds none. Returns the conflict, or null when the
-- figures agree.
--
-- details.cause says what the server can tell cheaply, without a history of
-- the pricing rules:
--   price_moved          the laptop's total is the server's price at the time
--                        the allotment was leased (its prepare): the price
--                        changed between prepare and sale (an early-booking
--                        discount that ran out, a rule or price changed);
--   unit_prices_changed  the departure's unit prices are not those in the
--                        laptop's breakdown: they changed since the prepare
--                        (or the breakdown was altered);
--   party_not_priced     the party is outside what td_quote prices (1 to 50
--                        people, an adult among them): no server figure;
--   unexplained          none of these: the rules changed since the prepare,
--                        or the laptop's figure was altered.
create or replace function td_field_price_check(
    p_key uuid, p_booking bigint, p_hold bigint, p_departure bigint, p_adults int, p_children int,
    p_booking_number text, p_breakdown jsonb, p_total bigint, p_currency text, p_occurred timestamptz,
    p_staff bigint, p_device bigint)
returns jsonb language plpgsql as $$
declare
    v_event uuid := md5(p_key::text || ':price')::uuid;
    v_quote jsonb;
    v_at_lease jsonb;
    v_leased timestamptz;
    v_cause text;
    c field_conflicts%rowtype;
begin
    select * into c from field_conflicts where event_id = v_event;
    if found then
        return to_jsonb(c);
    end if;
    if p_adults < 1 or p_adults + p_children > 50 then
        v_cause := 'party_not_priced';
    else
        v_quote := td_quote(p_departure, p_adults, p_children, p_occurred);
        if (v_quote ->> 'total_minor')::bigint = p_total and v_quote ->> 'currency' = p_currency then
            return null;
        end if;
        select created_at into v_leased from holds where id = p_hold;
        if v_leased is not null then
            v_at_lease := td_quote(p_departure, p_adults, p_children, v_leased);
        end if;
        if (v_at_lease ->> 'total_minor')::bigint = p_total and v_at_lease ->> 'currency' = p_currency then
            v_cause := 'price_moved';
        elsif p_breakdown ->> 'adult_unit_minor' is distinct from v_quote ->> 'adult_unit_minor'
              or (p_children > 0
                  and p_breakdown ->> 'child_unit_minor' is distinct from v_quote ->> 'child_unit_minor') then
            v_cause := 'unit_prices_changed';
        else
            v_cause := 'unexplained';
        end if;
    end if;
    insert into field_conflicts (event_id, kind, departure_id, booking_id, device_id, staff_id, occurred_at, details)
    values (v_event, 'price', p_departure, p_booking, p_device, p_staff, p_occurred,
            jsonb_build_object('cause', v_cause, 'sale_event_id', p_key, 'booking_number', p_booking_number,
                               'adults', p_adults, 'children', p_children,
                               'laptop_total_minor', p_total, 'laptop_currency', p_currency,
                               'server_total_minor', (v_quote ->> 'total_minor')::bigint,
                               'currency', coalesce(v_quote ->> 'currency', p_currency),
                               'difference_minor', p_total - (v_quote ->> 'total_minor')::bigint,
                               'server_breakdown', v_quote, 'laptop_breakdown', p_breakdown,
                               'at_lease_total_minor', (v_at_lease ->> 'total_minor')::bigint))
    on conflict (event_id) do nothing
    returning * into c;
    if not found then
        select * into c from field_conflicts where event_id = v_event;
        return to_jsonb(c);
    end if;
    insert into audit_log (staff_id, device_id, action, departure_id, booking_id, details)
    values (p_staff, p_device, 'field.conflict', p_departure, p_booking,
            jsonb_build_object('event_id', v_event, 'kind', 'price', 'cause', v_cause,
                               'laptop_total_minor', p_total, 'server_total_minor',
                               (v_quote ->> 'total_minor')::bigint));
    return to_jsonb(c);
end $$;
