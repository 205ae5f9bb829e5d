-- Skips a local date of a rule (an exception; a date added before becomes
-- skipped). The rule's departures on that date that have no bookings and no
-- holds are cancelled as an operator cancels a departure
-- (td_cancel_departure: departures are never deleted); those with seats
-- booked or held are kept and listed, for the operator to move or cancel
-- (never silently cancelled). Idempotent on p_key; skipping a skipped date
-- again changes nothing. Answers {schedule_id, date, already, cancelled:
-- [{departure_id, starts_at}], kept: [{departure_id, starts_at, booked, held}],
-- replayed}.
create function api.schedule_skip(p_session text, p_schedule bigint, p_date date, p_key uuid)
returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
    r schedules%rowtype;
    d departures%rowtype;
    v_request jsonb := jsonb_build_object('schedule_id', p_schedule, 'date', p_date);
    v_done jsonb;
    v_already boolean;
    v_cancelled jsonb := '[]';
    v_kept jsonb := '[]';
    v_result jsonb;
begin
    s := td_authorize(p_session, 'manage_departures', 'skip dates of schedules');
    if p_date is null then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'date', 'problem', 'a local date to skip'));
    end if;
    v_done := td_schedule_replay(p_key, 'skip', v_request);
    if v_done is not null then
        return v_done;
    end if;
    select * into r from schedules where id = p_schedule for update;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'schedule', 'id', p_schedule));
    end if;
    if p_date < (clock_timestamp() at time zone r.time_zone)::date then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'date',
                         'problem', format('%s has already passed in %s', p_date, r.time_zone)));
    end if;
    v_already := exists (select 1 from schedule_exceptions e
                          where e.schedule_id = r.id and e.local_date = p_date and e.kind = 'skip');
    insert into schedule_exceptions (schedule_id, local_date, kind, staff_id, device_id)
    values (r.id, p_date, 'skip', s.staff_id, s.device_id)
    on conflict (schedule_id, local_date) do update
       set kind = 'skip', staff_id = excluded.staff_id, device_id = excluded.device_id, created_at = now();
    -- in id order, as every write that locks several departures
    for d in select * from departures x
              where x.schedule_id = r.id and x.schedule_local_start::date = p_date and x.status = 'scheduled'
                and x.starts_at > clock_timestamp()
              order by x.id for update loop
        if d.booked + d.held > 0 then
            v_kept := v_kept || jsonb_build_object('departure_id', d.id, 'starts_at', d.starts_at,
                                                   'booked', d.booked, 'held', d.held);
        else
            perform td_cancel_departure(d.id, 'operator', 100,
                                        (extract(epoch from d.starts_at - clock_timestamp()) / 3600)::numeric,
                                        format('date skipped in schedule %s', r.id), s.staff_id, s.device_id);
            v_cancelled := v_cancelled || jsonb_build_object('departure_id', d.id, 'starts_at', d.starts_at);
        end if;
    end loop;
    v_result := jsonb_build_object('schedule_id', r.id, 'date', p_date, 'already', v_already,
                                   'cancelled', v_cancelled, 'kept', v_kept);
    insert into audit_log (staff_id, device_id, action, details)
    values (s.staff_id, s.device_id, 'schedule.skipped', v_result);
    return td_schedule_record(p_key, r.id, 'skip', v_request, v_result, s.staff_id, s.device_id);
end $$;
