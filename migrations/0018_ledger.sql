-- The money ledger: one row per payment or refund of a booking. Before it,
-- money was two columns of the booking (paid_minor, payment_status) and a
-- cancellation's refund_minor: a balance taken later, a partial refund or a
-- second payment had nowhere to go, and nobody could say who took which
-- amount, how, or when.
--
-- The booking keeps paid_minor / refunded_minor / payment_status as columns
-- (the manifest, the gate's "unpaid" flag, stats and the field laptop read
-- them, and stay as they were), but they are derived: only td_ledger_post
-- (sql/core/td_ledger_post.sql) writes them, in the transaction that inserts
-- the row, from the sum of the rows. tests/common's ledger check compares
-- them for a whole database after the core tests.
--
-- Rows are never updated or deleted (a mistake is corrected by another row):
-- the amounts are positive, the kind says which way the money went.
create table ledger (
    id          bigserial primary key,
    booking_id  bigint not null references bookings(id),
    kind        text not null check (kind in ('payment', 'refund')),
    amount_minor bigint not null check (amount_minor > 0),
    currency    text not null check (currency ~ '^[A-Z]{3}$'),
    -- a refund goes back the way the money came (the booking's last payment's method)
    method      text not null check (method in ('cash', 'card', 'transfer', 'voucher')),
    -- card: the terminal slip; transfer: the bank's reference (api.pay requires both)
    reference   text not null default '',
    -- why money went back; required for a refund
    reason      text not null default '' check (kind = 'payment' or length(btrim(reason)) > 0),
    staff_id    bigint references staff(id),
    device_id   bigint references devices(id),
    session_id  bigint default nullif(current_setting('tourdesk.session_id', true), '')::bigint,
    at          timestamptz not null default clock_timestamp(),
    -- the client's key of the operation that wrote the row (api.pay, api.refund),
    -- or one derived from the booking's key for a sale's payment and a cancellation's refund
    client_key  uuid not null unique
);
create index ledger_booking on ledger (booking_id);

alter table bookings add column refunded_minor bigint not null default 0 check (refunded_minor >= 0);
alter table bookings add constraint bookings_refund_within_paid check (refunded_minor <= paid_minor);
-- a balance taken in parts: some paid, some still due
alter table bookings drop constraint bookings_payment_status_check;
alter table bookings add constraint bookings_payment_status_check
    check (payment_status in ('unpaid', 'partially_paid', 'paid', 'refunded', 'partially_refunded'));

-- Existing money into rows: a paid booking's payment, as and when the sale
-- recorded it; a cancellation's refund, by whoever cancelled. The keys are
-- the ones td_book / td_cancel derive, so nothing is posted twice.
insert into ledger (booking_id, kind, amount_minor, currency, method, reference, staff_id, device_id, at,
                    client_key, session_id)
select b.id, 'payment', b.paid_minor, b.currency,
       case when b.payment_method = 'unpaid' then 'cash' else b.payment_method end,
       b.payment_reference, b.staff_id, b.device_id, b.created_at,
       md5(b.idempotency_key::text || ':payment')::uuid, null
  from bookings b
 where b.paid_minor > 0
 order by b.id;

insert into ledger (booking_id, kind, amount_minor, currency, method, reference, reason, staff_id, device_id, at,
                    client_key, session_id)
select b.id, 'refund', least(c.refund_minor, b.paid_minor), b.currency,
       case when b.payment_method = 'unpaid' then 'cash' else b.payment_method end,
       b.payment_reference,
       format('cancelled (%s): %s %%', c.reason, c.refund_percent),
       c.staff_id, c.device_id, c.created_at,
       md5(b.idempotency_key::text || ':cancel')::uuid, null
  from cancellations c join bookings b on b.id = c.booking_id
 where c.refund_minor > 0 and b.paid_minor > 0
 order by c.id;

-- each migrated row audited as a new one is (td_ledger_post), marked as migrated
insert into audit_log (staff_id, device_id, action, departure_id, booking_id, details)
select l.staff_id, l.device_id, case l.kind when 'payment' then 'payment.taken' else 'refund.given' end,
       b.departure_id, b.id,
       jsonb_build_object('booking_number', b.booking_number, 'ledger_id', l.id, 'amount_minor', l.amount_minor,
                          'currency', l.currency, 'method', l.method, 'reason', l.reason, 'migrated', true)
  from ledger l join bookings b on b.id = l.booking_id
 order by l.id;

-- the rule of sql/core/td_payment_status.sql, which takes over after this migration
create or replace function td_payment_status(p_total bigint, p_paid bigint, p_refunded bigint, p_method text)
returns text language sql immutable as $$
    select case
        when p_refunded > 0 and p_refunded >= p_paid then 'refunded'
        when p_refunded > 0 then 'partially_refunded'
        when p_paid = 0 and p_total = 0 and p_method <> 'unpaid' then 'paid'
        when p_paid = 0 then 'unpaid'
        when p_paid < p_total then 'partially_paid'
        else 'paid'
    end
$$;

update bookings b
   set refunded_minor = coalesce((select sum(l.amount_minor) from ledger l
                                   where l.booking_id = b.id and l.kind = 'refund'), 0);
update bookings
   set payment_status = td_payment_status(total_minor, paid_minor, refunded_minor, payment_method);

-- The app role reads amounts, methods and times (stats, the booking card);
-- references and reasons go through api.ledger, which checks the session.
grant select (id, booking_id, kind, amount_minor, currency, method, staff_id, device_id, at)
    on ledger to tourdesk_app;
grant select (refunded_minor) on bookings to tourdesk_app;
