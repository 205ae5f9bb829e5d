-- Keeps a schedule write's answer under its key (td_schedule_replay returns
-- it to a retry) and returns it, marked as not replayed.
create or replace function td_schedule_record(p_key uuid, p_schedule bigint, p_action text, p_request jsonb,
                                              p_result jsonb, p_staff bigint, p_device bigint) returns jsonb
language plpgsql as $$
begin
    insert into schedule_writes (client_key, schedule_id, action, request, result, staff_id, device_id)
    values (p_key, p_schedule, p_action, p_request, p_result, p_staff, p_device);
    return p_result || jsonb_build_object('replayed', false);
end $$;
