//! The manager's dashboard: occupancy by day and by tour, revenue and
//! refunds, cancellations by reason, and today's check-in progress — as
//! charts. Loaded on show and on `r`, never on a timer.

pub mod io;
pub mod view;

#[cfg(test)]
mod tests;

use super::occupancy::{Today, today_range};
use super::{Ctx, Outbox, PaneCall};
use crate::booking::{Departure, Stats};
use crate::domain::{Action, DepartureId};
use crate::tui::action::UiError;
use chrono::{DateTime, TimeDelta, Utc};
use std::collections::HashMap;

pub const DAYS: i64 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Period {
    /// the next 30 days (from local midnight)
    #[default]
    Next,
    /// the last 30 days
    Past,
}

#[derive(Debug, Default)]
pub struct State {
    pub period: Period,
    pub stats: Option<Stats>,
    pub today: Vec<Departure>,
    pub checked_in: HashMap<DepartureId, i64>,
    pub loading: bool,
}

#[derive(Debug, Clone)]
pub enum Msg {
    Reload,
    /// next 30 days ↔ last 30 days
    Period,
    Loaded(Period, Box<Result<(Stats, Today), UiError>>),
}

#[derive(Debug, Clone)]
pub enum Call {
    Load {
        period: Period,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        today: (DateTime<Utc>, DateTime<Utc>),
    },
}

impl State {
    pub fn show(&mut self, ctx: &Ctx, out: &mut Outbox) {
        if !ctx.may(Action::Stats) {
            return;
        }
        let today = today_range(ctx);
        let midnight = super::departures::update::start_of_today(ctx.now, ctx.tz);
        let (from, to) = match self.period {
            Period::Next => (midnight, midnight + TimeDelta::days(DAYS)),
            Period::Past => (midnight - TimeDelta::days(DAYS), midnight),
        };
        self.loading = true;
        out.call(PaneCall::Dashboard(Call::Load {
            period: self.period,
            from,
            to,
            today,
        }));
    }

    pub fn focus_departure(&mut self, _ctx: &Ctx, _id: DepartureId, _out: &mut Outbox) {}

    pub fn departure_changed(&mut self, _ctx: &Ctx, _id: DepartureId, _visible: bool, _out: &mut Outbox) {}

    pub fn check_ins_changed(&mut self, _ctx: &Ctx, _id: DepartureId, _visible: bool, _out: &mut Outbox) {}

    pub fn tick(&mut self, _ctx: &Ctx, _out: &mut Outbox) -> bool {
        false
    }

    pub fn typing(&self) -> bool {
        false
    }

    pub fn update(&mut self, ctx: &Ctx, msg: Msg, out: &mut Outbox) {
        if !ctx.may(Action::Stats) {
            return out.info(ctx.text.common.not_allowed);
        }
        match msg {
            Msg::Reload => self.show(ctx, out),
            Msg::Period => {
                self.period = match self.period {
                    Period::Next => Period::Past,
                    Period::Past => Period::Next,
                };
                self.stats = None;
                self.show(ctx, out);
            }
            Msg::Loaded(period, r) => {
                // an answer for the period no longer shown is dropped
                if period != self.period {
                    return;
                }
                self.loading = false;
                match *r {
                    Ok((stats, (today, counts))) => {
                        self.stats = Some(stats);
                        self.today = today;
                        self.checked_in = counts.into_iter().collect();
                    }
                    Err(e) => out.failed(ctx, &e),
                }
            }
        }
    }
}
