-- Claims up to p_limit due messages of p_channels (the channels the worker
-- has a gateway for: 'email', 'sms', 'telegram') for one batch of a delivery
-- worker (`tourdesk notify run`; a manager's session: the messages carry
-- customers' addresses). FOR UPDATE SKIP LOCKED: workers claiming at once
-- never take the same row; a claim is a lease of p_lease_seconds, so the
-- rows of a worker that died come back when it ends. Each claim counts an
-- attempt. Idempotent on p_claim: asked again with the same key, it answers
-- the rows that key still holds and claims nothing more. Before claiming it
-- queues the reminders due (td_notify_reminders: idempotent, so every
-- worker sweeps before every claim; audited as notify.reminders when any
-- were queued). Returns a JSON array of the messages with what their
-- templates need, `details` (migration 0039) null for rows queued before it;
-- a confirmation by e-mail or SMS of a booking with no Telegram chat yet
-- carries its telegram_start token (the bot's deep link: migration 0045),
-- and the bot's answer to a chat with no booking is written in the sender's
-- Telegram language (its details' `language`).
create function api.notify_claim(p_session text, p_claim uuid, p_limit int, p_lease_seconds int,
                                 p_channels text[] default array['email']) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
    v_reminders int;
    v_ids bigint[];
    v_claimed bigint := 0;
    v_lease interval := make_interval(secs => least(greatest(coalesce(p_lease_seconds, 300), 10), 86400));
begin
    s := td_authorize(p_session, 'notify', 'send notifications');
    if p_claim is null or p_limit is null or p_limit < 1 or p_limit > 1000 then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'claim',
            'problem', 'a claim key and a batch of 1 to 1000 messages'));
    end if;
    if p_channels is null or cardinality(p_channels) = 0
       or not p_channels <@ array['email', 'sms', 'telegram'] then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'channels',
            'problem', 'one or more of email, sms, telegram'));
    end if;
    v_reminders := td_notify_reminders();
    if v_reminders > 0 then
        insert into audit_log (staff_id, device_id, action, details)
        values (s.staff_id, s.device_id, 'notify.reminders', jsonb_build_object('queued', v_reminders));
    end if;
    if not exists (select 1 from notification_outbox o where o.claimed_by = p_claim) then
        with due as (
            select o.id from notification_outbox o
             where o.status = 'pending' and o.channel = any(p_channels) and o.next_attempt_at <= clock_timestamp()
               and (o.claimed_until is null or o.claimed_until <= clock_timestamp())
             order by o.next_attempt_at, o.id
             limit p_limit
               for update skip locked)
        update notification_outbox o
           set claimed_by = p_claim, claimed_until = clock_timestamp() + v_lease, attempts = o.attempts + 1
          from due where o.id = due.id;
        get diagnostics v_claimed = row_count;
    end if;
    select array_agg(o.id order by o.id) into v_ids
      from notification_outbox o
     where o.claimed_by = p_claim and o.status = 'pending' and o.claimed_until > clock_timestamp();
    if v_ids is null then
        return '[]';
    end if;
    if v_claimed > 0 then
        insert into audit_log (staff_id, device_id, action, details)
        values (s.staff_id, s.device_id, 'notify.claimed',
                jsonb_build_object('claim', p_claim, 'outbox_ids', to_jsonb(v_ids)));
    end if;
    return (
        select jsonb_agg(jsonb_build_object(
                   'id', o.id, 'message_id', o.message_id, 'channel', o.channel, 'recipient', o.recipient, 'kind', o.kind,
                   'body', o.body, 'attempts', o.attempts,
                   'details', case when o.details = '{}' then null else o.details || jsonb_build_object('kind', o.kind) end,
                   'language', coalesce(nullif(b.language, ''), nullif(o.details ->> 'language', ''),
                                        st.notify_language),
                   'telegram_start', case when o.kind = 'booking_confirmed' and o.channel <> 'telegram'
                                               and b.telegram_chat = '' and b.status = 'confirmed'
                                          then b.telegram_token end,
                   'booking_id', b.id, 'booking_number', b.booking_number,
                   'departure_id', d.id, 'tour', t.name, 'starts_at', d.starts_at, 'ends_at', d.ends_at,
                   'time_zone', d.time_zone, 'meeting_point', d.meeting_point)
                 order by o.id)
          from notification_outbox o
          cross join operator_settings st
          left join waitlist_entries w on w.id = o.waitlist_entry_id
          left join bookings b on b.id = o.booking_id
          left join departures d on d.id = coalesce(b.departure_id, w.departure_id)
          left join tours t on t.id = d.tour_id
         where o.id = any(v_ids));
end $$;
