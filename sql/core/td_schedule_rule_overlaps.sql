-- The rule's own starts that would get in each other's way, for its
-- preview: p_starts are the starts an apply would create, earliest first.
-- One row per start:
--   guide_overlap: {starts_at, ends_at} of the earlier start of this rule
--     that the apply gives the guide to and that overlaps this one (the
--     apply assigns in start order, so this start would be refused
--     GUIDE_BUSY); null when the guide would be free. A start whose guide is
--     busy elsewhere (td_schedule_slot_crew's guide_conflict) does not take
--     the guide, as the apply would not give it.
--   resource_overlaps: [{resource, seats, needed, starts: [starts_at]}] —
--     each of the rule's resources that the overlapping starts of this rule
--     share, when their seats together (the rule's capacity each) exceed
--     the resource's; starts names the others.
-- A sorted walk, not a pairwise join: a two-year horizon of a rule with
-- three times is ~2,000 starts, and neighbours end where the tour does.
create or replace function td_schedule_rule_overlaps(p_schedule bigint, p_starts timestamptz[])
returns table (starts_at timestamptz, guide_overlap jsonb, resource_overlaps jsonb)
language plpgsql stable as $$
#variable_conflict use_column
declare
    s schedules%rowtype;
    v_span interval;
    v_guided timestamptz;
    v_at timestamptz;
    v_others timestamptz[];
    v_resources boolean;
    n int := coalesce(cardinality(p_starts), 0);
    i int;
    j int;
begin
    select * into s from schedules x where x.id = p_schedule;
    select make_interval(mins => t.duration_minutes) into v_span from tours t where t.id = s.tour_id;
    v_resources := exists (select 1 from schedule_resources sr where sr.schedule_id = p_schedule);
    for i in 1 .. n loop
        v_at := p_starts[i];
        starts_at := v_at;
        guide_overlap := null;
        resource_overlaps := '[]';
        if s.guide_id is not null then
            if v_guided is not null and v_guided + v_span > v_at then
                guide_overlap := jsonb_build_object('starts_at', v_guided, 'ends_at', v_guided + v_span);
            elsif not exists (select 1 from departure_guides dg
                               where dg.guide_id = s.guide_id and dg.active
                                 and dg.during && tstzrange(v_at, v_at + v_span, '[)')) then
                v_guided := v_at;
            end if;
        end if;
        if v_resources then
            v_others := '{}';
            j := i - 1;
            while j >= 1 and p_starts[j] + v_span > v_at loop
                v_others := p_starts[j] || v_others;
                j := j - 1;
            end loop;
            j := i + 1;
            while j <= n and p_starts[j] < v_at + v_span loop
                v_others := v_others || p_starts[j];
                j := j + 1;
            end loop;
            if cardinality(v_others) > 0 then
                resource_overlaps := coalesce((
                    select jsonb_agg(jsonb_build_object('resource', r.name, 'seats', r.seats,
                                                        'needed', s.capacity * (cardinality(v_others) + 1),
                                                        'starts', to_jsonb(v_others)) order by r.id)
                      from schedule_resources sr join resources r on r.id = sr.resource_id
                     where sr.schedule_id = p_schedule
                       and r.seats < s.capacity * (cardinality(v_others) + 1)), '[]');
            end if;
        end if;
        return next;
    end loop;
end $$;
