//! Tests of the schedule screen: fixtures here, the flows (opened by a
//! manager only, a new rule from the form to its preview and departures,
//! an edit, a skip, one key per intent kept across retries) and the views
//! (80×21 and 200×47) in the child modules.

mod check;
mod crew;
mod flows;
mod screens;
mod views;

use super::form::{Field, FormError};
use super::*;
use crate::booking::{AssignmentFailure, CancelledStart, KeptStart, ScheduleEdit};
use crate::domain::states::ScheduleSlot;
use crate::domain::{CrewKind, DepartureId, ErrorCode, Role};
use crate::tui::action::Cmd;
use crate::tui::panes::departures::{self, Call as DepCall, Msg as DepMsg, State};
use crate::tui::panes::{Ctx, Level, Outbox, PaneCall};
use crate::tui::strings::Lang;
use crate::tui::testing::{self, answer, code, ctx, departure, draw, fg, find, now, press, text};
use crate::tui::theme;
use chrono::{NaiveDate, NaiveTime, TimeDelta, TimeZone};
use crossterm::event::KeyCode;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

fn rule(id: i64, tour: &str, days: &[i16], times: &[NaiveTime], departures: i64, booked: i64) -> Schedule {
    Schedule {
        schedule_id: ScheduleId(id),
        tour: tour.into(),
        days: days.to_vec(),
        times: times.to_vec(),
        valid_from: day(2026, 12, 2),
        valid_to: day(2027, 3, 1),
        time_zone: testing::TZ.name().into(),
        capacity: 12,
        adult_price_minor: 950_000,
        child_price_minor: 600_050,
        currency: "RUB".into(),
        meeting_point: "Pier 3".into(),
        revision: 1,
        skipped_dates: vec![day(2026, 12, 31)],
        added_dates: Vec::new(),
        departures,
        booked_departures: booked,
        next_start: Some(now() + TimeDelta::hours(24)),
        guide: None,
        resources: Vec::new(),
    }
}

fn rules() -> Vec<Schedule> {
    vec![
        rule(
            3,
            "Avachinsky volcano ascent",
            &[1, 3, 5],
            &[hm(7, 0), hm(13, 0)],
            38,
            2,
        ),
        rule(2, "Avacha Bay boat trip", &[1, 2, 3, 4, 5, 6, 7], &[hm(11, 0)], 90, 0),
        rule(1, "Paratunka hot springs", &[1, 2, 3, 4, 5], &[hm(18, 30)], 0, 0),
    ]
}

fn manager() -> Ctx {
    ctx(Role::Manager)
}

/// The departures pane with the schedule screen open on `rules()`.
fn opened() -> State {
    let mut s = State::with_departures(vec![departure(1, "Avachinsky volcano ascent", 2, 16, 4, 0)], now());
    press(&mut s, &manager(), testing::key('s'));
    answer(&mut s, &manager(), DepMsg::Schedule(Msg::Listed(Ok(rules()))));
    s
}

fn screen(s: &State) -> &Screen {
    s.schedules.as_ref().expect("the schedule screen is open")
}

fn form(s: &State) -> &form::RuleForm {
    match &screen(s).modal {
        Some(Modal::Form(f)) => f,
        other => panic!("no rule form: {other:?}"),
    }
}

fn calls(out: &Outbox) -> Vec<&Call> {
    out.cmds
        .iter()
        .filter_map(|c| match c {
            Cmd::Call(PaneCall::Departures(DepCall::Schedule(c))) => Some(c),
            _ => None,
        })
        .collect()
}

fn msg(s: &mut State, m: Msg) -> Outbox {
    answer(s, &manager(), DepMsg::Schedule(m))
}

fn typing(s: &mut State, text: &str) {
    for ch in text.chars() {
        press(s, &manager(), testing::key(ch));
    }
}

fn tab(s: &mut State, n: usize) {
    for _ in 0..n {
        press(s, &manager(), code(KeyCode::Tab));
    }
}

fn unknown() -> UiError {
    UiError {
        code: ErrorCode::OutcomeUnknown,
        message: "the answer was lost".into(),
    }
}

fn slot(local: (u32, u32, u32, u32), kind: ScheduleSlot) -> PreviewSlot {
    let (m, d, h, min) = local;
    let y = if m == 12 { 2026 } else { 2027 };
    let local_start = day(y, m, d).and_time(hm(h, min));
    PreviewSlot {
        local_start,
        starts_at: testing::TZ
            .from_local_datetime(&local_start)
            .unwrap()
            .with_timezone(&chrono::Utc),
        slot: kind,
        departure_id: None,
        departure_status: None,
        from_rule: None,
        booked: None,
        held: None,
        added: false,
        shifted: false,
        crew: None,
    }
}

/// Two weeks of a Mon/Wed/Fri rule at 07:00, one date skipped, one made by
/// hand already, and a start that the clocks moved (as the server marks it).
fn slots() -> Vec<PreviewSlot> {
    let mut v = vec![
        slot((12, 2, 7, 0), ScheduleSlot::Create),
        slot((12, 4, 7, 0), ScheduleSlot::Exists),
        slot((12, 7, 7, 0), ScheduleSlot::Create),
        slot((12, 9, 7, 0), ScheduleSlot::Skipped),
        slot((12, 11, 7, 0), ScheduleSlot::Create),
    ];
    let mut shifted = slot((12, 14, 2, 30), ScheduleSlot::Create);
    shifted.starts_at += TimeDelta::hours(1);
    shifted.shifted = true;
    v.push(shifted);
    for d in [16, 18, 21, 23, 25, 28, 30] {
        v.push(slot((12, d, 7, 0), ScheduleSlot::Create));
    }
    v[2].added = true;
    v
}

fn edited() -> ScheduleEdited {
    let at = |h| now() + TimeDelta::hours(h);
    ScheduleEdited {
        schedule_id: ScheduleId(3),
        revision: 2,
        updated: (100..135).map(DepartureId).collect(),
        cancelled: vec![CancelledStart {
            departure_id: DepartureId(90),
            starts_at: at(50),
        }],
        kept: vec![
            KeptStart {
                departure_id: DepartureId(91),
                starts_at: at(24),
                booked: 4,
                held: 0,
                in_rule: true,
                differs: vec!["capacity".into()],
            },
            KeptStart {
                departure_id: DepartureId(92),
                starts_at: at(74),
                booked: 1,
                held: 2,
                in_rule: false,
                differs: Vec::new(),
            },
        ],
        failures: Vec::new(),
        short_seats: Vec::new(),
        replayed: false,
    }
}

/// The check of an edit: its id, from the call Enter on the form made.
fn checked(out: &Outbox) -> (ScheduleEdit, uuid::Uuid) {
    let [Call::CheckEdit(ScheduleId(3), edit, check)] = calls(out)[..] else {
        panic!("no check of the edit: {:?}", out.cmds)
    };
    ((**edit).clone(), *check)
}
