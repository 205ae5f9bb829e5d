-- The delivery queue for `notify status`: counts per status and the
-- messages themselves — every pending and dead one (dead with its error),
-- the last p_sent_limit sent. Recipients are personal data: a manager's.
create function api.notify_status(p_session text, p_sent_limit int default 20) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
begin
    perform td_authorize(p_session, 'notify', 'read the notification queue');
    return jsonb_build_object(
        'pending', (select count(*) from notification_outbox where status = 'pending'),
        'sent', (select count(*) from notification_outbox where status = 'sent'),
        'dead', (select count(*) from notification_outbox where status = 'dead'),
        'messages', coalesce((
            select jsonb_agg(jsonb_build_object(
                       'id', m.id, 'message_id', m.message_id, 'channel', m.channel, 'recipient', m.recipient,
                       'kind', m.kind, 'status', m.status, 'attempts', m.attempts,
                       'next_attempt_at', m.next_attempt_at, 'last_error', m.last_error, 'sent_at', m.sent_at,
                       'created_at', m.created_at, 'booking_number', m.booking_number)
                     order by m.status, m.id)
              from (select o.*, b.booking_number
                      from notification_outbox o left join bookings b on b.id = o.booking_id
                     where o.status in ('pending', 'dead', 'failed')
                    union all
                    (select o.*, b.booking_number
                       from notification_outbox o left join bookings b on b.id = o.booking_id
                      where o.status = 'sent'
                      order by o.sent_at desc, o.id desc
                      limit greatest(coalesce(p_sent_limit, 20), 0))) m), '[]'));
end $$;
