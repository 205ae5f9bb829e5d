-- When a pickup point collects people for a departure (migration 0030): its
-- minutes before the start, or its local time of day on the start's local
-- day in the departure's zone (the day before when that time is after the
-- start: a 23:30 pickup for a 00:30 departure). Across a DST change the
-- local time stays the one written.
create or replace function td_pickup_at(p_minutes_before int, p_at time, p_starts_at timestamptz, p_zone text)
returns timestamptz language sql stable as $$
    select case
        when p_minutes_before is not null then p_starts_at - make_interval(mins => p_minutes_before)
        when ((p_starts_at at time zone p_zone)::date + p_at) at time zone p_zone <= p_starts_at
            then ((p_starts_at at time zone p_zone)::date + p_at) at time zone p_zone
        else (((p_starts_at at time zone p_zone)::date - 1) + p_at) at time zone p_zone
    end
$$;
