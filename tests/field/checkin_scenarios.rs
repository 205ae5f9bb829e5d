//! One table of check-in scenarios, two engines: each case is decided by the
//! server (`Core::check_in` → `td_check_in`, at the server's time) and by a
//! field laptop offline (`FieldStore::check_in`, at its corrected clock),
//! prepared from the same database before the scan. The check-in rules exist
//! twice (`sql/core/td_check_in.sql` and `src/field/verdict.rs`); this is
//! what keeps them agreeing. Both verdicts are reduced to a gist (verdict,
//! departure, who was admitted or in before, the party's count, the reason)
//! that must equal the one written by hand. A case that must differ offline
//! (the laptop cannot know what happened after its prepare) names the
//! offline gist and why.
//!
//! Time is real on both sides: the departures are made in a zone where it is
//! about noon now, so "an hour from now", "after the window", "tomorrow" and
//! "yesterday" fall on the day each case means whenever the test runs.

use super::*;
use chrono::{DateTime, Duration, Timelike, Utc};
use ed25519_dalek::SigningKey;
use tourdesk::booking::{BookRequest, CheckIn, CheckInRequest, NewDeparture, ParticipantInput, Verdict};
use tourdesk::domain::ParticipantId;
use tourdesk::domain::refund::CancelReason;
use tourdesk::ticket::{SignedTicket, input};

/// When the booked departure starts.
#[derive(Clone, Copy)]
enum Starts {
    /// check-in is open (the default window is 3 h)
    InAnHour,
    /// later today, before the window opens
    AfterTheWindow,
    Tomorrow,
    /// an hour from now, moved to yesterday after the sale (a past departure cannot be sold)
    Yesterday,
}

/// Something done on the server before or after the laptop's prepare.
#[derive(Clone, Copy)]
enum Step {
    /// the participant at this position checked in online
    CheckIn(usize),
    CancelBooking,
    CancelDeparture,
    CloseCheckIn,
    /// the booking's codes revoked and printed again (the old ones kept for `Scan::Revoked`)
    Reissue,
    /// the key that printed the tickets retired
    RetireKey,
    /// a new key registered and the tickets printed with it
    NewKey,
    /// the operator's check-in window, in minutes (put back to 180 after the case)
    Window(u32),
}

/// What the guide scans or picks.
#[derive(Clone, Copy)]
enum Scan {
    Group,
    /// the ticket of the participant at this position
    Person(usize),
    /// that ticket as printed before a reissue
    Revoked(usize),
    /// that ticket's claims signed by another key under the same key id
    Forged(usize),
    /// a ticket signed by a key the server never had
    UnknownKey,
    /// that ticket's claims with generation 0 (never printed), properly signed
    Generation0(usize),
    /// a properly signed ticket of a participant that does not exist
    NoSuchParticipant,
    Junk(&'static str),
    /// the booking number, scanned as if it were a ticket
    BookingNumber,
    /// "everyone here": the whole booking by number
    Everyone,
    /// the participant at this position picked from the manifest
    Manual(usize),
}

/// The departure the guide checks in.
#[derive(Clone, Copy)]
enum Gate {
    /// the booked one
    Own,
    /// another departure, an hour from now, always taken along
    Other,
    /// none named
    Unnamed,
}

struct Case {
    name: &'static str,
    starts: Starts,
    /// the booked departure is taken along by the prepare
    taken: bool,
    /// the booking is made after the prepare (else before)
    booked_late: bool,
    before: &'static [Step],
    after: &'static [Step],
    gate: Gate,
    scan: Scan,
    limit: Option<u32>,
    /// the gist, by hand: both engines' unless `offline` says otherwise
    expect: &'static str,
    /// (the offline gist, why it must differ)
    offline: Option<(&'static str, &'static str)>,
}

const fn case(name: &'static str, scan: Scan, expect: &'static str) -> Case {
    Case {
        name,
        starts: Starts::InAnHour,
        taken: true,
        booked_late: false,
        before: &[],
        after: &[],
        gate: Gate::Own,
        scan,
        limit: None,
        expect,
        offline: None,
    }
}

impl Case {
    const fn starts(self, starts: Starts) -> Case {
        Case { starts, ..self }
    }
    const fn before(self, before: &'static [Step]) -> Case {
        Case { before, ..self }
    }
    const fn after(self, after: &'static [Step]) -> Case {
        Case { after, ..self }
    }
    const fn gate(self, gate: Gate) -> Case {
        Case { gate, ..self }
    }
    const fn not_taken(self) -> Case {
        Case { taken: false, ..self }
    }
    const fn booked_late(self) -> Case {
        Case {
            booked_late: true,
            ..self
        }
    }
    const fn limit(self, n: u32) -> Case {
        Case { limit: Some(n), ..self }
    }
    const fn offline(self, gist: &'static str, why: &'static str) -> Case {
        Case {
            offline: Some((gist, why)),
            ..self
        }
    }
}

const LATE: &str = "admitted own [(booked after this laptop was prepared)] already [], 0 of 0 in";

fn scenarios() -> Vec<Case> {
    use Scan::*;
    use Starts::*;
    use Step::*;
    vec![
        case(
            "a participant's ticket",
            Person(1),
            "admitted own [Ivan] already [], 1 of 3 in",
        ),
        case(
            "no departure named",
            Person(1),
            "admitted own [Ivan] already [], 1 of 3 in",
        )
        .gate(Gate::Unnamed),
        case("scanned again", Person(1), "already_checked_in own [Ivan], 1 of 3 in").before(&[CheckIn(1)]),
        case(
            "group code",
            Group,
            "admitted own [Anna, Ivan, Masha] already [], 3 of 3 in",
        ),
        case(
            "group code after one came alone: the rest",
            Group,
            "admitted own [Anna, Ivan] already [Masha], 3 of 3 in",
        )
        .before(&[CheckIn(2)]),
        case(
            "group code, one more of the party here",
            Group,
            "admitted own [Ivan] already [Anna], 2 of 3 in",
        )
        .before(&[CheckIn(0)])
        .limit(1),
        case(
            "group code, everyone in before",
            Group,
            "already_checked_in own [Anna, Ivan, Masha], 3 of 3 in",
        )
        .before(&[CheckIn(0), CheckIn(1), CheckIn(2)]),
        case(
            "everyone of the booking by number",
            Everyone,
            "admitted own [Anna, Ivan, Masha] already [], 3 of 3 in",
        ),
        case(
            "picked from the manifest",
            Manual(2),
            "admitted own [Masha] already [], 1 of 3 in",
        ),
        case("for another departure", Person(0), "wrong_departure own").gate(Gate::Other),
        case("tomorrow's departure", Person(0), "not_today own").starts(Tomorrow),
        case("yesterday's departure", Person(0), "not_today own").starts(Yesterday),
        case(
            "before the window opens",
            Person(0),
            "too_early own, opens 180 min before",
        )
        .starts(AfterTheWindow),
        case(
            "a narrower window the laptop took along",
            Person(0),
            "too_early own, opens 30 min before",
        )
        .before(&[Window(30)]),
        case("check-in closed", Person(0), "check_in_closed own").before(&[CloseCheckIn]),
        case("booking cancelled", Person(0), "cancelled: booking cancelled").before(&[CancelBooking]),
        case(
            "cancelled comes before another departure",
            Person(0),
            "cancelled: booking cancelled",
        )
        .before(&[CancelBooking])
        .gate(Gate::Other),
        case("departure cancelled", Group, "cancelled: departure cancelled").before(&[CancelDeparture]),
        case("reissued: the old code", Revoked(0), "cancelled: reissued").before(&[Reissue]),
        case(
            "reissued: the new code",
            Person(0),
            "admitted own [Anna] already [], 1 of 3 in",
        )
        .before(&[Reissue]),
        case(
            "reissued after the prepare: the new code",
            Person(0),
            "admitted own [Anna] already [], 1 of 3 in",
        )
        .after(&[Reissue]),
        case("invalid signature", Forged(0), "invalid_signature"),
        case("invalid signature of a retired key", Forged(0), "invalid_signature").before(&[RetireKey]),
        case("unknown key", UnknownKey, "unknown_key"),
        case("retired key", Person(0), "retired_key").before(&[RetireKey]),
        case(
            "not a ticket",
            Junk("hello"),
            "malformed: not a tourdesk ticket: a ticket code starts with TD1",
        ),
        case(
            "a cut-off code",
            Junk("TD1AAAA"),
            "malformed: ticket code has 7 characters, a complete code has 139: scan it again",
        ),
        case(
            "a booking number scanned",
            BookingNumber,
            "malformed: BOOKING is a booking number, not a ticket: check the booking in by number instead",
        ),
        case("generation 0", Generation0(0), "unknown_ticket"),
        // a departure not taken along: judged by the day and departure its code is signed for
        case(
            "not taken along, at another departure",
            Person(0),
            "wrong_departure own",
        )
        .starts(Tomorrow)
        .not_taken()
        .gate(Gate::Other),
        case("not taken along, tomorrow's", Person(0), "not_today own")
            .starts(Tomorrow)
            .not_taken()
            .gate(Gate::Unnamed),
        case("not taken along, yesterday's", Group, "not_today own")
            .starts(Yesterday)
            .not_taken()
            .gate(Gate::Unnamed),
        case(
            "not taken along, tomorrow's, at its own gate",
            Person(0),
            "not_today own",
        )
        .starts(Tomorrow)
        .not_taken(),
        // what the laptop cannot know: it happened after its prepare
        case(
            "booked after the prepare",
            Person(1),
            "admitted own [Ivan] already [], 1 of 3 in",
        )
        .booked_late()
        .offline(
            LATE,
            "admitted on its signature; the names and the party are the server's",
        ),
        case("a participant that does not exist", NoSuchParticipant, "unknown_ticket").offline(
            LATE,
            "offline a signed ticket of an unknown participant is one booked after the prepare",
        ),
        case("cancelled after the prepare", Person(1), "cancelled: booking cancelled")
            .after(&[CancelBooking])
            .offline(
                "admitted own [Ivan] already [], 1 of 3 in",
                "the laptop has the booking as it was; the sync reports a cancelled conflict",
            ),
        case(
            "departure cancelled after the prepare",
            Person(1),
            "cancelled: departure cancelled",
        )
        .after(&[CancelDeparture])
        .offline(
            "admitted own [Ivan] already [], 1 of 3 in",
            "the laptop has the departure as it was; the sync reports a cancelled conflict",
        ),
        case("closed after the prepare", Person(1), "check_in_closed own")
            .after(&[CloseCheckIn])
            .offline(
                "admitted own [Ivan] already [], 1 of 3 in",
                "the close happened on the server after the prepare",
            ),
        case(
            "checked in online after the prepare",
            Person(1),
            "already_checked_in own [Ivan], 1 of 3 in",
        )
        .after(&[CheckIn(1)])
        .offline(
            "admitted own [Ivan] already [], 1 of 3 in",
            "the other device's check-in is not on the laptop; the sync reports a duplicate",
        ),
        case(
            "reissued after the prepare: the old code",
            Revoked(1),
            "cancelled: reissued",
        )
        .after(&[Reissue])
        .offline(
            "admitted own [Ivan] already [], 1 of 3 in",
            "the laptop knows the generation of its prepare",
        ),
        case("key retired after the prepare", Person(1), "retired_key")
            .after(&[RetireKey])
            .offline(
                "admitted own [Ivan] already [], 1 of 3 in",
                "the laptop has the key as it was at its prepare",
            ),
        case(
            "key made after the prepare",
            Person(1),
            "admitted own [Ivan] already [], 1 of 3 in",
        )
        .after(&[NewKey])
        .offline(
            "unknown_key",
            "the laptop has the keys of its prepare (it says so: offline)",
        ),
        case(
            "window narrowed after the prepare",
            Person(1),
            "too_early own, opens 30 min before",
        )
        .after(&[Window(30)])
        .offline(
            "admitted own [Ivan] already [], 1 of 3 in",
            "the laptop judges with the window its prepare took along",
        ),
        case(
            "not taken along, today's",
            Person(1),
            "admitted own [Ivan] already [], 1 of 3 in",
        )
        .not_taken()
        .gate(Gate::Unnamed)
        .offline(
            "wrong_departure own",
            "the laptop has no manifest, window or state of it: not one of its departures",
        ),
        case(
            "not taken along, today's, at its own gate",
            Person(1),
            "admitted own [Ivan] already [], 1 of 3 in",
        )
        .not_taken()
        .offline(
            "error NOT_PREPARED",
            "the departure the guide checks in is not on the laptop",
        ),
    ]
}

/// A fixed-offset zone where it is about noon now (12:00–12:59 local).
fn noon_zone() -> chrono_tz::Tz {
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
struct World {
    own: DepartureId,
    other: DepartureId,
    key: SigningKey,
    number: String,
    participants: Vec<ParticipantId>,
    /// group code first, then one per participant
    tickets: Vec<IssuedTicket>,
    /// as printed before a reissue
    revoked: Vec<IssuedTicket>,
}

async fn add_departure(core: &Core, tour: &str, zone: chrono_tz::Tz, starts_at: DateTime<Utc>) -> DepartureId {
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
async fn book(db: &TestDb, core: &Core, w: &mut World, starts: Starts) {
    let mut req: BookRequest = common::request(w.own, 3, 0, "Anna");
    req.participants = ["Anna", "Ivan", "Masha"]
        .iter()
        .map(|n| ParticipantInput {
            name: n.to_string(),
            kind: "adult".into(),
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

async fn step(core: &Core, w: &mut World, s: Step) {
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

fn request(w: &World, c: &Case) -> CheckInRequest {
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
fn gist(r: Result<&Verdict, String>, w: &World) -> String {
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
                    if a.participant_id.0 == 0 {
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

#[tokio::test]
async fn the_server_and_an_offline_laptop_judge_every_check_in_scenario_alike() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let zone = noon_zone();
    let cases = scenarios();
    let mut failures = Vec::new();
    for (i, c) in cases.iter().enumerate() {
        let now = Utc::now();
        let starts_at = now
            + match c.starts {
                Starts::InAnHour | Starts::Yesterday => Duration::hours(1),
                Starts::AfterTheWindow => Duration::minutes(210),
                Starts::Tomorrow => Duration::days(1),
            };
        let mut w = World {
            own: add_departure(&manager, "Avachinsky volcano", zone, starts_at).await,
            other: add_departure(&manager, "Bay boat trip", zone, now + Duration::hours(1)).await,
            key: common::registered_key(&manager).await,
            number: String::new(),
            participants: Vec::new(),
            tickets: Vec::new(),
            revoked: Vec::new(),
        };
        if !c.booked_late {
            book(&db, &manager, &mut w, c.starts).await;
        }
        for s in c.before {
            step(&manager, &mut w, *s).await;
        }
        let mut laptop = Laptop::new(&db, &format!("scenario-laptop-{i}")).await;
        let taken: Vec<DepartureId> = if c.taken { vec![w.other, w.own] } else { vec![w.other] };
        laptop.prepare(&taken, None).await;
        if c.booked_late {
            book(&db, &manager, &mut w, c.starts).await;
        }
        for s in c.after {
            step(&manager, &mut w, *s).await;
        }

        let req = request(&w, c);
        let online: Result<CheckIn, String> = manager.check_in(&req).await.map_err(|e| e.code().to_string());
        let offline_req = CheckInRequest {
            event_id: uuid::Uuid::now_v7(),
            ..req
        };
        let offline: Result<CheckIn, String> = laptop
            .store
            .check_in(&offline_req, None)
            .await
            .map_err(|e| e.code().to_string());
        let on = gist(online.as_ref().map(|c| &c.verdict).map_err(Clone::clone), &w);
        let off = gist(offline.as_ref().map(|c| &c.verdict).map_err(Clone::clone), &w);
        let (want_off, why) = c.offline.unwrap_or((c.expect, ""));
        if on != c.expect {
            failures.push(format!("{}: online  {on:?}, by hand {:?}", c.name, c.expect));
        }
        if off != want_off {
            let what = if why.is_empty() {
                "as online".to_string()
            } else {
                format!("differs: {why}")
            };
            failures.push(format!("{}: offline {off:?}, by hand {want_off:?} ({what})", c.name));
        }
        if c.offline.is_some() && on == off {
            failures.push(format!("{}: listed as differing, but both say {on:?}", c.name));
        }
        if c.before.iter().chain(c.after).any(|s| matches!(s, Step::Window(_))) {
            manager.set_check_in_window(180).await.expect("window back");
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
