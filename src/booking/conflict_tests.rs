//! Every kind decodes from the JSON its SQL writes, and is written back the
//! same (the laptop's store and `--json` keep every field); what cannot be
//! read is kept, not dropped.

use super::*;
use crate::booking::conflict_samples as sample;
use serde_json::json;

fn at() -> DateTime<Utc> {
    "2026-11-30T18:40:00Z".parse().unwrap()
}

/// Times as one spelling (PostgreSQL writes +00:00, chrono writes Z).
fn same_times(v: Value) -> Value {
    match v {
        Value::String(s) => match DateTime::parse_from_rfc3339(&s) {
            Ok(t) => Value::String(t.to_utc().to_rfc3339()),
            Err(_) => Value::String(s),
        },
        Value::Array(a) => Value::Array(a.into_iter().map(same_times).collect()),
        Value::Object(m) => Value::Object(m.into_iter().map(|(k, v)| (k, same_times(v))).collect()),
        other => other,
    }
}

fn decoded(kind: &str, details: Value) -> FieldConflict {
    let c = sample::conflict(1, kind, details.clone(), at());
    assert!(!matches!(c.details, ConflictDetails::Unreadable(_)), "{c:?}");
    // written back as the database wrote it, every key kept
    let raw = RawConflict::from(c.clone());
    assert_eq!(raw.kind, kind);
    assert_eq!(
        same_times(raw.details),
        same_times(details),
        "{kind} written back otherwise"
    );
    c
}

#[test]
fn check_in_conflicts_read_the_servers_verdict_and_who_came_first() {
    let c = decoded(
        "duplicate",
        sample::duplicate("TD-7KX9PQ", "Ivanova Anna", "2026-11-30T18:35:00+00:00"),
    );
    assert_eq!(c.kind(), Some(ConflictKind::Duplicate));
    let ConflictDetails::Duplicate(d) = &c.details else {
        panic!("{c:?}")
    };
    assert_eq!(d.server.verdict, "already_checked_in");
    assert_eq!(d.device_verdict, crate::booking::VerdictKind::Admitted);
    assert_eq!(d.duplicates[0].name, "Ivanova Anna");
    assert_eq!(d.duplicates[0].device, "gate-1");
    assert_eq!(
        d.duplicates[0].at,
        "2026-11-30T18:35:00Z".parse::<DateTime<Utc>>().unwrap()
    );
    assert_eq!(c.details.booking_number(), Some("TD-7KX9PQ"));

    let c = decoded("cancelled", sample::cancelled("TD-AAAA11", "booking cancelled"));
    let ConflictDetails::Cancelled(d) = &c.details else {
        panic!("{c:?}")
    };
    assert_eq!(d.server.reason.as_deref(), Some("booking cancelled"));
    assert!(d.duplicates.is_empty());

    let c = decoded("refused", sample::refused("TD-BBBB22"));
    let ConflictDetails::Refused(d) = &c.details else {
        panic!("{c:?}")
    };
    assert_eq!(d.server.verdict, "wrong_departure");
    assert_eq!(d.server.rest["meeting_point"], "Pier 3");
}

#[test]
fn a_failed_walk_in_keeps_what_is_needed_to_rebook_in_its_own_currency() {
    let c = decoded("walk_in_failed", sample::walk_in_failed("TD-WALK22", 1_350_000, "EUR"));
    let ConflictDetails::WalkInFailed(d) = &c.details else {
        panic!("{c:?}")
    };
    assert_eq!(d.problem, WalkInProblem::NoSeats);
    assert_eq!((d.sale.adults, d.sale.children), (2, 1));
    assert_eq!((d.sale.total_minor, d.sale.currency.as_str()), (1_350_000, "EUR"));
    assert_eq!(d.sale.contact_phone, "+7 900 123-45-67");
    assert_eq!((d.free, d.allotment_left), (1, None));
}

#[test]
fn clock_staff_and_price_conflicts_read_their_problem_and_figures() {
    let c = decoded("clock", sample::clock("TD-CLK001"));
    let ConflictDetails::Clock(d) = &c.details else {
        panic!("{c:?}")
    };
    assert_eq!((d.problem, d.entry_kind), (ClockProblem::BeforeLease, EntryKind::Sale));
    assert_eq!(d.entry_event_id, Uuid::from_u128(1));
    assert_eq!(d.off_by_seconds, -4800);
    assert_eq!(d.bound, "2026-11-30T20:00:00Z".parse::<DateTime<Utc>>().unwrap());

    let c = decoded("staff", sample::staff_check_in());
    let ConflictDetails::Staff(d) = &c.details else {
        panic!("{c:?}")
    };
    assert_eq!(
        (d.problem, d.entry_kind()),
        (StaffProblem::NotSealedFor, EntryKind::CheckIn)
    );
    assert_eq!((d.staff_id, d.staff_name.as_str()), (StaffId(4), "Boris Boss"));
    assert_eq!(c.details.booking_number(), None);
    let c = decoded("staff", sample::staff_sale("TD-STF001", "USD"));
    let ConflictDetails::Staff(d) = &c.details else {
        panic!("{c:?}")
    };
    let StaffEntry::Sale(s) = &d.entry else { panic!("{d:?}") };
    assert_eq!((s.currency.as_str(), d.problem), ("USD", StaffProblem::Role));

    let c = decoded("price", sample::price("TD-PRC001", "price_moved", "EUR"));
    let ConflictDetails::Price(d) = &c.details else {
        panic!("{c:?}")
    };
    assert_eq!(d.cause, PriceCause::PriceMoved);
    assert_eq!((d.laptop_total_minor, d.laptop_currency.as_str()), (100_000, "EUR"));
    assert_eq!((d.server_total_minor, d.currency.as_str()), (Some(1_500_000), "EUR"));
}

#[test]
fn an_unknown_kind_or_unreadable_details_are_kept_as_they_came() {
    let odd = json!({"what": "a newer server's kind"});
    let c = sample::conflict(2, "teleported", odd.clone(), at());
    assert_eq!(c.kind(), None);
    let ConflictDetails::Unreadable(u) = &c.details else {
        panic!("{c:?}")
    };
    assert_eq!((u.kind.as_str(), &u.details), ("teleported", &odd));
    assert!(u.error.contains("unknown kind"), "{}", u.error);
    assert_eq!(RawConflict::from(c).details, odd, "written back as it came");

    // a walk-in without its currency is not priced in some other one
    let mut no_currency = sample::walk_in_failed("TD-WALK23", 500, "EUR");
    no_currency.as_object_mut().unwrap().remove("currency");
    let c = sample::conflict(3, "walk_in_failed", no_currency, at());
    let ConflictDetails::Unreadable(u) = &c.details else {
        panic!("{c:?}")
    };
    assert!(u.error.contains("currency"), "{}", u.error);
    assert_eq!(c.details.booking_number(), Some("TD-WALK23"));
}

#[test]
fn the_laptops_copy_reads_back_the_same() {
    for (kind, d) in [
        ("duplicate", sample::duplicate("TD-1", "A", "2026-11-30T18:35:00+00:00")),
        ("price", sample::price("TD-2", "unexplained", "EUR")),
        ("teleported", json!([1, 2])),
    ] {
        let c = sample::conflict(4, kind, d, at());
        let back: FieldConflict = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
        assert_eq!(back.details, c.details, "{kind}");
        assert_eq!(back.details.kind_name(), kind);
    }
}
