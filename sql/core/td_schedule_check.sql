-- The checks of a rule's shape, shared by api.schedule_add and
-- api.schedule_edit (each names what is wrong): days of the week 1 (Monday)
-- to 7, 1 to 48 distinct local times, a date range whose end has not passed
-- in the rule's zone and is at most ten years ahead (as add_departure's
-- starts), 1 to 1000000 seats, prices in minor units, a meeting point of at
-- most 200 characters.
create or replace function td_schedule_check(p_days smallint[], p_times time[], p_from date, p_to date,
                                             p_time_zone text, p_capacity int, p_adult bigint, p_child bigint,
                                             p_meeting_point text) returns void
language plpgsql as $$
declare
    v_today date;
begin
    if p_days is null or cardinality(p_days) = 0 or array_position(p_days, null) is not null
       or not (p_days <@ array[1, 2, 3, 4, 5, 6, 7]::smallint[]) then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'days',
                         'problem', 'one or more days of the week, 1 (Monday) to 7 (Sunday)'));
    end if;
    if p_times is null or cardinality(p_times) = 0 or array_position(p_times, null) is not null then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'times',
                         'problem', 'one or more local times of day'));
    end if;
    if cardinality(p_times) > 48 or (select count(distinct t) from unnest(p_times) t) <> cardinality(p_times) then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'times',
                         'problem', 'at most 48 times of day, each once'));
    end if;
    if not exists (select 1 from pg_timezone_names where name = p_time_zone) then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'time zone',
                         'problem', format('%s is not a time zone; use e.g. Asia/Kamchatka', p_time_zone)));
    end if;
    if p_from is null or p_to is null then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'from',
                         'problem', 'a schedule needs a first and a last date'));
    end if;
    if p_from > p_to then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'from',
                         'problem', format('the first date %s is after the last date %s', p_from, p_to)));
    end if;
    v_today := (clock_timestamp() at time zone p_time_zone)::date;
    if p_to < v_today then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'to',
                         'problem', format('the last date %s has already passed (today is %s in %s)',
                                           p_to, v_today, p_time_zone)));
    end if;
    if p_to > v_today + interval '10 years' then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'to',
                         'problem', format('%s is more than ten years ahead', p_to)));
    end if;
    if p_capacity is null or p_capacity not between 1 and 1000000 then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'capacity',
                         'problem', 'capacity must be between 1 and 1000000 seats'));
    end if;
    if p_adult is null or p_child is null or p_adult not between 0 and 100000000000
       or p_child not between 0 and 100000000000 then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'price',
                         'problem', 'prices are in minor units (kopecks), from 0 to 100000000000'));
    end if;
    perform td_check_text('meeting point', p_meeting_point, 200, false);
end $$;
