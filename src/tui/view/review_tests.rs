//! The conflict review's sentences: what happened and what to do, per kind.

use super::*;
use crate::booking::conflict_samples as sample;
use crate::domain::ErrorCode;
use crate::field::FailedEntry;
use crate::tui::strings::{EN, RU};
use crate::tui::testing;
use serde_json::Value;
use uuid::Uuid;

pub fn conflict(id: i64, kind: &str, details: Value) -> FieldConflict {
    let c = sample::conflict(id, kind, details, testing::now() - chrono::TimeDelta::minutes(20));
    assert!(c.kind().is_some(), "a sample the SQL would write: {c:?}");
    c
}

/// Anna let in on gate-2 offline after gate-1 had let her in online.
pub fn duplicate(id: i64) -> FieldConflict {
    conflict(
        id,
        "duplicate",
        sample::duplicate("TD-7KX9PQ", "Ivanova Anna", "2026-11-30T18:35:00+00:00"),
    )
}

pub fn walk_in_failed(id: i64) -> FieldConflict {
    conflict(
        id,
        "walk_in_failed",
        sample::walk_in_failed("TD-WALK22", 1_350_000, "RUB"),
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
    let cancelled = say(conflict(4, "cancelled", sample::cancelled("TD-AAAA11", "refunded")));
    assert_eq!(cancelled.booking, "TD-AAAA11");
    assert!(cancelled.body.contains("(refunded)"));
    assert!(cancelled.body.contains("Collect payment or rebook"));
    let refused = say(conflict(5, "refused", sample::refused("TD-BBBB22")));
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
    conflict(id, "clock", sample::clock("TD-CLK001"))
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
    conflict(id, "price", sample::price("TD-PRC001", "unexplained", "RUB"))
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
    let moved = conflict(10, "price", sample::price("TD-PRC001", "price_moved", "RUB"));
    assert!(say(moved).body.contains("changed before the sale"));
    let ru = item_text(&ReviewItem::Conflict(price(9)), &RU.field, testing::TZ);
    assert_eq!(ru.headline, "ЦЕНА НЕ СОВПАДАЕТ");
    assert!(
        ru.body.contains("за 1 000.00 RUB; цена сервера 15 000.00 RUB"),
        "{}",
        ru.body
    );
}

/// Money is said in the currency the conflict names, not the operator's usual one.
#[test]
fn money_is_in_the_currency_of_the_data() {
    let walk_in = say(conflict(
        11,
        "walk_in_failed",
        sample::walk_in_failed("TD-WALK24", 1_350_000, "EUR"),
    ));
    assert!(walk_in.body.contains("13 500.00 EUR (cash)"), "{}", walk_in.body);
    assert!(!walk_in.body.contains("RUB"), "{}", walk_in.body);
    let price = say(conflict(12, "price", sample::price("TD-PRC004", "unexplained", "EUR")));
    assert!(
        price
            .body
            .contains("for 1 000.00 EUR; the server's price is 15 000.00 EUR"),
        "{}",
        price.body
    );
}

/// A conflict this version cannot read is shown plainly, not dropped and not a crash.
#[test]
fn an_unreadable_conflict_is_shown_as_it_came() {
    let odd = sample::conflict(
        13,
        "teleported",
        serde_json::json!({"booking_number": "TD-ODD001", "where": "moon"}),
        testing::now(),
    );
    let t = say(odd);
    assert_eq!(t.headline, "UNREADABLE CONFLICT");
    assert_eq!(t.booking, "TD-ODD001");
    assert!(t.body.contains("of kind \"teleported\" from gate-2"), "{}", t.body);
    assert!(t.body.contains(r#""where":"moon""#), "{}", t.body);
    let ru = item_text(
        &ReviewItem::Conflict(sample::conflict(
            13,
            "teleported",
            serde_json::json!({}),
            testing::now(),
        )),
        &RU.field,
        testing::TZ,
    );
    assert_eq!(ru.headline, "НЕПОНЯТНЫЙ КОНФЛИКТ");
}
