-- A delivery worker's answer for one claimed message: p_error null → sent
-- (idempotent: a message already sent stays as it was, whoever sent it);
-- else a failed attempt — retried after p_backoff_seconds · 2^(attempts−1)
-- (at most a day), or 'dead' with the error kept once p_max_attempts were
-- made. A failure from a claim that no longer holds the row (its lease ran
-- out and another worker took it) changes nothing. Answers the row's status.
create function api.notify_result(p_session text, p_id bigint, p_claim uuid, p_error text,
                                  p_max_attempts int default 5, p_backoff_seconds int default 60)
returns text
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
    o notification_outbox%rowtype;
    v_max int := least(greatest(coalesce(p_max_attempts, 5), 1), 100);
    v_backoff float8 := least(greatest(coalesce(p_backoff_seconds, 60), 0), 86400);
begin
    s := td_authorize(p_session, 'notify', 'send notifications');
    select * into o from notification_outbox where id = p_id for update;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'outbox message', 'id', p_id));
    end if;
    if o.status <> 'pending' then
        return o.status;
    end if;
    if p_error is null then
        update notification_outbox
           set status = 'sent', sent_at = clock_timestamp(), claimed_by = null, claimed_until = null
         where id = p_id;
        insert into audit_log (staff_id, device_id, action, booking_id, details)
        values (s.staff_id, s.device_id, 'notify.sent', o.booking_id,
                jsonb_build_object('outbox_id', o.id, 'kind', o.kind, 'attempts', o.attempts,
                                   'message_id', o.message_id));
        return 'sent';
    end if;
    if o.claimed_by is distinct from p_claim then
        return o.status;
    end if;
    o.status := case when o.attempts >= v_max then 'dead' else 'pending' end;
    update notification_outbox
       set status = o.status, last_error = left(p_error, 2000), claimed_by = null, claimed_until = null,
           next_attempt_at = clock_timestamp()
                             + make_interval(secs => least(v_backoff * power(2, greatest(o.attempts - 1, 0)), 86400))
     where id = p_id;
    insert into audit_log (staff_id, device_id, action, booking_id, details)
    values (s.staff_id, s.device_id, case when o.status = 'dead' then 'notify.dead' else 'notify.failed' end,
            o.booking_id, jsonb_build_object('outbox_id', o.id, 'kind', o.kind, 'attempts', o.attempts,
                                             'error', left(p_error, 2000)));
    return o.status;
end $$;
