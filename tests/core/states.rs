//! The state enums against the database that defines them: each enum's words
//! are exactly what its column's CHECK constraint allows (read from a
//! migrated database, so a migration that adds a state fails here until the
//! enum learns it), each word decodes into its state and encodes back, and a
//! word outside the set is a decoding error that names it.

use super::*;
use std::collections::BTreeSet;
use tourdesk::domain::{
    BookingChangeKind, CheckInMethod, DenominationKind, NotifyChannel, RebookStatus, ResourceKind, ReturnState,
};

/// The quoted words of the one-column CHECK constraint on `table.column`.
async fn allowed(pool: &PgPool, table: &str, column: &str) -> BTreeSet<String> {
    let defs: Vec<String> = sqlx::query_scalar(
        "select pg_get_constraintdef(c.oid) from pg_constraint c
           join pg_class t on t.oid = c.conrelid
           join pg_namespace n on n.oid = t.relnamespace and n.nspname = 'public'
           join pg_attribute a on a.attrelid = t.oid and a.attnum = c.conkey[1]
          where c.contype = 'c' and cardinality(c.conkey) = 1 and t.relname = $1 and a.attname = $2",
    )
    .bind(table)
    .bind(column)
    .fetch_all(pool)
    .await
    .unwrap();
    assert_eq!(defs.len(), 1, "one CHECK constraint on {table}.{column}: {defs:?}");
    // CHECK ((status = ANY (ARRAY['scheduled'::text, 'cancelled'::text, ...])))
    let words: BTreeSet<String> = defs[0].split('\'').skip(1).step_by(2).map(str::to_string).collect();
    assert!(!words.is_empty(), "no words in {}", defs[0]);
    words
}

/// Every state of `all` is a word of the constraint and back, and nothing else is.
async fn same_as_the_constraint<T>(pool: &PgPool, table: &str, column: &str, all: &[T])
where
    T: Copy + PartialEq + std::fmt::Debug + std::fmt::Display + Send + Unpin,
    T: for<'r> sqlx::Decode<'r, sqlx::Postgres> + sqlx::Type<sqlx::Postgres>,
    T: for<'q> sqlx::Encode<'q, sqlx::Postgres>,
{
    let words: BTreeSet<String> = all.iter().map(|s| s.to_string()).collect();
    assert_eq!(words, allowed(pool, table, column).await, "{table}.{column}");
    for state in all {
        let word = state.to_string();
        let decoded: T = sqlx::query_scalar("select $1::text")
            .bind(&word)
            .fetch_one(pool)
            .await
            .unwrap_or_else(|e| panic!("{table}.{column} '{word}': {e}"));
        assert_eq!(decoded, *state);
        let encoded: String = sqlx::query_scalar("select $1::text")
            .bind(*state)
            .fetch_one(pool)
            .await
            .unwrap();
        assert_eq!(encoded, word);
    }
}

#[tokio::test]
async fn each_state_enum_is_its_columns_check_constraint() {
    let db = TestDb::new().await;
    let pool = &db.pool;
    same_as_the_constraint(pool, "departures", "status", DepartureStatus::ALL).await;
    same_as_the_constraint(pool, "departures", "weather_status", WeatherStatus::ALL).await;
    same_as_the_constraint(pool, "weather_alerts", "status", WeatherStatus::ALL).await;
    same_as_the_constraint(pool, "bookings", "status", BookingStatus::ALL).await;
    same_as_the_constraint(pool, "bookings", "payment_status", PaymentStatus::ALL).await;
    same_as_the_constraint(pool, "holds", "status", HoldStatus::ALL).await;
    same_as_the_constraint(pool, "waitlist_entries", "status", WaitlistStatus::ALL).await;
    same_as_the_constraint(pool, "participants", "kind", ParticipantKind::ALL).await;
    same_as_the_constraint(pool, "bookings", "payment_method", PaymentMethod::ALL).await;
    same_as_the_constraint(pool, "scan_events", "method", CheckInMethod::ALL).await;
    same_as_the_constraint(pool, "check_ins", "method", AdmissionMethod::ALL).await;
    same_as_the_constraint(pool, "rebookings", "status", RebookStatus::ALL).await;
    same_as_the_constraint(pool, "resources", "kind", ResourceKind::ALL).await;
    same_as_the_constraint(pool, "returns", "state", ReturnState::ALL).await;
    same_as_the_constraint(pool, "booking_changes", "kind", BookingChangeKind::ALL).await;
    same_as_the_constraint(pool, "notification_outbox", "channel", NotifyChannel::ALL).await;
    same_as_the_constraint(pool, "currency_denominations", "kind", DenominationKind::ALL).await;
}

#[tokio::test]
async fn a_state_the_program_does_not_know_is_an_error_that_names_it() {
    let db = TestDb::new().await;
    let err = sqlx::query_scalar::<_, BookingStatus>("select 'pending'::text")
        .fetch_one(&db.pool)
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("unknown booking status 'pending'"), "{err}");
    assert!(err.contains("confirmed, cancelled"), "{err}");
    // not text at all: refused by type, not read as some default state
    assert!(
        sqlx::query_scalar::<_, HoldStatus>("select 1::int4")
            .fetch_one(&db.pool)
            .await
            .is_err()
    );
}
