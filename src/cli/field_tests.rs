//! The CLI's sentences for sync conflicts (`field sync`, `field conflicts`).

use super::*;
use serde_json::json;

fn price(details: Value) -> FieldConflict {
    FieldConflict {
        id: 12,
        event_id: uuid::Uuid::nil(),
        kind: "price".into(),
        departure_id: Some(DepartureId(7)),
        booking_id: None,
        participant_id: None,
        device: "laptop-3".into(),
        occurred_at: chrono::Utc::now(),
        details,
        created_at: chrono::Utc::now(),
        resolved_at: None,
        resolution: String::new(),
    }
}

#[test]
fn a_price_conflict_names_both_figures_the_cause_and_what_to_do() {
    let t = conflict_text(
        &price(json!({
            "cause": "unit_prices_changed", "booking_number": "TD-PRC002", "adults": 2, "children": 1,
            "laptop_total_minor": 100_000, "laptop_currency": "RUB",
            "server_total_minor": 1_500_000, "currency": "RUB",
        })),
        chrono_tz::UTC,
    );
    assert!(
        t.starts_with("#12 PRICE TD-PRC002: a walk-in (2 adult(s), 1 child(ren)) sold by laptop-3"),
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
    let none = conflict_text(
        &price(json!({
            "cause": "party_not_priced", "booking_number": "TD-PRC003", "adults": 0, "children": 2,
            "laptop_total_minor": 100_000, "laptop_currency": "RUB", "currency": "RUB",
        })),
        chrono_tz::UTC,
    );
    assert!(
        none.contains("the server's price is none: the server does not price a party like this"),
        "{none}"
    );
}
