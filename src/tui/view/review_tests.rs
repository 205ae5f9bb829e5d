//! The conflict review's sentences: what happened and what to do, per kind.

use super::*;
use crate::domain::{DepartureId, ErrorCode};
use crate::field::FailedEntry;
use crate::tui::strings::{EN, RU};
use crate::tui::testing;
use serde_json::json;
use uuid::Uuid;

pub fn conflict(id: i64, kind: &str, details: Value) -> FieldConflict {
    FieldConflict {
        id,
        event_id: Uuid::nil(),
        kind: kind.into(),
        departure_id: Some(DepartureId(7)),
        booking_id: None,
        participant_id: None,
        device: "gate-2".into(),
        occurred_at: testing::now() - chrono::TimeDelta::minutes(20),
        details,
        created_at: testing::now(),
        resolved_at: None,
        resolution: String::new(),
    }
}

/// Anna let in on gate-2 offline after gate-1 had let her in online.
pub fn duplicate(id: i64) -> FieldConflict {
    conflict(
        id,
        "duplicate",
        json!({
            "server": {"verdict": "already_checked_in", "booking_number": "TD-7KX9PQ"},
            "duplicates": [{"name": "Ivanova Anna", "at": "2026-11-30T18:35:00Z", "device": "gate-1"}],
        }),
    )
}

pub fn walk_in_failed(id: i64) -> FieldConflict {
    conflict(
        id,
        "walk_in_failed",
        json!({
            "problem": "no_seats", "booking_number": "TD-WALK22", "adults": 2, "children": 1,
            "contact_name": "Petrov", "contact_phone": "+7 900 123-45-67", "total_minor": 1_350_000,
            "currency": "RUB", "payment_method": "cash",
        }),
    )
}

pub fn failed() -> FailedEntry {
    FailedEntry {
        event_id: Uuid::nil(),
        code: ErrorCode::Forbidden,
        message: "a guide may not sell seats".into(),
    }
}

fn say(c: FieldConflict) -> ItemText {
    item_text(&ReviewItem::Conflict(c), &EN.field, testing::TZ)
}

#[test]
fn a_duplicate_names_who_came_first_where_and_says_the_first_stands() {
    let t = say(duplicate(3));
    assert_eq!(t.headline, "DUPLICATE");
    assert_eq!(t.booking, "TD-7KX9PQ");
    // local times (Kamchatka, UTC+12)
    assert!(
        t.body.contains("Ivanova Anna (first in at 01.12 06:35 on gate-1)"),
        "{}",
        t.body
    );
    assert!(t.body.contains("let in again by gate-2 at 01.12 06:40"), "{}", t.body);
    assert!(t.body.contains("The first check-in stands"), "{}", t.body);
}

#[test]
fn each_kind_says_what_to_do() {
    let cancelled = say(conflict(
        4,
        "cancelled",
        json!({"server": {"verdict": "cancelled", "booking_number": "TD-AAAA11", "reason": "refunded"}}),
    ));
    assert_eq!(cancelled.booking, "TD-AAAA11");
    assert!(cancelled.body.contains("(refunded)"));
    assert!(cancelled.body.contains("Collect payment or rebook"));
    let refused = say(conflict(
        5,
        "refused",
        json!({"server": {"verdict": "wrong_departure", "booking_number": "TD-BBBB22"}}),
    ));
    assert!(
        refused.body.contains("the server says wrong_departure"),
        "{}",
        refused.body
    );
    let walk_in = say(walk_in_failed(6));
    assert_eq!(walk_in.headline, "WALK-IN NOT APPLIED");
    assert!(
        walk_in.body.contains("2 adult(s), 1 child(ren), 13 500.00 RUB (cash)"),
        "{}",
        walk_in.body
    );
    assert!(walk_in.body.contains("no seats were left"));
    assert!(
        walk_in
            .body
            .contains("Call Petrov +7 900 123-45-67 to rebook or refund")
    );
    let refused_entry = item_text(&ReviewItem::Failed(failed()), &EN.field, testing::TZ);
    assert!(refused_entry.body.contains("FORBIDDEN: a guide may not sell seats"));
    assert!(refused_entry.body.contains("--retry-failed"));
}

#[test]
fn in_russian_too() {
    let t = item_text(&ReviewItem::Conflict(duplicate(3)), &RU.field, testing::TZ);
    assert_eq!(t.headline, "ПОВТОР");
    assert!(
        t.body.contains("Ivanova Anna (первая отметка в 01.12 06:35 на gate-1)"),
        "{}",
        t.body
    );
    assert!(t.body.contains("Действует первая отметка"));
}

/// A walk-in sold on a laptop whose clock was a day slow: before the allotment existed.
pub fn clock(id: i64) -> FieldConflict {
    conflict(
        id,
        "clock",
        json!({
            "problem": "before_lease", "entry_kind": "sale", "booking_number": "TD-CLK001",
            "bound": "2026-11-30T20:00:00Z", "server_time": "2026-12-01T00:10:00Z",
        }),
    )
}

#[test]
fn a_clock_conflict_says_why_the_time_is_impossible_and_to_set_the_clock() {
    let t = say(clock(8));
    assert_eq!(t.headline, "WRONG CLOCK");
    assert_eq!(t.booking, "TD-CLK001");
    assert!(
        t.body.contains(
            "A walk-in sold by gate-2 carries the time 01.12 06:40, before its allotment was leased (01.12 08:00)"
        ),
        "{}",
        t.body
    );
    assert!(t.body.contains("set the laptop's clock"), "{}", t.body);
    let ru = item_text(&ReviewItem::Conflict(clock(8)), &RU.field, testing::TZ);
    assert_eq!(ru.headline, "НЕВЕРНЫЕ ЧАСЫ");
    assert!(ru.body.contains("раньше выдачи квоты (01.12 08:00)"), "{}", ru.body);
}

/// Two adults sold for 1 000.00 where the server's price is 15 000.00.
pub fn price(id: i64) -> FieldConflict {
    conflict(
        id,
        "price",
        json!({
            "cause": "unexplained", "booking_number": "TD-PRC001", "adults": 2, "children": 0,
            "laptop_total_minor": 100_000, "laptop_currency": "RUB",
            "server_total_minor": 1_500_000, "currency": "RUB", "difference_minor": -1_400_000,
        }),
    )
}

#[test]
fn a_price_conflict_names_both_figures_and_says_the_booking_stands() {
    let t = say(price(9));
    assert_eq!(t.headline, "PRICE DIFFERS");
    assert_eq!(t.booking, "TD-PRC001");
    assert!(
        t.body.contains("for 1 000.00 RUB; the server's price is 15 000.00 RUB"),
        "{}",
        t.body
    );
    assert!(t.body.contains("or the laptop's figure was altered"), "{}", t.body);
    assert!(t.body.contains("The booking stands at what was taken"), "{}", t.body);
    let mut moved = price(10);
    moved.details["cause"] = json!("price_moved");
    assert!(say(moved).body.contains("changed before the sale"));
    let ru = item_text(&ReviewItem::Conflict(price(9)), &RU.field, testing::TZ);
    assert_eq!(ru.headline, "ЦЕНА НЕ СОВПАДАЕТ");
    assert!(
        ru.body.contains("за 1 000.00 RUB; цена сервера 15 000.00 RUB"),
        "{}",
        ru.body
    );
}
