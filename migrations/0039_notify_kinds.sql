-- What notifications say and when (issue 15).
--
-- details: what a message is about as typed data (the refund, the old and
-- the new departure, the offer's deadline, …), written by the core where
-- the change happens and read by the worker into typed structs, so a
-- message is rendered in the customer's language from data rather than
-- from the core's English `body` (kept as the words of last resort). '{}'
-- for rows queued before this migration: sent in general words.
alter table notification_outbox add column details jsonb not null default '{}'
    check (jsonb_typeof(details) = 'object');

-- td_notify_booking takes the details (sql/core/td_notify_booking.sql
-- re-creates it with the new signature).
drop function if exists td_notify_booking(bigint, text, text);

-- The reminder the evening before: queued once the operator's local time
-- has passed reminder_time on the day before the departure (its date in
-- the departure's zone). One per booking, channel and departure, whatever
-- the number of sweeps or workers at once: a second insert is a conflict
-- that does nothing. A booking moved to another departure is reminded of
-- that one too.
alter table operator_settings add column reminder_time time not null default '18:00';
create unique index notification_outbox_reminder_once
    on notification_outbox (booking_id, channel, ((details ->> 'departure_id')))
    where kind = 'departure_reminder';
