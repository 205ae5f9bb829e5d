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
use chrono::{Duration, Utc};
use tourdesk::booking::{CheckIn, CheckInRequest};

#[path = "checkin_scenarios/world.rs"]
mod world;
use world::{World, add_departure, book, gist, noon_zone, request, step};

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
