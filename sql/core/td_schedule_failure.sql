-- One refused assignment of a rule's crew, as an apply or an edit answers
-- it (td_schedule_assign): {departure_id, starts_at, what, name, code,
-- conflicts, day, problem}, the refusal's own detail read once here —
-- GUIDE_BUSY's one conflict and RESOURCE_BUSY's list both become
-- conflicts; RESOURCE_OUT_OF_SERVICE's day and INVALID_INPUT's problem
-- are kept.
create or replace function td_schedule_failure(p_departure bigint, p_what text, p_name text, p_code text,
                                               p_detail jsonb) returns jsonb
language sql stable as $$
    select jsonb_build_object(
        'departure_id', p_departure,
        'starts_at', (select d.starts_at from departures d where d.id = p_departure),
        'what', p_what, 'name', p_name, 'code', p_code,
        'conflicts', case p_code when 'GUIDE_BUSY' then jsonb_build_array(p_detail -> 'conflict')
                                 when 'RESOURCE_BUSY' then coalesce(p_detail -> 'conflicts', '[]')
                                 else '[]' end,
        'day', p_detail -> 'day',
        'problem', p_detail -> 'problem')
$$;
