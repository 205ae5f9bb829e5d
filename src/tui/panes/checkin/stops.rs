//! Check-in per pickup stop: on a bus route the guide boards the people of
//! one hotel at a time, so `s` narrows the manifest to one stop of the
//! departure's pickup run (each press the next stop in route order, then
//! all again). The run comes from the server with the manifest; offline
//! there is none (the field store keeps no pickups) and `s` says so.

use super::{Call, State, call};
use crate::booking::{ManifestRow, PickupGroup, PickupManifest};
use crate::domain::{DepartureId, PickupPointId};
use crate::tui::action::UiError;
use crate::tui::panes::{Ctx, Outbox};
use std::collections::HashSet;

/// One stop of the run: a pickup point, or the bookings without one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    Point(PickupPointId),
    NoPickup,
}

impl Stop {
    fn of(g: &PickupGroup) -> Stop {
        g.pickup_point_id.map_or(Stop::NoPickup, Stop::Point)
    }
}

impl State {
    /// The stops `s` cycles through: those where somebody is picked up, in
    /// route order (those without a pickup last). None when nobody on this
    /// departure is picked up anywhere: nothing to narrow.
    pub fn stops(&self) -> Vec<&PickupGroup> {
        let Some(run) = &self.pickups else { return Vec::new() };
        let stops: Vec<&PickupGroup> = run.stops.iter().filter(|g| !g.parties.is_empty()).collect();
        if stops.iter().all(|g| g.pickup_point_id.is_none()) {
            return Vec::new();
        }
        stops
    }

    /// The stop shown, with its place in the cycle (from 1) and how many
    /// stops there are.
    pub fn shown_stop(&self) -> Option<(usize, usize, &PickupGroup)> {
        let want = self.stop?;
        let stops = self.stops();
        let i = stops.iter().position(|g| Stop::of(g) == want)?;
        Some((i + 1, stops.len(), stops[i]))
    }

    /// Whether a manifest row is at the stop shown (every row when all are).
    pub fn at_stop(&self, r: &ManifestRow) -> bool {
        match self.shown_stop() {
            Some((_, _, g)) => g.parties.iter().any(|p| p.booking_number == r.booking_number),
            None => true,
        }
    }

    /// The booking numbers of the stop shown; None when all are shown.
    pub(super) fn stop_bookings(&self) -> Option<HashSet<&str>> {
        let (_, _, g) = self.shown_stop()?;
        Some(g.parties.iter().map(|p| p.booking_number.as_str()).collect())
    }

    /// `s`: the next stop in route order, after the last all of them again.
    pub(super) fn next_stop(&mut self, ctx: &Ctx, out: &mut Outbox) {
        let next = {
            let stops = self.stops();
            if stops.is_empty() {
                out.info(ctx.text.checkin.no_stops);
                return;
            }
            match self.shown_stop() {
                None => Some(Stop::of(stops[0])),
                Some((n, count, _)) if n < count => Some(Stop::of(stops[n])),
                Some(_) => None,
            }
        };
        self.stop = next;
        self.selected = 0;
        self.offset = 0;
    }

    pub(super) fn load_pickups(&mut self, out: &mut Outbox) {
        if let Some(id) = self.departure {
            call(out, Call::Pickups(id));
        }
    }

    /// The run arrived. A failure keeps what was shown: the manifest's own
    /// load says what is wrong, and a second message per reload would only
    /// repeat it.
    pub(super) fn pickups_loaded(&mut self, id: DepartureId, r: Result<Option<Box<PickupManifest>>, UiError>) {
        if Some(id) != self.departure {
            return;
        }
        let Ok(run) = r else { return };
        self.pickups = run.map(|b| *b);
        // a stop nobody is picked up at any more (booking moved): all again
        if self.stop.is_some() && self.shown_stop().is_none() {
            self.stop = None;
        }
        self.clamp_selection();
    }
}
