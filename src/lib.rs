//! tourdesk: a terminal kiosk for tour operators, on one PostgreSQL booking core.
//!
//! Layers (data flows down): `cli` → `booking` (the core, all SQL) → `domain`
//! (pure types and rules). See DESIGN.md in the shared folder and README.md.

pub mod bench;
pub mod booking;
pub mod cli;
pub mod db;
pub mod demo;
pub mod domain;
pub mod field;
pub mod logging;
pub mod private;
pub mod ticket;
pub mod tui;
