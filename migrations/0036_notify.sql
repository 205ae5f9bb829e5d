-- Notifications that leave the building: the outbox becomes a delivery queue
-- that several workers (`tourdesk notify run`) drain at once.
--
-- A worker claims due rows with FOR UPDATE SKIP LOCKED and a lease
-- (claimed_by, claimed_until): a worker killed mid-batch leaves its rows
-- claimed only until the lease ends, then another takes them. Each claim
-- counts an attempt, so a message that kills every worker that tries it
-- still ends dead. A failure moves next_attempt_at on (exponential backoff)
-- and keeps the error; after the worker's last attempt the row is 'dead'.
-- message_id is the SMTP Message-ID of every attempt of a row: a message
-- delivered by a worker that died before it marked the row is sent again
-- with the same id, so the receiver (and our tests) can tell.
alter table notification_outbox drop constraint notification_outbox_status_check;
alter table notification_outbox add constraint notification_outbox_status_check
    check (status in ('pending', 'sent', 'failed', 'dead'));
alter table notification_outbox
    add column attempts        int not null default 0 check (attempts >= 0),
    add column next_attempt_at timestamptz not null default now(),
    add column last_error      text not null default '',
    add column claimed_by      uuid,
    add column claimed_until   timestamptz,
    add column message_id      text generated always as ('<outbox-' || id || '@tourdesk>') stored;
create index notification_outbox_due on notification_outbox (next_attempt_at, id) where status = 'pending';
create index notification_outbox_claim on notification_outbox (claimed_by) where claimed_by is not null;

-- The customer's language, remembered per booking ('' = not known: the
-- operator's notify_language is used).
alter table bookings add column language text not null default '' check (language in ('', 'en', 'ru'));
alter table operator_settings add column notify_language text not null default 'en'
    check (notify_language in ('en', 'ru'));
