-- The server's price (issue 11, "never trust the client"): the SQL twin of
-- src/domain/pricing.rs `quote`. api.book charges what this computes; what a
-- client sends is only the figure it showed, compared (PRICE_CHANGED with
-- both figures). The scenario table in tests/core/pricing_scenarios.rs runs
-- both engines and asserts that they agree line by line: a change to one is a
-- change to the other.
--
-- The breakdown (the JSON shape of domain::pricing::PriceBreakdown) for a
-- party on a departure if booked at p_at: unit prices times the party, then
-- seasonal rules on the departure's local date (each on the subtotal), then
-- the best single discount (group or early-bird; they do not stack; on a tie
-- the newer rule) on what the seasons made. Percents round half away from
-- zero, as money::percent_of.
create or replace function td_quote(p_departure bigint, p_adults int, p_children int, p_at timestamptz)
returns jsonb language plpgsql stable as $$
declare
    d departures%rowtype;
    r pricing_rules%rowtype;
    v_adults bigint;
    v_children bigint;
    v_subtotal bigint;
    v_running bigint;
    v_amount bigint;
    v_local date;
    v_lines jsonb;
begin
    if p_adults is null or p_children is null or p_adults < 1 or p_children < 0 or p_adults + p_children > 50 then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'party',
            'problem', format('%s adult(s) and %s child(ren): 1 to 50 people with at least one adult',
                              p_adults, p_children)));
    end if;
    select * into d from departures where id = p_departure;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'departure', 'id', p_departure));
    end if;
    v_adults := d.adult_price_minor * p_adults;
    v_children := d.child_price_minor * p_children;
    v_lines := jsonb_build_array(jsonb_build_object('kind', 'adults', 'label', p_adults || ' × adult',
                                                    'amount_minor', v_adults));
    if p_children > 0 then
        v_lines := v_lines || jsonb_build_object('kind', 'children', 'label', p_children || ' × child',
                                                 'amount_minor', v_children);
    end if;
    v_subtotal := v_adults + v_children;
    v_running := v_subtotal;
    v_local := (d.starts_at at time zone d.time_zone)::date;
    for r in select * from pricing_rules
              where active and kind = 'seasonal' and (tour_id is null or tour_id = d.tour_id)
                and v_local between valid_from and valid_to
              order by id loop
        v_amount := case when v_subtotal * r.percent >= 0 then (v_subtotal * r.percent + 50) / 100
                         else (v_subtotal * r.percent - 50) / 100 end;
        v_running := v_running + v_amount;
        v_lines := v_lines || jsonb_build_object('kind', 'seasonal', 'amount_minor', v_amount,
            'label', case when r.description ~ '^[[:space:]]*$'
                          then 'season ' || case when r.percent >= 0 then '+' else '' end || r.percent || '%'
                          else r.description end);
    end loop;
    -- exact seconds ahead against whole days of 86,400 s (no calendar days:
    -- a DST change must not move the threshold, as in the Rust twin)
    select * into r from pricing_rules
     where active and (tour_id is null or tour_id = d.tour_id)
       and ((kind = 'group_discount' and p_adults + p_children >= min_party)
            or (kind = 'early_bird' and extract(epoch from d.starts_at - p_at) >= days_before::numeric * 86400))
     order by percent desc, id desc
     limit 1;
    if found then
        v_amount := case when v_running * r.percent >= 0 then -((v_running * r.percent + 50) / 100)
                         else -((v_running * r.percent - 50) / 100) end;
        v_running := v_running + v_amount;
        v_lines := v_lines || jsonb_build_object('kind', r.kind, 'amount_minor', v_amount,
            'label', case when r.description !~ '^[[:space:]]*$' then r.description
                          when r.kind = 'group_discount' then 'group discount −' || r.percent || '%'
                          else 'early booking −' || r.percent || '%' end);
    end if;
    return jsonb_build_object('adults', p_adults, 'children', p_children,
                              'adult_unit_minor', d.adult_price_minor, 'child_unit_minor', d.child_price_minor,
                              'lines', v_lines, 'subtotal_minor', v_subtotal,
                              'total_minor', greatest(v_running, 0), 'currency', d.currency);
end $$;
