-- Notifications through HTTP gateways (service/notify/sms.rs, telegram.rs):
-- besides 'email' and 'sms' a message may go to a Telegram chat, its
-- recipient the chat id (a number, or @channelname for a public channel).
-- The worker claims only the channels it has a gateway for (api.notify_claim
-- p_channels): a channel no worker is configured for stays pending, and
-- `notify status` counts its pending rows per channel to say so.
alter table notification_outbox drop constraint notification_outbox_channel_check;
alter table notification_outbox add constraint notification_outbox_channel_check
    check (channel in ('sms', 'email', 'telegram'));
create index notification_outbox_due_channel on notification_outbox (channel, next_attempt_at, id)
    where status = 'pending';
