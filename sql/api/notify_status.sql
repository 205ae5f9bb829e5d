-- The delivery queue for `notify status`: counts per status and the
-- messages themselves — every dead one (with its error: each wants a
-- manager's look), the first p_pending_limit pending in the order they are
-- due, the last p_sent_limit sent. Pending rows are capped because a queue
-- can hold thousands (`tourdesk demo` leaves ~1,000 confirmations); the
-- count says how many there are, per channel too (a channel no worker has a
-- gateway for stays pending: the CLI says so). Recipients are personal data: a manager's.
create function api.notify_status(p_session text, p_sent_limit int default 20, p_pending_limit int default 20)
returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
begin
    perform td_authorize(p_session, 'notify', 'read the notification queue');
    return jsonb_build_object(
        'pending', (select count(*) from notification_outbox where status = 'pending'),
        'sent', (select count(*) from notification_outbox where status = 'sent'),
        'dead', (select count(*) from notification_outbox where status = 'dead'),
        'pending_by_channel', coalesce((select jsonb_object_agg(c.channel, c.n)
                                          from (select channel, count(*) as n from notification_outbox
                                                 where status = 'pending' group by channel) c), '{}'),
        'messages', coalesce((
            select jsonb_agg(jsonb_build_object(
                       'id', m.id, 'message_id', m.message_id, 'channel', m.channel, 'recipient', m.recipient,
                       'kind', m.kind, 'status', m.status, 'attempts', m.attempts,
                       'next_attempt_at', m.next_attempt_at, 'last_error', m.last_error, 'sent_at', m.sent_at,
                       'created_at', m.created_at, 'booking_number', m.booking_number)
                     order by m.status, m.id)
              from (select o.*, b.booking_number
                      from notification_outbox o left join bookings b on b.id = o.booking_id
                     where o.status in ('dead', 'failed')
                    union all
                    (select o.*, b.booking_number
                       from notification_outbox o left join bookings b on b.id = o.booking_id
                      where o.status = 'pending'
                      order by o.next_attempt_at, o.id
                      limit greatest(coalesce(p_pending_limit, 20), 0))
                    union all
                    (select o.*, b.booking_number
                       from notification_outbox o left join bookings b on b.id = o.booking_id
                      where o.status = 'sent'
                      order by o.sent_at desc, o.id desc
                      limit greatest(coalesce(p_sent_limit, 20), 0))) m), '[]'));
end $$;
