//! The invariants under concurrency, against a real PostgreSQL: never
//! oversold, never a false "sold out", counters that always agree with the
//! rows, idempotent retries, and a sweeper that is safe to run anywhere.
//!
//! Several `Core`s stand for several kiosks (each with its own in-process
//! gate); one of them has the gate switched off so that many transactions
//! meet at the departure row itself.

mod common;

#[path = "concurrency/buyers.rs"]
mod buyers;
#[path = "concurrency/gate.rs"]
mod gate;
#[path = "concurrency/idempotency.rs"]
mod idempotency;
#[path = "concurrency/mix.rs"]
mod mix;
#[path = "concurrency/money.rs"]
mod money;
#[path = "concurrency/money_ops.rs"]
mod money_ops;
#[path = "concurrency/moves.rs"]
mod moves;
#[path = "concurrency/rebook.rs"]
mod rebook;
#[path = "concurrency/resources.rs"]
mod resources;
#[path = "concurrency/sweeps.rs"]
mod sweeps;

use common::{TestDb, assert_consistent, cash, party, request};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sqlx::PgPool;
use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;
use tokio::sync::Barrier;
use tokio::task::JoinHandle;
use tourdesk::booking::{BookingError, Core, CoreConfig, PaymentMethod};
use tourdesk::domain::refund::CancelReason;
use tourdesk::domain::{DepartureId, HoldId, HoldStatus, Role, WaitlistEntryId, WaitlistStatus};
use uuid::Uuid;

const POOL: u32 = 32;

/// Seed of the random mixes: TOURDESK_TEST_SEED, else a fixed one.
fn seed() -> u64 {
    std::env::var("TOURDESK_TEST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_261_123)
}

/// `n` desk kiosks; the last one sends everything to the database at once.
async fn kiosks(db: &TestDb, n: usize) -> Vec<Core> {
    let mut out = Vec::new();
    for i in 0..n {
        let core = db
            .core_as(Role::Desk, &format!("Clerk {i}"), &format!("kiosk-{i}"))
            .await;
        out.push(if i + 1 == n {
            core.with_config(CoreConfig {
                in_flight_per_departure: 0,
                ..CoreConfig::default()
            })
        } else {
            core
        });
    }
    out
}

/// A SOLD_OUT is only true when fewer seats than asked for were free when it
/// was decided (the `free` it reports is read under the row lock).
fn assert_true_sold_out(e: &BookingError, requested: i64, context: &str) {
    match e {
        BookingError::SoldOut { requested: r, free } => {
            assert_eq!(*r, requested, "{context}: requested seats in SOLD_OUT");
            assert!(
                *free < requested,
                "{context}: false SOLD_OUT: {free} free, {requested} asked for"
            );
            assert!(*free >= 0, "{context}: negative free count {free}");
        }
        other => panic!("{context}: expected SOLD_OUT, got {} ({other})", other.code()),
    }
}

/// A task checking the invariants over and over until told to stop.
fn spawn_checker(pool: PgPool, departures: Vec<DepartureId>, stop: Arc<AtomicBool>) -> JoinHandle<u64> {
    tokio::spawn(async move {
        let mut checks = 0;
        while !stop.load(Ordering::Relaxed) {
            for d in &departures {
                assert_consistent(&pool, *d).await;
                checks += 1;
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        checks
    })
}

/// A hold is only ever expired after its time.
async fn assert_no_hold_expired_early(pool: &PgPool) {
    let early: i64 =
        sqlx::query_scalar("select count(*) from holds where status = 'expired' and ended_at < expires_at")
            .fetch_one(pool)
            .await
            .unwrap();
    assert_eq!(early, 0, "holds were expired before their time");
}
