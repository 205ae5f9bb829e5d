//! The kiosk: a ratatui front desk and check-in terminal.
//!
//! Event → Action → `App::update` (no I/O) → `view::render` (pure). The
//! runtime (runtime.rs) owns the terminal, the database and the core; it turns
//! input, ticks, notifications and core answers into actions, and runs the
//! `Cmd`s that update returns. The UI never writes SQL: it calls the core.

pub mod action;
pub mod app;
pub mod bench;
pub mod keymap;
mod live;
pub mod panes;
pub mod remembered;
mod runtime;
pub mod strings;
#[cfg(test)]
pub mod testing;
pub mod theme;
pub mod view;

pub use app::{App, Config};
pub use runtime::{Options, run};
