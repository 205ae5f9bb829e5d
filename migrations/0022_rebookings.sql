-- Weather cancellation as a rebooking tool (issue 13), with vouchers.
--
-- Cancelling a departure for weather no longer refunds at once: each
-- confirmed party gets a row here, "open" (to rebook), and keeps its money
-- and its booking as they were until it is resolved — moved to another
-- departure (api.booking_move, migration 0021, marks the case through
-- td_rebook_resolve), refunded in full, or credited as a voucher. A case
-- still open after due_at is refunded in full by the sweep: nobody loses
-- money by waiting.
--
-- Why a table of cases and not a booking state: the booking's own status
-- and money stay what every reader (manifest, ledger, stats, the field
-- laptop) already understands — a confirmed booking that has paid — and the
-- case says only what is pending about it. Counters: a party to rebook still
-- counts in its (cancelled) departure's `booked`, because its booking is
-- still confirmed there (the invariant "booked = seats of confirmed
-- bookings" stays true); nothing can be sold on a cancelled departure, so
-- those seats are free for nobody, and each resolution (refund, credit,
-- sweep, move) takes them off as a cancel does. Holds and the waitlist end
-- at the cancellation, as before.
--
-- The operator reason keeps the old behaviour (everyone refunded at once).

alter table operator_settings
    add column rebook_window interval not null default interval '48 hours'
        check (rebook_window > interval '0'),
    add column voucher_validity interval not null default interval '365 days'
        check (voucher_validity > interval '0');

create table rebookings (
    booking_id   bigint primary key references bookings(id),
    departure_id bigint not null references departures(id),
    status       text not null default 'open' check (status in ('open', 'moved', 'refunded', 'credited', 'swept')),
    opened_at    timestamptz not null default clock_timestamp(),
    -- after this the sweep refunds the party in full
    due_at       timestamptz not null,
    resolved_at  timestamptz,
    -- who cancelled the departure
    staff_id     bigint references staff(id),
    device_id    bigint references devices(id),
    -- who resolved the case, and the key of that request (derived for the sweep)
    resolved_staff_id  bigint references staff(id),
    resolved_device_id bigint references devices(id),
    client_key   uuid unique,
    constraint rebookings_resolved check ((status = 'open') = (resolved_at is null))
);
create index rebookings_departure on rebookings (departure_id, booking_id);
create index rebookings_open_due on rebookings (due_at) where status = 'open';

-- A credit: an amount the customer spends later as a payment (api.pay,
-- method voucher, the code as reference). remaining_minor is what is left:
-- a redemption takes from it, a refund of a voucher payment gives back to it
-- (td_ledger_post), never beyond the amount issued.
create table vouchers (
    id              bigserial primary key,
    -- V-XXXXX-XXXXX of the booking numbers' alphabet (29^10): read over the
    -- phone, not guessed
    code            text not null unique check (code ~ '^V-[2-9A-HJKMNP-TW-Z]{5}-[2-9A-HJKMNP-TW-Z]{5}$'),
    amount_minor    bigint not null check (amount_minor > 0),
    remaining_minor bigint not null,
    currency        text not null check (currency ~ '^[A-Z]{3}$'),
    expires_at      timestamptz not null,
    -- the booking it was issued for (a credit of a weather cancellation)
    booking_id      bigint not null unique references bookings(id),
    staff_id        bigint references staff(id),
    device_id       bigint references devices(id),
    created_at      timestamptz not null default clock_timestamp(),
    constraint vouchers_remaining_within_amount check (remaining_minor between 0 and amount_minor)
);

-- the sweep picks the departures with cases due (src/booking/sweep.rs);
-- contacts and vouchers go through the api functions, which check the session
grant select (booking_id, departure_id, status, opened_at, due_at, resolved_at) on rebookings to tourdesk_app;
