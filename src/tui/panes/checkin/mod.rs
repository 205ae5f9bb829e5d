//! The checkin pane.

pub mod io;
pub mod view;

use super::{Ctx, Outbox};
use crate::domain::DepartureId;

#[derive(Debug, Default)]
pub struct State {}

#[derive(Debug, Clone)]
pub enum Msg {
    /// Text pasted into the terminal (a scanner in some terminals, or a person).
    Pasted(String),
    /// The scanner has been quiet since this instant's burst.
    ScanIdle(std::time::Instant),
}

#[derive(Debug, Clone)]
pub enum Call {}

impl State {
    pub fn update(&mut self, _ctx: &Ctx, msg: Msg, _out: &mut Outbox) {
        match msg {
            Msg::Pasted(_) | Msg::ScanIdle(_) => {}
        }
    }

    pub fn show(&mut self, _ctx: &Ctx, _out: &mut Outbox) {}

    pub fn focus_departure(&mut self, _ctx: &Ctx, _id: DepartureId, _out: &mut Outbox) {}

    pub fn departure_changed(&mut self, _ctx: &Ctx, _id: DepartureId, _visible: bool, _out: &mut Outbox) {}

    pub fn check_ins_changed(&mut self, _ctx: &Ctx, _id: DepartureId, _visible: bool, _out: &mut Outbox) {}

    pub fn tick(&mut self, _ctx: &Ctx, _out: &mut Outbox) -> bool {
        false
    }

    pub fn typing(&self) -> bool {
        false
    }
}
