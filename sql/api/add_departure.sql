-- Adds a departure (a manager's); the tour is made on first use. Checked
-- here: a tour name of 1 to 200 characters without control characters, a
-- start in the future and within two years, a real time zone.
create function api.add_departure(p_session text, p_tour text, p_starts_at timestamptz, p_time_zone text,
                                  p_capacity int, p_adult_price bigint, p_child_price bigint, p_currency text,
                                  p_meeting_point text, out departure_id bigint, out tour_created boolean)
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
    v_tour bigint;
begin
    s := td_authorize(p_session, 'manage_departures', 'add departures');
    perform td_check_text('tour', p_tour, 200, true);
    perform td_check_text('meeting point', p_meeting_point, 200, false);
    if p_starts_at <= clock_timestamp() then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'starts_at',
                         'problem', format('%s has already passed; a departure must start in the future', p_starts_at)));
    end if;
    if p_starts_at > clock_timestamp() + interval '10 years' then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'starts_at',
                         'problem', format('%s is more than ten years ahead', p_starts_at)));
    end if;
    if not exists (select 1 from pg_timezone_names where name = p_time_zone) then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'time zone',
                         'problem', format('%s is not a time zone; use e.g. Asia/Kamchatka', p_time_zone)));
    end if;
    insert into tours (name) values (btrim(p_tour)) on conflict (name) do nothing returning id into v_tour;
    tour_created := v_tour is not null;
    if tour_created then
        insert into audit_log (staff_id, device_id, action, details)
        values (s.staff_id, s.device_id, 'tour.added', jsonb_build_object('tour_id', v_tour, 'name', btrim(p_tour)));
    else
        select id into v_tour from tours where name = btrim(p_tour);
    end if;
    insert into departures (tour_id, starts_at, time_zone, capacity, adult_price_minor, child_price_minor,
                            currency, meeting_point)
    values (v_tour, p_starts_at, p_time_zone, p_capacity, p_adult_price, p_child_price, p_currency,
            coalesce(p_meeting_point, ''))
    on conflict on constraint departures_unique_start do nothing
    returning id into departure_id;
    if departure_id is null then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'starts_at',
                         'problem', format('%s already has a departure at %s', btrim(p_tour), p_starts_at)));
    end if;
    insert into audit_log (staff_id, device_id, action, departure_id, details)
    values (s.staff_id, s.device_id, 'departure.added', departure_id,
            jsonb_build_object('tour', btrim(p_tour), 'capacity', p_capacity));
end $$;
