//! Tests of the check-in pane: scanner bursts, verdicts, manual actions,
//! rendering. Fixtures here; the tests in the child modules.

mod actions;
mod field;
mod mine;
mod pay;
mod render;
mod returns;
mod scan;
mod stops;
mod verdicts;

use super::{Call, Msg, State};
use crate::booking::{Admission, CheckIn, EarlierCheckIn, Manifest, ManifestRow, Verdict};
use crate::domain::{
    AdmissionMethod, BookingId, DepartureId, DepartureStatus, ErrorCode, HoldStatus, ManifestState, ParticipantId,
    ParticipantKind, ParticipantRef, Role,
};
use crate::tui::action::{Cmd, UiError};
use crate::tui::panes::{Outbox, PaneCall};
use crate::tui::testing::{self, guide};
use chrono::TimeDelta;
use uuid::Uuid;

pub const DEP: DepartureId = DepartureId(7);

/// A real-looking ticket code (the length of a v1 code; the core judges it).
pub fn code(fill: char) -> String {
    format!("TD1{}", fill.to_string().repeat(crate::ticket::payload::CODE_LEN - 3))
}

#[allow(clippy::too_many_arguments)]
pub fn row(
    id: i64,
    booking: &str,
    name: &str,
    kind: ParticipantKind,
    state: ManifestState,
    minutes_ago: Option<i64>,
) -> ManifestRow {
    ManifestRow {
        participant_id: ParticipantId(id).into(),
        booking_id: BookingId(id / 10).into(),
        booking_number: booking.into(),
        position: (id % 10) as i32,
        name: name.into(),
        kind,
        state,
        checked_in_at: minutes_ago.map(|m| testing::now() - TimeDelta::minutes(m)),
        checked_in_by: String::new(),
        checked_in_device: String::new(),
        check_in_method: None,
        no_show_reason: String::new(),
        medical_notes: String::new(),
        dietary: String::new(),
        equipment: String::new(),
        special_requests: String::new(),
        unpaid_minor: 0,
        currency: "RUB".into(),
        contact_name: String::new(),
        contact_phone: String::new(),
    }
}

/// A departure at 07:45 with mixed states: two in, one no-show, waiting,
/// one with attention flags, a cancelled booking last.
pub fn manifest() -> Manifest {
    let mut flagged = row(
        21,
        "TD-7KX9PQ",
        "Ivanova Maria",
        ParticipantKind::Adult,
        ManifestState::Expected,
        None,
    );
    flagged.medical_notes = "asthma, inhaler".into();
    flagged.unpaid_minor = 450_000;
    let mut child = row(
        22,
        "TD-7KX9PQ",
        "Ivanov Petr",
        ParticipantKind::Child,
        ManifestState::Expected,
        None,
    );
    child.dietary = "no nuts".into();
    let rows = vec![
        row(
            11,
            "TD-3HA4MW",
            "Smith John",
            ParticipantKind::Adult,
            ManifestState::Admitted,
            Some(12),
        ),
        row(
            12,
            "TD-3HA4MW",
            "Smith Jane",
            ParticipantKind::Adult,
            ManifestState::Admitted,
            Some(11),
        ),
        row(
            13,
            "TD-3HA4MW",
            "Smith Tom",
            ParticipantKind::Child,
            ManifestState::Expected,
            None,
        ),
        flagged,
        child,
        row(
            31,
            "TD-9QWE2R",
            "Петрова Анна",
            ParticipantKind::Adult,
            ManifestState::NoShow,
            None,
        ),
        row(
            41,
            "TD-ZZ8877",
            "Kim Lee",
            ParticipantKind::Adult,
            ManifestState::Expected,
            None,
        ),
        row(
            51,
            "TD-CANCEL",
            "Gone Away",
            ParticipantKind::Adult,
            ManifestState::Cancelled,
            None,
        ),
    ];
    let count = |s: ManifestState| rows.iter().filter(|r| r.state == s).count();
    Manifest {
        departure_id: DEP,
        tour: "Avacha Volcano".into(),
        starts_at: testing::now() + TimeDelta::minutes(45),
        time_zone: testing::TZ.name().into(),
        meeting_point: "Office, Leninskaya 26".into(),
        check_in_closed_at: None,
        check_in_opens_at: testing::now() + TimeDelta::minutes(45) - TimeDelta::hours(3),
        admitted: count(ManifestState::Admitted),
        expected: count(ManifestState::Expected),
        no_shows: count(ManifestState::NoShow),
        rows,
    }
}

/// The pane showing `manifest()`.
pub fn loaded() -> State {
    let mut s = State::default();
    let mut out = Outbox::default();
    let ctx = guide();
    s.update(
        &ctx,
        Msg::Departures(Ok(vec![testing::departure(DEP.0, "Avacha Volcano", 1, 20, 8, 0)])),
        &mut out,
    );
    assert_eq!(s.departure, Some(DEP));
    s.update(&ctx, Msg::Manifest(DEP, Ok(Box::new(manifest()))), &mut out);
    s
}

pub fn checked(verdict: Verdict) -> CheckIn {
    CheckIn {
        event_id: Uuid::nil(),
        occurred_at: testing::now(),
        replayed: false,
        verdict,
    }
}

pub fn admitted() -> Verdict {
    let attention = crate::booking::Attention {
        medical_notes: "asthma, inhaler".into(),
        ..Default::default()
    };
    Verdict::Admitted {
        booking_number: "TD-7KX9PQ".into(),
        departure_id: DEP,
        tour: "Avacha Volcano".into(),
        starts_at: testing::now() + TimeDelta::minutes(45),
        time_zone: testing::TZ.name().into(),
        admitted: vec![Admission {
            participant_id: Some(ParticipantId(21)),
            name: "Ivanova Maria".into(),
            kind: Some(ParticipantKind::Adult),
            attention,
        }],
        already: vec![],
        party_in: 1,
        party_total: 2,
        unpaid_minor: 450_000,
        currency: "RUB".into(),
        special_requests: "vegetarian lunch".into(),
    }
}

pub fn already() -> Verdict {
    Verdict::AlreadyCheckedIn {
        booking_number: "TD-3HA4MW".into(),
        departure_id: DEP,
        already: vec![EarlierCheckIn {
            participant_id: Some(ParticipantId(11)),
            name: "Smith John".into(),
            at: testing::now() - TimeDelta::minutes(12),
            method: Some(AdmissionMethod::Qr),
            device: "gate-2".into(),
            staff: "Olga".into(),
            location: "Office, Leninskaya 26".into(),
        }],
        party_in: 2,
        party_total: 3,
        time_zone: testing::TZ.name().into(),
    }
}

pub fn wrong_departure() -> Verdict {
    Verdict::WrongDeparture {
        booking_number: "TD-ZZ8877".into(),
        departure_id: DepartureId(9),
        tour: "Khalaktyrsky Beach".into(),
        starts_at: testing::now() + TimeDelta::hours(3),
        time_zone: testing::TZ.name().into(),
        meeting_point: "Pier 3".into(),
    }
}

/// The check-in calls in an outbox, in order.
pub fn check_ins(cmds: &[Cmd]) -> Vec<crate::booking::CheckInRequest> {
    cmds.iter()
        .filter_map(|c| match c {
            Cmd::Call(PaneCall::CheckIn(Call::CheckIn(r))) => Some(r.clone()),
            _ => None,
        })
        .collect()
}

/// The pane's calls in an outbox, in order — but the pickup run, asked
/// along with every manifest load (tests/stops.rs checks that: `all_calls`).
pub fn calls(cmds: &[Cmd]) -> Vec<Call> {
    all_calls(cmds)
        .into_iter()
        .filter(|c| !matches!(c, Call::Pickups(_)))
        .collect()
}

pub fn all_calls(cmds: &[Cmd]) -> Vec<Call> {
    cmds.iter()
        .filter_map(|c| match c {
            Cmd::Call(PaneCall::CheckIn(c)) => Some(c.clone()),
            _ => None,
        })
        .collect()
}

pub fn rang(cmds: &[Cmd]) -> bool {
    cmds.iter().any(|c| matches!(c, Cmd::Bell))
}

pub fn offline() -> UiError {
    UiError {
        code: ErrorCode::DbUnavailable,
        message: "pool timed out".into(),
    }
}
