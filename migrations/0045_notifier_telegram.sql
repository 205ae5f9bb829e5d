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
