-- What api.schedule_edit would do with these changes, changing nothing (a
-- manager's; the kiosk shows it before the edit is sent, the CLI's
-- `schedule edit --dry-run` prints it). One implementation: the edit itself
-- runs, with all its checks, inside a block whose writes (the rule, its
-- departures, the audit rows, the key's record, notifications) are rolled
-- back by a raised sentinel before the answer is returned. The answer is
-- the edit's: {schedule_id, revision, updated, cancelled, kept, failures,
-- short_seats, replayed: false}; a refused edit raises its own error (a
-- capacity out of range, an unknown guide, dates in the past …).
create function api.schedule_edit_check(p_session text, p_schedule bigint, p_days smallint[], p_times time[],
                                        p_from date, p_to date, p_capacity int, p_adult_price bigint,
                                        p_child_price bigint, p_meeting_point text, p_guide text,
                                        p_resources text[])
returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    v_would jsonb;
begin
    perform td_authorize(p_session, 'manage_departures', 'edit schedules');
    begin
        v_would := api.schedule_edit(p_session, p_schedule, p_days, p_times, p_from, p_to, p_capacity,
                                     p_adult_price, p_child_price, p_meeting_point, p_guide, p_resources,
                                     gen_random_uuid());
        -- not an error: the way back out of the edit (a variable keeps its
        -- value when the block's writes are undone)
        raise exception using errcode = 'TDDRY', message = 'schedule edit dry run';
    exception when sqlstate 'TDDRY' then
        return v_would;
    end;
end $$;
