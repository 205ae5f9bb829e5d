-- One update from the Telegram bot (getUpdates): p_text sent from chat
-- p_chat, the sender's Telegram language p_language ('' when unknown).
-- `/start <token>` with a booking's telegram_token links the chat to that
-- booking (audited booking.telegram_linked) and queues the reply that says
-- so, in the booking's language; any other text queues a polite reply that
-- links nothing (audited telegram.not_linked); an update without text is
-- ignored. Idempotent on p_update_id: an update seen again (two workers, a
-- worker that died before the offset moved on) does nothing and answers
-- 'seen' — no second link, no second reply. Either way the poll's offset
-- moves past it. Answers linked, already, unknown, ignored or seen. A
-- notifier's (or a manager's) session.
create function api.telegram_update(p_session text, p_update_id bigint, p_chat text, p_text text,
                                    p_language text default '')
returns text
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
    b bookings%rowtype;
    v_token text;
    v_outcome text;
    v_chat text := btrim(coalesce(p_chat, ''));
    v_lang text := case when coalesce(p_language, '') like 'ru%' then 'ru' else '' end;
begin
    s := td_authorize(p_session, 'notify', 'read the Telegram bot''s messages');
    if p_update_id is null or p_update_id < 0 or v_chat !~ '^-?[0-9]{1,20}$' then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'update',
            'problem', 'an update id and the numeric chat id it came from'));
    end if;
    update telegram_poll set next_offset = greatest(next_offset, p_update_id + 1) where id = 1;
    -- the first to record the update processes it; anyone later sees it done
    insert into telegram_updates (update_id, chat, outcome) values (p_update_id, v_chat, 'ignored')
    on conflict (update_id) do nothing;
    if not found then
        return 'seen';
    end if;
    if p_text is null or btrim(p_text) = '' then
        return 'ignored';
    end if;
    -- "/start TOKEN", or "/start@bot_name TOKEN" in a group
    v_token := substring(btrim(p_text) from '^/start(?:@[A-Za-z0-9_]+)?\s+([A-Za-z0-9_-]{1,64})$');
    if v_token is not null then
        select * into b from bookings where telegram_token = v_token for update;
    end if;
    if b.id is null then
        v_outcome := 'unknown';
        insert into notification_outbox (channel, recipient, kind, body, details)
        values ('telegram', v_chat, 'telegram_not_linked',
                'This link is not one of ours, or it was cut short. Please open the link from your booking confirmation again, or ask at the desk.',
                jsonb_build_object('chat', v_chat, 'language', v_lang));
        insert into audit_log (staff_id, device_id, action, details)
        values (s.staff_id, s.device_id, 'telegram.not_linked',
                jsonb_build_object('update_id', p_update_id, 'chat', v_chat, 'start', v_token is not null));
    else
        v_outcome := case when b.telegram_chat = v_chat then 'already' else 'linked' end;
        if v_outcome = 'linked' then
            update bookings set telegram_chat = v_chat where id = b.id;
            insert into audit_log (staff_id, device_id, action, booking_id, details)
            values (s.staff_id, s.device_id, 'booking.telegram_linked', b.id,
                    jsonb_build_object('update_id', p_update_id, 'chat', v_chat,
                                       'replaced', nullif(b.telegram_chat, '')));
        end if;
        insert into notification_outbox (booking_id, channel, recipient, kind, body, details)
        values (b.id, 'telegram', v_chat, 'telegram_linked',
                format('Booking %s: messages about it will come here.', b.booking_number),
                jsonb_build_object('chat', v_chat, 'language', v_lang));
    end if;
    update telegram_updates set outcome = v_outcome, booking_id = b.id where update_id = p_update_id;
    return v_outcome;
end $$;
