//! The booking core against a real PostgreSQL: every operation, its errors and
//! its audit rows. Each test has a database of its own (tests/common).

mod common;

#[path = "core/audit_chain.rs"]
mod audit_chain;
#[path = "core/booking.rs"]
mod booking;
#[path = "core/calendar.rs"]
mod calendar;
#[path = "core/cancel.rs"]
mod cancel;
#[path = "core/change.rs"]
mod change;
#[path = "core/change_quote.rs"]
mod change_quote;
#[path = "core/checkin.rs"]
mod checkin;
#[path = "core/checkin_counts.rs"]
mod checkin_counts;
#[path = "core/checkin_rules.rs"]
mod checkin_rules;
#[path = "core/departures.rs"]
mod departures;
#[path = "core/expiry.rs"]
mod expiry;
#[path = "core/field_replay.rs"]
mod field_replay;
#[path = "core/harness.rs"]
mod harness;
#[path = "core/holds.rs"]
mod holds;
#[path = "core/ledger.rs"]
mod ledger;
#[path = "core/live.rs"]
mod live;
#[path = "core/locks.rs"]
mod locks;
#[path = "core/moves.rs"]
mod moves;
#[path = "core/pickups.rs"]
mod pickups;
#[path = "core/pricing.rs"]
mod pricing;
#[path = "core/pricing_scenarios.rs"]
mod pricing_scenarios;
#[path = "core/rebook.rs"]
mod rebook;
#[path = "core/refund_scenarios.rs"]
mod refund_scenarios;
#[path = "core/resource_edits.rs"]
mod resource_edits;
#[path = "core/resources.rs"]
mod resources;
#[path = "core/roles.rs"]
mod roles;
#[path = "core/rollcall.rs"]
mod rollcall;
#[path = "core/roundtrip.rs"]
mod roundtrip;
#[path = "core/schedule_crew.rs"]
mod schedule_crew;
#[path = "core/schedule_edit_check.rs"]
mod schedule_edit_check;
#[path = "core/schedules.rs"]
mod schedules;
#[path = "core/search.rs"]
mod search;
#[path = "core/settings.rs"]
mod settings;
#[path = "core/shifts.rs"]
mod shifts;
#[path = "core/shifts_awaiting.rs"]
mod shifts_awaiting;
#[path = "core/sql_files.rs"]
mod sql_files;
#[path = "core/states.rs"]
mod states;
#[path = "core/stats.rs"]
mod stats;
#[path = "core/tickets.rs"]
mod tickets;
#[path = "core/trust.rs"]
mod trust;
#[path = "core/vouchers.rs"]
mod vouchers;
#[path = "core/waitlist.rs"]
mod waitlist;
#[path = "core/waitlist_skip.rs"]
mod waitlist_skip;
#[path = "core/weather.rs"]
mod weather;

use chrono::{DateTime, Duration, Utc};
use common::{ADULT_PRICE, CHILD_PRICE, TestDb, api_token, cash, new_key, party, registered_key, request};
use serde_json::Value;
use sqlx::PgPool;
use tourdesk::booking::{BookRequest, BookingError, Core, ParticipantInput, Payment, PaymentMethod, WeatherStatus};
use tourdesk::domain::pricing::PriceLineKind;
use tourdesk::domain::refund::CancelReason;
use tourdesk::domain::{
    AdmissionMethod, BookingStatus, DepartureId, DepartureStatus, HoldId, HoldStatus, ManifestState, ParticipantKind,
    Party, PaymentStatus, Role, WaitlistEntryId, WaitlistStatus,
};
use uuid::Uuid;

/// The stable error code of a call that must fail.
fn code<T: std::fmt::Debug>(r: Result<T, BookingError>) -> &'static str {
    match r {
        Ok(v) => panic!("expected an error, got {v:?}"),
        Err(e) => e.code().as_str(),
    }
}

fn close_to(actual: DateTime<Utc>, expected: DateTime<Utc>) -> bool {
    (actual - expected).num_seconds().abs() <= 10
}

#[derive(Debug, sqlx::FromRow)]
struct AuditRow {
    staff_id: Option<i64>,
    device_id: Option<i64>,
    departure_id: Option<i64>,
    booking_id: Option<i64>,
    details: Value,
}

async fn audit(pool: &PgPool, action: &str) -> Vec<AuditRow> {
    sqlx::query_as(
        "select staff_id, device_id, departure_id, booking_id, details from audit_log
          where action = $1 order by id",
    )
    .bind(action)
    .fetch_all(pool)
    .await
    .unwrap()
}

/// Exactly one audit row with `action`, made by `core`'s actor.
async fn one_audit(pool: &PgPool, action: &str, core: &Core) -> AuditRow {
    let mut rows = audit(pool, action).await;
    assert_eq!(rows.len(), 1, "audit rows for {action}: {rows:?}");
    let row = rows.remove(0);
    assert_eq!(row.device_id, Some(core.actor().device.0), "device of {action}");
    assert_eq!(row.staff_id, core.actor().staff.map(|s| s.0), "staff of {action}");
    row
}

async fn scalar_i64(pool: &PgPool, sql: &'static str, id: i64) -> i64 {
    sqlx::query_scalar(sql).bind(id).fetch_one(pool).await.unwrap()
}

async fn last_audit_id(pool: &PgPool) -> i64 {
    sqlx::query_scalar("select coalesce(max(id), 0) from audit_log")
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn hold_status(pool: &PgPool, hold: HoldId) -> String {
    sqlx::query_scalar("select status from holds where id = $1")
        .bind(hold.0)
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn entry_status(pool: &PgPool, entry: WaitlistEntryId) -> String {
    sqlx::query_scalar("select status from waitlist_entries where id = $1")
        .bind(entry.0)
        .fetch_one(pool)
        .await
        .unwrap()
}
