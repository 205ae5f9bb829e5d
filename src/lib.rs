//! tourdesk: a terminal kiosk for tour operators, on one PostgreSQL booking core.
//!
//! Layers, each calling only those to its right: `cli` (and `main.rs`) →
//! `tui`, `bench`, `demo` → `service` → `field` → `booking` → `ticket`, `render`, `domain`; `db`,
//! `logging` and `private` serve any layer. (The default time zone is the
//! operator's setting, read through `booking`; no layer below `cli` needs
//! the demo.)
//! Why it is built this way — one round trip per sale, the `api` schema, the
//! kiosk's update loop: README.md, section "Design".
//!
//! - [`bench`](mod@bench): the benchmarks behind `tourdesk bench` (contention, check-in, offline field), on a bench database only.
//! - [`booking`]: the booking core — sales, holds, cancellations, waitlist, weather, tickets, check-in; the product's SQL.
//! - [`cli`]: the scriptable command line: parses arguments, calls the other modules, prints text or JSON and exit codes.
//! - [`db`]: finding, creating and migrating the database, and the `api` schema's function files.
//! - [`demo`]: `tourdesk demo`, a realistic operator's data made through the core.
//! - [`domain`]: pure types and rules (ids, money, party, pricing, refunds, booking numbers, error codes, roles, states), no I/O.
//! - [`field`]: offline field mode — the laptop's SQLite store, `prepare` and `sync` with the core.
//! - [`logging`]: logs to a file in the data directory, never to the terminal.
//! - [`private`]: files with personal data or keys, created 0600 in 0700 folders.
//! - [`render`]: printable pictures of lists — a table as A4 PNG pages (muster list, pickup run); no database.
//! - [`service`]: the desk's operations below the UI (kiosk panes, CLI `checkin` and `field sell`): decides whether the core or the field store answers.
//! - [`ticket`]: signed QR tickets — payload, signing key file, scanner input, rendering, reading photos; no database.
//! - [`tui`]: the kiosk, a ratatui front desk and check-in terminal over the core.

pub mod bench;
pub mod booking;
pub mod cli;
pub mod db;
pub mod demo;
pub mod domain;
pub mod field;
pub mod logging;
pub mod print;
pub mod private;
pub mod render;
pub mod service;
pub mod ticket;
pub mod tui;
