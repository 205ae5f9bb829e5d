-- tourdesk schema: the whole domain. Later migrations only add to it.
-- Invariants live here: booked/held within capacity (CHECK), one accepted
-- check-in per participant (partial unique index), unique idempotency keys and
-- booking numbers.

create table tours (
    id               bigserial primary key,
    name             text not null unique check (length(btrim(name)) > 0),
    description      text not null default '',
    duration_minutes int  not null default 480 check (duration_minutes > 0),
    created_at       timestamptz not null default now()
);

create table staff (
    id         bigserial primary key,
    name       text not null unique check (length(btrim(name)) > 0),
    role       text not null check (role in ('guide', 'desk', 'manager')),
    pin_hash   text not null,
    active     boolean not null default true,
    created_at timestamptz not null default now()
);

create table devices (
    id           bigserial primary key,
    name         text not null unique check (length(btrim(name)) > 0),
    kind         text not null default 'kiosk' check (kind in ('kiosk', 'field', 'cli', 'bench')),
    created_at   timestamptz not null default now(),
    last_seen_at timestamptz not null default now()
);

-- Rows on the sales path (holds, bookings, participants, check-ins) carry
-- departure_id WITHOUT a foreign key. A foreign-key check takes a KEY SHARE lock
-- on the referenced row — here the hottest row in the database, which every sale
-- updates — so each insert turned the seller's row lock into a MultiXact and
-- cost a tuple write; measured with pgbench calling td_book on 4 connections,
-- dropping these two checks gave ~40 % more bookings per second. The ids are
-- still sound: only the server-side functions insert these rows, each after (or
-- in the same transaction as) a conditional UPDATE of that departure that fails
-- if it does not exist, and departures are never deleted (trigger below).
create table departures (
    id                bigserial primary key,
    tour_id           bigint not null references tours(id),
    starts_at         timestamptz not null,
    time_zone         text not null default 'Asia/Kamchatka',
    meeting_point     text not null default '',
    capacity          int  not null check (capacity > 0),
    -- confirmed seats
    booked            int  not null default 0,
    -- seats under holds whose status is still 'active'; may include holds that
    -- have expired but were not yet reclaimed. It only ever over-counts, so
    -- booked + held <= capacity implies booked + live holds <= capacity.
    held              int  not null default 0,
    status            text not null default 'scheduled'
                           check (status in ('scheduled', 'cancelled', 'closed')),
    weather_status    text not null default 'ok' check (weather_status in ('ok', 'watch', 'danger')),
    weather_note      text not null default '',
    -- at most one billion roubles: no sum over a party can overflow
    adult_price_minor bigint not null check (adult_price_minor between 0 and 100000000000),
    child_price_minor bigint not null check (child_price_minor between 0 and 100000000000),
    currency          text not null default 'RUB' check (currency ~ '^[A-Z]{3}$'),
    guide_id          bigint references staff(id),
    -- bumped whenever an input of pricing changes; bookings quote against it
    pricing_rev       bigint not null default 1,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    constraint departures_booked_within_capacity check (booked >= 0 and booked <= capacity),
    constraint departures_held_within_capacity check (held >= 0 and booked + held <= capacity),
    constraint departures_unique_start unique (tour_id, starts_at)
) with (
    -- a hot departure's row is updated by every sale: leave room on its page so
    -- each update stays HOT (no index entries, cheap pruning) and vacuum often
    fillfactor = 30,
    autovacuum_vacuum_scale_factor = 0,
    autovacuum_vacuum_threshold = 2000
);
create index departures_starts_at on departures (starts_at);

create table waitlist_entries (
    id            bigserial primary key,
    departure_id  bigint not null references departures(id),
    adults        int not null check (adults >= 0),
    children      int not null check (children >= 0),
    seats         int generated always as (adults + children) stored,
    name          text not null check (length(btrim(name)) > 0),
    phone         text not null default '',
    email         text not null default '',
    status        text not null default 'waiting'
                       check (status in ('waiting', 'offered', 'booked', 'left', 'expired', 'cancelled')),
    offer_hold_id bigint,
    offered_at    timestamptz,
    -- client-generated (UUID v7): a retried join returns the first entry
    client_key    uuid unique,
    staff_id      bigint references staff(id),
    device_id     bigint references devices(id),
    created_at    timestamptz not null default now(),
    ended_at      timestamptz,
    constraint waitlist_party check (adults + children > 0)
);
create index waitlist_queue on waitlist_entries (departure_id, id) where status in ('waiting', 'offered');

create table holds (
    id                bigserial primary key,
    departure_id      bigint not null, -- no FK: see the note above departures
    adults            int not null check (adults >= 0),
    children          int not null check (children >= 0),
    seats             int generated always as (adults + children) stored,
    expires_at        timestamptz not null,
    status            text not null default 'active'
                           check (status in ('active', 'released', 'expired', 'converted', 'cancelled')),
    purpose           text not null default 'walk_in'
                           check (purpose in ('walk_in', 'waitlist_offer', 'allotment')),
    waitlist_entry_id bigint references waitlist_entries(id),
    -- client-generated (UUID v7): a retried hold returns the first one
    client_key        uuid,
    staff_id          bigint references staff(id),
    device_id         bigint references devices(id),
    created_at        timestamptz not null default now(),
    ended_at          timestamptz,
    constraint holds_party check (adults + children > 0),
    constraint holds_client_key_key unique (client_key)
);
create index holds_live on holds (departure_id, expires_at) where status = 'active';
alter table waitlist_entries add constraint waitlist_offer_hold_fk foreign key (offer_hold_id) references holds(id);

create table bookings (
    id                bigserial primary key,
    booking_number    text not null,
    confirmation_code text not null,
    departure_id      bigint not null, -- no FK: see the note above departures
    hold_id           bigint references holds(id),
    waitlist_entry_id bigint references waitlist_entries(id),
    status            text not null default 'confirmed' check (status in ('confirmed', 'cancelled')),
    adults            int not null check (adults >= 0),
    children          int not null check (children >= 0),
    seats             int generated always as (adults + children) stored,
    contact_name      text not null check (length(btrim(contact_name)) > 0),
    contact_phone     text not null default '',
    contact_email     text not null default '',
    special_requests  text not null default '',
    price_breakdown   jsonb not null,
    total_minor       bigint not null check (total_minor >= 0),
    currency          text not null check (currency ~ '^[A-Z]{3}$'),
    payment_status    text not null default 'unpaid'
                           check (payment_status in ('unpaid', 'paid', 'refunded', 'partially_refunded')),
    payment_method    text not null default 'unpaid' check (payment_method in ('cash', 'card', 'transfer', 'unpaid')),
    payment_reference text not null default '',
    paid_minor        bigint not null default 0 check (paid_minor >= 0),
    idempotency_key   uuid not null,
    source            text not null check (source in ('desk', 'field', 'cli')),
    staff_id          bigint references staff(id),
    device_id         bigint references devices(id),
    created_at        timestamptz not null default now(),
    cancelled_at      timestamptz,
    constraint bookings_party check (adults + children > 0),
    constraint bookings_booking_number_key unique (booking_number),
    constraint bookings_idempotency_key_key unique (idempotency_key)
);
create index bookings_departure on bookings (departure_id);

create table participants (
    id                bigserial primary key,
    booking_id        bigint not null references bookings(id),
    departure_id      bigint not null, -- no FK: see the note above departures
    position          int not null,
    name              text not null check (length(btrim(name)) > 0),
    kind              text not null check (kind in ('adult', 'child')),
    medical_notes     text not null default '',
    emergency_contact text not null default '',
    dietary           text not null default '',
    equipment         text not null default '',
    no_show           boolean not null default false,
    no_show_reason    text not null default '',
    created_at        timestamptz not null default now(),
    unique (booking_id, position)
);
create index participants_departure on participants (departure_id);

create table check_ins (
    id             bigserial primary key,
    event_id       uuid not null,
    participant_id bigint not null references participants(id),
    departure_id   bigint not null, -- no FK: see the note above departures
    method         text not null check (method in ('qr', 'manual', 'image', 'group', 'bulk')),
    device_id      bigint references devices(id),
    staff_id       bigint references staff(id),
    location       text not null default '',
    raw_code       text not null default '',
    occurred_at    timestamptz not null,
    recorded_at    timestamptz not null default now(),
    status         text not null default 'accepted' check (status in ('accepted', 'duplicate', 'undone')),
    undo_reason    text not null default '',
    constraint check_ins_event_id_key unique (event_id)
);
create unique index check_ins_one_accepted on check_ins (participant_id) where status = 'accepted';
create index check_ins_departure on check_ins (departure_id);

create table cancellations (
    id             bigserial primary key,
    booking_id     bigint not null unique references bookings(id),
    reason         text not null check (reason in ('customer', 'weather', 'operator', 'no_show')),
    hours_before   numeric(10, 2) not null,
    refund_percent int not null check (refund_percent between 0 and 100),
    refund_minor   bigint not null check (refund_minor >= 0),
    currency       text not null,
    note           text not null default '',
    staff_id       bigint references staff(id),
    device_id      bigint references devices(id),
    created_at     timestamptz not null default now()
);

create table weather_alerts (
    id           bigserial primary key,
    departure_id bigint not null references departures(id),
    status       text not null check (status in ('ok', 'watch', 'danger')),
    note         text not null default '',
    cancelled    boolean not null default false,
    staff_id     bigint references staff(id),
    device_id    bigint references devices(id),
    created_at   timestamptz not null default now()
);

create table audit_log (
    id           bigserial primary key,
    at           timestamptz not null default clock_timestamp(),
    staff_id     bigint references staff(id),
    device_id    bigint references devices(id),
    action       text not null,
    departure_id bigint,
    booking_id   bigint,
    details      jsonb not null default '{}'
);
create index audit_log_booking on audit_log (booking_id) where booking_id is not null;
create index audit_log_departure on audit_log (departure_id) where departure_id is not null;

create table notification_outbox (
    id           bigserial primary key,
    booking_id   bigint references bookings(id),
    waitlist_entry_id bigint references waitlist_entries(id),
    channel      text not null check (channel in ('sms', 'email')),
    recipient    text not null,
    kind         text not null,
    body         text not null,
    status       text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
    created_at   timestamptz not null default now(),
    sent_at      timestamptz
);
create index notification_outbox_pending on notification_outbox (id) where status = 'pending';

-- Pricing rules (data). kind:
--   group_discount: percent off when the party has at least min_party people
--   early_bird:     percent off when booked at least days_before days ahead
--   seasonal:       percent added (positive) or taken off (negative) for
--                   departures whose local date lies in [valid_from, valid_to]
-- tour_id null means every tour.
create table pricing_rules (
    id          bigserial primary key,
    kind        text not null check (kind in ('group_discount', 'early_bird', 'seasonal')),
    tour_id     bigint references tours(id),
    percent     int not null check (percent between -100 and 100),
    min_party   int check (min_party > 0),
    days_before int check (days_before >= 0),
    valid_from  date,
    valid_to    date,
    description text not null default '',
    active      boolean not null default true,
    constraint pricing_rule_shape check (
        (kind = 'group_discount' and min_party is not null and percent between 0 and 100) or
        (kind = 'early_bird' and days_before is not null and percent between 0 and 100) or
        (kind = 'seasonal' and valid_from is not null and valid_to is not null and valid_from <= valid_to))
);

-- Refund rules (data): for a reason, the first rule (highest min_hours_before)
-- whose min_hours_before <= hours before departure gives the percent.
-- A null min_hours_before matches any time, even after the start.
create table refund_rules (
    id               bigserial primary key,
    reason           text not null check (reason in ('customer', 'weather', 'operator', 'no_show')),
    min_hours_before int check (min_hours_before >= 0),
    refund_percent   int not null check (refund_percent between 0 and 100),
    unique (reason, min_hours_before)
);
insert into refund_rules (reason, min_hours_before, refund_percent) values
    ('customer', 72, 90), ('customer', 48, 75), ('customer', 24, 50), ('customer', 0, 0),
    ('weather', null, 100), ('operator', null, 100), ('no_show', null, 0);

-- One row: revision of the pricing rules, so a cached quote can be checked.
create table pricing_state (
    singleton boolean primary key default true check (singleton),
    rules_rev bigint not null default 1
);
insert into pricing_state default values;

create function td_bump_rules_rev() returns trigger language plpgsql as $$
begin
    update pricing_state set rules_rev = rules_rev + 1;
    return null;
end $$;
create trigger pricing_rules_changed after insert or update or delete or truncate on pricing_rules
    for each statement execute function td_bump_rules_rev();

create function td_departure_before_update() returns trigger language plpgsql as $$
begin
    new.pricing_rev := old.pricing_rev + 1;
    new.updated_at := now();
    return new;
end $$;
-- WHEN keeps the trigger off the hot path: a sale changes none of these columns
create trigger departures_pricing_changed before update on departures
    for each row
    when ((new.adult_price_minor, new.child_price_minor, new.currency, new.starts_at, new.tour_id, new.time_zone)
          is distinct from
          (old.adult_price_minor, old.child_price_minor, old.currency, old.starts_at, old.tour_id, old.time_zone))
    execute function td_departure_before_update();

-- Live occupancy: every kiosk LISTENs on 'departure_changed'.
create function td_departure_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('departure_changed', new.id::text);
    return null;
end $$;
create function td_departure_no_delete() returns trigger language plpgsql as $$
begin
    raise exception using errcode = 'P0001', message = 'FORBIDDEN',
        detail = '{"what": "departures are never deleted; cancel the departure instead"}';
end $$;
create trigger departures_no_delete before delete on departures
    for each row execute function td_departure_no_delete();

create trigger departures_notify_insert after insert on departures
    for each row execute function td_departure_notify();
create trigger departures_notify_update after update on departures
    for each row
    when ((new.booked, new.held, new.status, new.capacity, new.weather_status, new.starts_at)
          is distinct from (old.booked, old.held, old.status, old.capacity, old.weather_status, old.starts_at))
    execute function td_departure_notify();
