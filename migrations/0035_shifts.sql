-- Cash-drawer shifts (issue 15, "Shifts and the cash drawer"): a desk clerk
-- opens a shift on a device with an opening float; every payment and refund
-- taken at that device while it is open belongs to it; cash goes in and out
-- with a reason; closing counts the drawer by denomination and compares it
-- with what the drawer should hold; a manager approves, which numbers the
-- Z-report and freezes the shift for good.
--
-- Status: open → awaiting_approval (closed and counted) → approved. At most
-- one open shift per device (a partial unique index: two clerks opening at
-- once, one wins). The Z number is given at approval, gapless (max + 1
-- under an advisory lock: a sequence would skip a number on a rollback,
-- and a missing Z-report is what an auditor asks about).
--
-- What a shift holds is never copied: the ledger's rows carry shift_id (set
-- by td_ledger_post, the one place every payment and refund is posted, so no
-- path can forget it); expected cash is computed from them, the float and
-- the cash movements (td_shift_tally). Because nothing can be posted into a
-- shift that is no longer open and nothing of an approved shift can change
-- (td_shift_guard), the figures of a closed shift stay what they were.

-- The notes and coins of a currency, in minor units: data, so another
-- currency is rows, not code. RUB by default (the 10 ₽ note and coin count
-- together: one value).
create table currency_denominations (
    currency    text not null check (currency ~ '^[A-Z]{3}$'),
    value_minor bigint not null check (value_minor > 0),
    kind        text not null check (kind in ('note', 'coin')),
    primary key (currency, value_minor)
);
insert into currency_denominations (currency, value_minor, kind) values
    ('RUB', 500000, 'note'), ('RUB', 200000, 'note'), ('RUB', 100000, 'note'), ('RUB', 50000, 'note'),
    ('RUB', 20000, 'note'), ('RUB', 10000, 'note'), ('RUB', 5000, 'note'), ('RUB', 1000, 'note'),
    ('RUB', 500, 'coin'), ('RUB', 200, 'coin'), ('RUB', 100, 'coin'), ('RUB', 50, 'coin'), ('RUB', 10, 'coin');

create table shifts (
    id          bigserial primary key,
    device_id   bigint not null references devices(id),
    -- the drawer's currency: what the float is in and what is counted
    currency    text not null check (currency ~ '^[A-Z]{3}$'),
    status      text not null default 'open' check (status in ('open', 'awaiting_approval', 'approved')),
    opened_by   bigint references staff(id),
    opened_at   timestamptz not null default clock_timestamp(),
    open_key    uuid not null unique,
    closed_by   bigint references staff(id),
    closed_at   timestamptz,
    close_key   uuid unique,
    approved_by bigint references staff(id),
    approved_at timestamptz,
    approve_key uuid unique,
    -- the Z-report's number, given at approval
    z_number    int unique,
    constraint shifts_closed check ((status = 'open') = (closed_at is null)),
    constraint shifts_approved check ((status = 'approved') = (z_number is not null and approved_at is not null))
);
create unique index shifts_one_open_per_device on shifts (device_id) where status = 'open';
create index shifts_opened_at on shifts (opened_at);

-- Money into and out of the drawer that is not a booking's: the opening
-- float (one row per currency), cash in (change from the bank) and cash out
-- (fuel for the bus), each with a reason.
create table shift_cash_moves (
    id           bigserial primary key,
    shift_id     bigint not null references shifts(id),
    kind         text not null check (kind in ('float', 'in', 'out')),
    currency     text not null check (currency ~ '^[A-Z]{3}$'),
    amount_minor bigint not null check (amount_minor > 0 or (kind = 'float' and amount_minor = 0)),
    reason       text not null default '' check (kind = 'float' or length(btrim(reason)) > 0),
    staff_id     bigint references staff(id),
    device_id    bigint references devices(id),
    at           timestamptz not null default clock_timestamp(),
    client_key   uuid not null unique
);
create index shift_cash_moves_shift on shift_cash_moves (shift_id);
create unique index shift_cash_moves_one_float on shift_cash_moves (shift_id, currency) where kind = 'float';

-- The drawer as counted at the close: how many of each note and coin.
create table shift_counts (
    shift_id    bigint not null references shifts(id),
    currency    text not null,
    value_minor bigint not null,
    count       int not null check (count >= 0),
    primary key (shift_id, currency, value_minor),
    foreign key (currency, value_minor) references currency_denominations (currency, value_minor)
);

-- Which shift a payment or refund was taken in; null: outside any shift
-- (the CLI on a device without an open shift, the owner's scripts).
alter table ledger add column shift_id bigint references shifts(id);
create index ledger_shift on ledger (shift_id) where shift_id is not null;

-- (created here because the triggers need it now; sql/core/td_shift_guard.sql takes over)
create or replace function td_shift_guard() returns trigger language plpgsql as $$
begin
    return coalesce(new, old);
end $$;
create trigger shifts_guard before update or delete on shifts
    for each row execute function td_shift_guard();
create trigger shift_cash_moves_guard before insert or update or delete on shift_cash_moves
    for each row execute function td_shift_guard();
create trigger shift_counts_guard before insert or update or delete on shift_counts
    for each row execute function td_shift_guard();
create trigger ledger_shift_guard before insert or update or delete on ledger
    for each row execute function td_shift_guard();

-- The kiosk reads which notes and coins to ask for; amounts and states of
-- shifts, not who wrote the reasons (api.shift_* check the session).
grant select on currency_denominations to tourdesk_app;
grant select (id, device_id, currency, status, opened_by, opened_at, closed_by, closed_at, approved_by,
              approved_at, z_number) on shifts to tourdesk_app;
grant select (shift_id) on ledger to tourdesk_app;
