-- Adds a local date to a rule (an exception): that date gets the rule's
-- times even outside its days or its range; a date skipped before is no
-- longer skipped. Makes no departure: the next apply does (a departure that
-- a skip cancelled stays cancelled — it is never reopened behind anyone's
-- back). Idempotent on p_key. Answers {schedule_id, date, was_skipped,
-- replayed}.
create function api.schedule_add_date(p_session text, p_schedule bigint, p_date date, p_key uuid)
returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
    r schedules%rowtype;
    v_request jsonb := jsonb_build_object('schedule_id', p_schedule, 'date', p_date);
    v_done jsonb;
    v_result jsonb;
begin
    s := td_authorize(p_session, 'manage_departures', 'add dates to schedules');
    if p_date is null then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'date', 'problem', 'a local date to add'));
    end if;
    v_done := td_schedule_replay(p_key, 'add_date', v_request);
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
    v_result := jsonb_build_object('schedule_id', r.id, 'date', p_date,
                                   'was_skipped', exists (select 1 from schedule_exceptions e
                                                           where e.schedule_id = r.id and e.local_date = p_date
                                                             and e.kind = 'skip'));
    insert into schedule_exceptions (schedule_id, local_date, kind, staff_id, device_id)
    values (r.id, p_date, 'add', s.staff_id, s.device_id)
    on conflict (schedule_id, local_date) do update
       set kind = 'add', staff_id = excluded.staff_id, device_id = excluded.device_id, created_at = now();
    insert into audit_log (staff_id, device_id, action, details)
    values (s.staff_id, s.device_id, 'schedule.date_added', v_result);
    return td_schedule_record(p_key, r.id, 'add_date', v_request, v_result, s.staff_id, s.device_id);
end $$;
