//! The CLI's sentences for sync conflicts (`field sync`, `field conflicts`).

use super::*;
use crate::booking::conflict_samples as sample;
use serde_json::{Value, json};

fn conflict(kind: &str, details: Value) -> FieldConflict {
    let c = sample::conflict(12, kind, details, chrono::Utc::now());
    assert!(c.kind().is_some() || kind == "teleported", "{c:?}");
    c
}

#[test]
fn a_price_conflict_names_both_figures_the_cause_and_what_to_do() {
    let mut details = sample::price("TD-PRC002", "unit_prices_changed", "RUB");
    details["children"] = json!(1);
    let t = conflict_text(&conflict("price", details), chrono_tz::UTC);
    assert!(
        t.starts_with("#12 PRICE TD-PRC002: a walk-in (2 adult(s), 1 child(ren)) sold by gate-2"),
        "{t}"
    );
    assert!(
        t.contains(&format!(
            "for {}; the server's price is {}",
            money(100_000, "RUB"),
            money(1_500_000, "RUB")
        )),
        "{t}"
    );
    assert!(
        t.contains("the departure's prices changed since the laptop was prepared"),
        "{t}"
    );
    assert!(t.contains("The booking stands at what was taken"), "{t}");
    // a party the server does not price: no server figure
    let mut none = sample::price("TD-PRC003", "party_not_priced", "RUB");
    none["server_total_minor"] = Value::Null;
    none["difference_minor"] = Value::Null;
    let none = conflict_text(&conflict("price", none), chrono_tz::UTC);
    assert!(
        none.contains("the server's price is none: the server does not price a party like this"),
        "{none}"
    );
}

/// Money is said in the currency the data names: a departure sold in euros.
#[test]
fn money_is_in_the_currency_of_the_data() {
    let price = conflict_text(
        &conflict("price", sample::price("TD-PRC005", "unexplained", "EUR")),
        chrono_tz::UTC,
    );
    assert!(
        price.contains("for 1 000.00 EUR; the server's price is 15 000.00 EUR"),
        "{price}"
    );
    let walk_in = conflict_text(
        &conflict("walk_in_failed", sample::walk_in_failed("TD-WALK25", 1_350_000, "EUR")),
        chrono_tz::UTC,
    );
    assert!(
        walk_in.contains("WALK-IN NOT APPLIED TD-WALK25 (2 adult(s), 1 child(ren), 13 500.00 EUR, cash)"),
        "{walk_in}"
    );
    assert!(!format!("{price}{walk_in}").contains("RUB"));
}

#[test]
fn every_kind_has_its_sentence() {
    for (kind, details, start) in [
        (
            "duplicate",
            sample::duplicate("TD-7KX9PQ", "Ivanova Anna", "2026-11-30T18:35:00+00:00"),
            "#12 DUPLICATE TD-7KX9PQ: Ivanova Anna (first in at ",
        ),
        (
            "cancelled",
            sample::cancelled("TD-AAAA11", "booking cancelled"),
            "#12 CANCELLED TICKET TD-AAAA11 let in offline by gate-2",
        ),
        (
            "refused",
            sample::refused("TD-BBBB22"),
            "#12 REFUSED TD-BBBB22: let in offline by gate-2",
        ),
        (
            "clock",
            sample::clock("TD-CLK001"),
            "#12 CLOCK TD-CLK001: a walk-in sold by gate-2",
        ),
        (
            "staff",
            sample::staff_check_in(),
            "#12 NOT APPLIED ?: a check-in by gate-2 under the name \"Boris Boss\"",
        ),
        (
            "staff",
            sample::staff_sale("TD-STF001", "EUR"),
            "#12 NOT APPLIED TD-STF001: a walk-in sold by gate-2",
        ),
    ] {
        let t = conflict_text(&conflict(kind, details), chrono_tz::UTC);
        assert!(t.starts_with(start), "{t}");
    }
    let cancelled = conflict_text(
        &conflict("cancelled", sample::cancelled("TD-A", "booking cancelled")),
        chrono_tz::UTC,
    );
    assert!(cancelled.contains("(booking cancelled)"), "{cancelled}");
    let refused = conflict_text(&conflict("refused", sample::refused("TD-B")), chrono_tz::UTC);
    assert!(refused.contains("the server says wrong_departure"), "{refused}");
}

#[test]
fn an_unreadable_conflict_is_said_as_it_came() {
    let t = conflict_text(
        &conflict("teleported", json!({"booking_number": "TD-ODD001", "where": "moon"})),
        chrono_tz::UTC,
    );
    assert!(
        t.starts_with("#12 UNREADABLE CONFLICT TD-ODD001 of kind \"teleported\" from gate-2"),
        "{t}"
    );
    assert!(t.contains(r#""where":"moon""#), "{t}");
    assert!(t.contains("tourdesk field conflicts --json"), "{t}");
}
