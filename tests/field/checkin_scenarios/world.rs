//! The check-in scenarios' world: one case's departures, booking and
//! tickets made on the server, its steps, the request it scans, and the gist
//! both verdicts are compared by.

use super::super::*;
use super::{Case, Gate, Scan, Starts, Step};
use chrono::{DateTime, Duration, Timelike, Utc};
use ed25519_dalek::SigningKey;
use tourdesk::booking::{BookRequest, CheckInRequest, NewDeparture, ParticipantInput, Verdict};
use tourdesk::domain::ParticipantId;
use tourdesk::domain::refund::CancelReason;
use tourdesk::ticket::{SignedTicket, input};

/// A fixed-offset zone where it is about noon now (12:00–12:59 local).
pub(super) fn noon_zone() -> chrono_tz::Tz {
    let east = 12 - Utc::now().hour() as i32;
    let name = match east {
        0 => "Etc/GMT".to_string(),
        // POSIX signs: Etc/GMT-3 is three hours ahead of UTC
        e if e > 0 => format!("Etc/GMT-{e}"),
        e => format!("Etc/GMT+{}", -e),
    };
    name.parse().expect("an Etc/GMT zone")
}

/// One case's departures, booking and tickets on the server.
pub(super) struct World {
    pub(super) own: DepartureId,
    pub(super) other: DepartureId,
    pub(super) key: SigningKey,
    pub(super) number: String,
    pub(super) participants: Vec<ParticipantId>,
    /// group code first, then one per participant
    pub(super) tickets: Vec<IssuedTicket>,
    /// as printed before a reissue
    pub(super) revoked: Vec<IssuedTicket>,
}

pub(super) async fn add_departure(
    core: &Core,
    tour: &str,
    zone: chrono_tz::Tz,
    starts_at: DateTime<Utc>,
) -> DepartureId {
    core.add_departure(&NewDeparture {
        tour: tour.into(),
        starts_at,
        time_zone: zone,
        capacity: 10,
        adult_price_minor: common::ADULT_PRICE,
        child_price_minor: common::CHILD_PRICE,
        currency: "RUB".into(),
        meeting_point: "Pier 3".into(),
    })
    .await
    .expect("add departure")
    .0
}

/// Anna, Ivan and Masha, paid in full.
pub(super) async fn book(db: &TestDb, core: &Core, w: &mut World, starts: Starts) {
    let mut req: BookRequest = common::request(w.own, 3, 0, "Anna");
    req.participants = ["Anna", "Ivan", "Masha"]
        .iter()
        .map(|n| ParticipantInput {
            name: n.to_string(),
            kind: tourdesk::domain::ParticipantKind::Adult,
            medical_notes: String::new(),
            emergency_contact: String::new(),
            dietary: String::new(),
            equipment: String::new(),
        })
        .collect();
    let b = core.book(&req).await.expect("book");
    if let Starts::Yesterday = starts {
        sqlx::query("update departures set starts_at = $2 where id = $1")
            .bind(w.own.0)
            .bind(Utc::now() - Duration::days(1))
            .execute(&db.pool)
            .await
            .expect("a departure of yesterday");
    }
    w.number = b.booking_number;
    w.participants = b.participants.iter().map(|p| p.id).collect();
    w.tickets = core.tickets(&w.number, &w.key).await.expect("tickets");
}

pub(super) async fn step(core: &Core, w: &mut World, s: Step) {
    match s {
        Step::CheckIn(i) => {
            let c = core
                .check_in(&CheckInRequest::participant(w.participants[i], Some(w.own)))
                .await
                .expect("check in online");
            assert!(c.verdict.is_admitted(), "{c:?}");
        }
        Step::CancelBooking => {
            core.cancel(&w.number, CancelReason::Customer, "")
                .await
                .expect("cancel");
        }
        Step::CancelDeparture => {
            core.cancel_departure(w.own, CancelReason::Weather, "storm warning")
                .await
                .expect("cancel departure");
        }
        Step::CloseCheckIn => {
            core.close_check_in(w.own, false).await.expect("close check-in");
        }
        Step::Reissue => {
            core.reissue_tickets(&w.number).await.expect("reissue");
            let new = core.tickets(&w.number, &w.key).await.expect("tickets");
            w.revoked = std::mem::replace(&mut w.tickets, new);
        }
        Step::RetireKey => {
            let id = core.signing_key_id(&w.key).await.expect("key id");
            core.retire_ticket_key(i32::from(id)).await.expect("retire");
        }
        Step::NewKey => {
            w.key = common::registered_key(core).await;
            w.tickets = core.tickets(&w.number, &w.key).await.expect("tickets");
        }
        Step::Window(minutes) => {
            core.set_check_in_window(minutes).await.expect("window");
        }
    }
}

/// The code of a printed ticket with its claims changed, signed by `key`.
fn resigned(code: &str, key: &SigningKey, change: impl FnOnce(&mut tourdesk::ticket::TicketClaims)) -> String {
    let mut claims = SignedTicket::parse(&input::normalize(code))
        .expect("a printed code")
        .claims;
    change(&mut claims);
    claims.sign(key).expect("sign")
}

pub(super) fn request(w: &World, c: &Case) -> CheckInRequest {
    let gate = match c.gate {
        Gate::Own => Some(w.own),
        Gate::Other => Some(w.other),
        Gate::Unnamed => None,
    };
    let person = |i: usize| w.tickets[1 + i].code.clone();
    let stranger = || SigningKey::from_bytes(&rand::random::<[u8; 32]>());
    let code = match c.scan {
        Scan::Everyone => return limited(CheckInRequest::booking(&w.number, gate), c),
        Scan::Manual(i) => return limited(CheckInRequest::participant(w.participants[i], gate), c),
        Scan::Group => w.tickets[0].code.clone(),
        Scan::Person(i) => person(i),
        Scan::Revoked(i) => w.revoked[1 + i].code.clone(),
        Scan::Forged(i) => resigned(&person(i), &stranger(), |_| {}),
        Scan::UnknownKey => resigned(&person(0), &stranger(), |t| t.key_id = u16::MAX),
        Scan::Generation0(i) => resigned(&person(i), &w.key, |t| t.ticket_id &= (1 << 48) - 1),
        Scan::NoSuchParticipant => resigned(&person(0), &w.key, |t| t.ticket_id = (1 << 48) | 900_000_000_000),
        Scan::Junk(text) => text.to_string(),
        Scan::BookingNumber => w.number.clone(),
    };
    limited(CheckInRequest::scan(&code, gate), c)
}

fn limited(mut req: CheckInRequest, c: &Case) -> CheckInRequest {
    req.party_limit = c.limit;
    req
}

/// What both engines must agree on, with the case's departures named `own`
/// and `other` and its booking number `BOOKING`.
pub(super) fn gist(r: Result<&Verdict, String>, w: &World) -> String {
    let v = match r {
        Ok(v) => v,
        Err(code) => return format!("error {code}"),
    };
    let dep = |d: &DepartureId| {
        if *d == w.own {
            "own".to_string()
        } else if *d == w.other {
            "other".to_string()
        } else {
            format!("departure {d}")
        }
    };
    let first = |n: &str| n.split_whitespace().next().unwrap_or_default().to_string();
    match v {
        Verdict::Admitted {
            departure_id,
            admitted,
            already,
            party_in,
            party_total,
            ..
        } => {
            let names: Vec<String> = admitted
                .iter()
                .map(|a| {
                    // someone this laptop cannot name shows as the store says so
                    if a.participant_id.is_none() || a.name.starts_with('(') {
                        a.name.clone()
                    } else {
                        first(&a.name)
                    }
                })
                .collect();
            let before: Vec<String> = already.iter().map(|e| first(&e.name)).collect();
            format!(
                "admitted {} [{}] already [{}], {party_in} of {party_total} in",
                dep(departure_id),
                names.join(", "),
                before.join(", ")
            )
        }
        Verdict::AlreadyCheckedIn {
            departure_id,
            already,
            party_in,
            party_total,
            ..
        } => {
            let before: Vec<String> = already.iter().map(|e| first(&e.name)).collect();
            format!(
                "already_checked_in {} [{}], {party_in} of {party_total} in",
                dep(departure_id),
                before.join(", ")
            )
        }
        Verdict::WrongDeparture { departure_id, .. }
        | Verdict::NotToday { departure_id, .. }
        | Verdict::CheckInClosed { departure_id, .. } => format!("{} {}", v.name(), dep(departure_id)),
        Verdict::TooEarly {
            departure_id,
            starts_at,
            opens_at,
            ..
        } => format!(
            "too_early {}, opens {} min before",
            dep(departure_id),
            (*starts_at - *opens_at).num_minutes()
        ),
        Verdict::Cancelled { reason, .. } => format!("cancelled: {reason}"),
        Verdict::Malformed { reason } => format!("malformed: {}", reason.replace(&w.number, "BOOKING")),
        Verdict::InvalidSignature { .. }
        | Verdict::UnknownKey { .. }
        | Verdict::RetiredKey { .. }
        | Verdict::UnknownTicket { .. } => v.name().to_string(),
    }
}
