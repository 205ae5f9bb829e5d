//! Tests of the departures pane: fixtures here, the tests by topic in the
//! child modules.

mod add_form;
mod colours;
mod keys;
mod live;
mod manager;
mod views;

use super::*;
use crate::booking::Alternative;
use crate::domain::{DepartureStatus, Role};
use crate::tui::action::Cmd;
use crate::tui::keymap::departures::key;
use crate::tui::panes::{Outbox, PaneCall, PaneId};
use crate::tui::testing::{self, answer, code, ctx, departure, draw, fg, find, now, press, text};
use crate::tui::theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Color;

/// A week of departures: held seats, a full one with a waitlist, weather
/// watch and danger, a cancelled one, one without a guide, one without a vehicle.
fn fixtures() -> Vec<Departure> {
    let mut v = vec![
        departure(1, "Avachinsky volcano", 2, 16, 12, 2),
        departure(2, "Avacha Bay boat trip", 4, 12, 12, 0),
        departure(3, "Mutnovsky volcano", 26, 20, 5, 0),
        departure(4, "Vilyuchinsky waterfall", 28, 10, 0, 0),
        departure(5, "Avachinsky volcano", 50, 16, 3, 1),
        departure(6, "Khalaktyrsky beach", 75, 30, 20, 0),
        departure(7, "Avacha Bay boat trip", 98, 8, 8, 0),
    ];
    v[1].waitlist = 3;
    v[2].weather_status = WeatherStatus::Watch;
    v[2].weather_note = "wind 15 m/s".into();
    v[3].status = DepartureStatus::Cancelled;
    v[3].weather_status = WeatherStatus::Danger;
    v[4].weather_status = WeatherStatus::Danger;
    // people booked and nobody to lead them; a beach tour that runs with a
    // vehicle and has none yet
    v[2].guide_ids.clear();
    v[5].missing_resource = Some(crate::domain::ResourceKind::Vehicle);
    v
}

fn state() -> State {
    State::with_departures(fixtures(), now())
}

fn calls(out: &Outbox) -> Vec<&Call> {
    out.cmds
        .iter()
        .filter_map(|c| match c {
            Cmd::Call(PaneCall::Departures(c)) => Some(c),
            _ => None,
        })
        .collect()
}

fn render(s: &State, role: Role, w: u16, h: u16) -> ratatui::buffer::Buffer {
    let c = ctx(role);
    draw(w, h, |area, buf| view::render(s, &c, area, buf))
}

fn cancellation() -> DepartureCancellation {
    let alt = |id: i64, hours: i64, free: i32| Alternative {
        departure_id: DepartureId(id),
        starts_at: now() + chrono::TimeDelta::hours(hours),
        time_zone: testing::TZ.name().into(),
        free,
    };
    DepartureCancellation {
        departure_id: DepartureId(5),
        // weather keeps the money: three parties wait to be rebooked
        bookings_cancelled: 0,
        refund_percent: 0,
        refund_total_minor: 0,
        notifications_queued: 3,
        already_cancelled: false,
        to_rebook: 3,
        rebook_due_at: Some(now() + chrono::TimeDelta::hours(48)),
        alternatives: vec![alt(11, 74, 6), alt(12, 122, 16)],
    }
}
