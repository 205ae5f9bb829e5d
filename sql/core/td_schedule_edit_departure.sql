-- One future scheduled departure of a rule just edited (api.schedule_edit),
-- under its row lock, against the rule as it is now (r):
--   seats booked or held: left exactly as it is; listed when its start is no
--   longer the rule's or it differs from the rule — {kept: {departure_id,
--   starts_at, booked, held, in_rule, differs}};
--   else, its start no longer the rule's: cancelled as an operator cancels —
--   {cancelled: {departure_id, starts_at}};
--   else, differing: brought to the rule (capacity, prices, meeting point;
--   on a crew edit, p_crew, the gone guide and resources off and the rule's
--   on through td_schedule_recrew) and audited departure.changed —
--   {updated: id, failures: [as apply's]};
--   else nothing: {}.
-- differs names capacity, adult_price, child_price, meeting_point, and on a
-- crew edit guide and resources (td_schedule_crew_differs).
create or replace function td_schedule_edit_departure(d departures, r schedules, p_crew boolean,
                                                      p_gone_guide bigint, p_gone_resources bigint[],
                                                      p_staff bigint, p_device bigint) returns jsonb
language plpgsql as $$
declare
    v_in_rule boolean;
    v_differs text[];
    v_failures jsonb := '[]';
begin
    v_in_rule := exists (select 1 from td_schedule_occurrences(r.id, d.schedule_local_start::date,
                                                               d.schedule_local_start::date) o
                          where o.local_start = d.schedule_local_start and not o.skipped);
    v_differs := array_remove(array[
        case when d.capacity <> r.capacity then 'capacity' end,
        case when d.adult_price_minor <> r.adult_price_minor then 'adult_price' end,
        case when d.child_price_minor <> r.child_price_minor then 'child_price' end,
        case when d.meeting_point <> r.meeting_point then 'meeting_point' end], null);
    if p_crew then
        v_differs := v_differs || td_schedule_crew_differs(d.id, r.id, p_gone_guide, p_gone_resources);
    end if;
    if d.booked + d.held > 0 then
        if not v_in_rule or cardinality(v_differs) > 0 then
            return jsonb_build_object('kept', jsonb_build_object(
                'departure_id', d.id, 'starts_at', d.starts_at, 'booked', d.booked, 'held', d.held,
                'in_rule', v_in_rule, 'differs', to_jsonb(v_differs)));
        end if;
        return '{}';
    end if;
    if not v_in_rule then
        perform td_cancel_departure(d.id, 'operator', 100,
                                    (extract(epoch from d.starts_at - clock_timestamp()) / 3600)::numeric,
                                    format('no longer in schedule %s (revision %s)', r.id, r.revision),
                                    p_staff, p_device);
        return jsonb_build_object('cancelled', jsonb_build_object('departure_id', d.id, 'starts_at', d.starts_at));
    end if;
    if cardinality(v_differs) = 0 then
        return '{}';
    end if;
    update departures
       set capacity = r.capacity, adult_price_minor = r.adult_price_minor,
           child_price_minor = r.child_price_minor, meeting_point = r.meeting_point
     where id = d.id;
    if v_differs && array['guide', 'resources'] then
        v_failures := td_schedule_recrew(d.id, r.id, p_gone_guide, p_gone_resources, p_staff, p_device);
    end if;
    insert into audit_log (staff_id, device_id, action, departure_id, details)
    values (p_staff, p_device, 'departure.changed', d.id,
            jsonb_build_object('schedule_id', r.id, 'revision', r.revision, 'changed', to_jsonb(v_differs),
                               'capacity', r.capacity, 'adult_price_minor', r.adult_price_minor,
                               'child_price_minor', r.child_price_minor));
    return jsonb_build_object('updated', d.id, 'failures', v_failures);
end $$;
