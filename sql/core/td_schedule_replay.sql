-- A schedule write's idempotency: the first answer under p_key (marked
-- replayed) when the same request was made with it before, null when the
-- key is new, IDEMPOTENCY_CONFLICT when the key was used for another
-- request. Waits on a lock of the key first, so a retry racing its own
-- first attempt sees that attempt's answer instead of doing the work twice.
create or replace function td_schedule_replay(p_key uuid, p_action text, p_request jsonb) returns jsonb
language plpgsql as $$
declare
    w schedule_writes%rowtype;
begin
    if p_key is null then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'key',
                         'problem', 'a schedule write needs a key (a UUID)'));
    end if;
    perform pg_advisory_xact_lock(hashtextextended('schedule_write:' || p_key::text, 0));
    select * into w from schedule_writes where client_key = p_key;
    if not found then
        return null;
    end if;
    if w.action <> p_action or w.request <> p_request then
        perform td_raise('IDEMPOTENCY_CONFLICT', jsonb_build_object('key', p_key, 'schedule_id', w.schedule_id,
                         'action', w.action));
    end if;
    return w.result || jsonb_build_object('replayed', true);
end $$;
