-- Issue 15: a least-privilege identity for the delivery worker, and
-- Telegram chats linked to bookings.
--
-- The 'notifier' role may only deliver notifications (td_role_may 'notify'):
-- it reads no booking, sells and checks in nothing, and the kiosk has no
-- screen for it. The worker (`tourdesk notify run`, `tourdesk --notify`)
-- logs in with a notifier's PIN instead of a manager's.
alter table staff drop constraint staff_role_check;
alter table staff add constraint staff_role_check
    check (role in ('guide', 'desk', 'manager', 'notifier'));
alter table sessions drop constraint sessions_role_check;
alter table sessions add constraint sessions_role_check
    check (role in ('guide', 'desk', 'manager', 'notifier'));

-- Telegram: a bot may message only a person who started it, so a booking's
-- confirmation carries the deep link https://t.me/<bot>?start=<token>. The
-- token is random per booking (never derived from its id or number, so no
-- one links a booking they were not sent); the application role cannot read
-- it (no column grant). When the customer presses Start, the worker sees
-- `/start <token>` in getUpdates and api.telegram_update stores the chat id
-- here; from then on td_notify_booking queues a telegram row too.
alter table bookings
    add column telegram_token text not null
        default translate(encode(gen_random_bytes(18), 'base64'), '+/', '-_'),
    add column telegram_chat text not null default '';
create unique index bookings_telegram_token on bookings (telegram_token);

-- Where the Bot API's getUpdates goes on from (its `offset`): one row for
-- every worker. A worker polls only while it holds the row's lease
-- (api.telegram_poll), so two workers do not poll at once; and an update is
-- processed once whatever the offset says (telegram_updates below), so a
-- worker that died before the offset moved on sees it again harmlessly.
create table telegram_poll (
    id           int primary key default 1 check (id = 1),
    next_offset  bigint not null default 0,
    polled_by    uuid,
    polled_until timestamptz
);
insert into telegram_poll default values;

-- Every update processed, by Telegram's update_id: the second sight of one
-- (two workers, a restart) does nothing — no second link, no second reply.
create table telegram_updates (
    update_id    bigint primary key,
    chat         text not null,
    booking_id   bigint references bookings(id),
    outcome      text not null check (outcome in ('linked', 'already', 'unknown', 'ignored')),
    processed_at timestamptz not null default clock_timestamp()
);
