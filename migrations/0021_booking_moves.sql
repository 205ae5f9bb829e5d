-- Moving a booking to another departure (issue 13): one row per move, the
-- record a retry with the same client key is answered from (the booking
-- itself has changed departure since, so it cannot answer), and the facts a
-- desk and an accountant ask about later: from where to where, why, what the
-- party paid before and owes after, what went back.
--
-- The move itself is sql/core/td_move.sql (the terms both the quote and the
-- move use: sql/core/td_move_terms.sql); the api functions are
-- sql/api/booking_move.sql and sql/api/move_quote.sql.
create table booking_moves (
    id                  bigserial primary key,
    booking_id          bigint not null references bookings(id),
    from_departure_id   bigint not null, -- no FK: see the note above departures
    to_departure_id     bigint not null,
    -- customer: re-priced by the target's rules, refund tier on the part
    -- refunded; operator / weather: the customer pays nothing more
    reason              text not null check (reason in ('customer', 'operator', 'weather')),
    seats               int not null check (seats > 0),
    old_total_minor     bigint not null,
    new_total_minor     bigint not null,
    -- the target's price now less the booking's total before (what a
    -- customer move charges or frees; informative for a free move)
    price_difference_minor bigint not null,
    refund_percent      int not null check (refund_percent between 0 and 100),
    refund_minor        bigint not null check (refund_minor >= 0),
    -- what the party owes more after the move (the balance it added)
    charge_minor        bigint not null check (charge_minor >= 0),
    balance_minor       bigint not null,
    payment_status      text not null,
    currency            text not null check (currency ~ '^[A-Z]{3}$'),
    ticket_generation   int not null,
    waitlist_offers     int not null default 0,
    staff_id            bigint references staff(id),
    device_id           bigint references devices(id),
    session_id          bigint default nullif(current_setting('tourdesk.session_id', true), '')::bigint,
    at                  timestamptz not null default clock_timestamp(),
    client_key          uuid not null unique
);
create index booking_moves_booking on booking_moves (booking_id);
