//! `tourdesk bench move`: moves per second between two departures. Each
//! client owns a few one-person parties, half of the clients starting on
//! one departure and half on the other, and moves them across and back
//! (customer moves at the same price: a reissue of tickets, no money) —
//! every move locks both departures, so the run is the worst case of the
//! two-row lock order, clients moving in opposite directions all along.
//! Checked at the end: each departure's counter equals its bookings, and
//! no seat was made or lost; a run that fails a check prints no figures.

use super::BenchError;
use super::checkin::{Latency, latency};
use crate::booking::{BookRequest, BookingError, Core, MoveRequest, NewDeparture, PaymentMethod, Source};
use crate::domain::{DepartureId, MoveReason, Party};
use chrono::{Duration as ChronoDuration, Utc};
use serde::Serialize;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// Parties each client moves in turn.
const PARTIES_PER_CLIENT: u32 = 4;

#[derive(Debug, Serialize)]
pub struct MoveReport {
    pub clients: u32,
    pub pool: u32,
    pub seconds: f64,
    pub moves: u64,
    pub moves_per_sec: f64,
    pub latency: Latency,
    /// refusals or failures (a deadlock would be one: LOCK_TIMEOUT)
    pub errors: u64,
    /// (booked counter, confirmed seats) of each departure at the end
    pub departures: [(i64, i64); 2],
}

pub async fn moves(
    database_url: Option<&str>,
    clients: u32,
    seconds: u64,
    pool: Option<u32>,
) -> Result<MoveReport, BenchError> {
    let clients = clients.max(1);
    let pool_size = pool.unwrap_or(crate::db::DEFAULT_POOL).max(1);
    let url = super::guard::bench_database(database_url).await?;
    let pool = crate::db::connect(Some(&url), pool_size).await?;
    let core = Core::owner(pool.clone(), "bench-move", Source::Desk).await?;
    let capacity = clients * PARTIES_PER_CLIENT;
    let mut ends = Vec::new();
    for tour in ["Bench: move from", "Bench: move to"] {
        let (id, _) = core
            .add_departure(&NewDeparture {
                tour: tour.into(),
                starts_at: Utc::now()
                    + ChronoDuration::days(300)
                    + ChronoDuration::microseconds(rand::random_range(0..1_000_000_000)),
                time_zone: chrono_tz::Asia::Kamchatka,
                capacity,
                adult_price_minor: 100_000,
                child_price_minor: 50_000,
                currency: "RUB".into(),
                meeting_point: String::new(),
            })
            .await?;
        ends.push(id);
    }
    let (a, b) = (ends[0], ends[1]);
    let one = Party::new(1, 0).map_err(BookingError::from)?;
    let mut owned = Vec::new();
    for c in 0..clients {
        let home = if c % 2 == 0 { a } else { b };
        let mut parties = Vec::new();
        for p in 0..PARTIES_PER_CLIENT {
            let mut req = BookRequest::new(home, one, &format!("Bench mover {c}.{p}"));
            req.payment.method = PaymentMethod::Cash;
            parties.push((core.book(&req).await?.booking_number, home));
        }
        owned.push(parties);
    }

    let started = Instant::now();
    let deadline = started
        .checked_add(Duration::from_secs(seconds))
        .unwrap_or(started + Duration::from_secs(86_400));
    let mut tasks = Vec::new();
    for parties in owned {
        let core = core.clone();
        tasks.push(tokio::spawn(
            async move { client(core, parties, (a, b), deadline).await },
        ));
    }
    let (mut us, mut errors) = (Vec::new(), 0u64);
    for t in tasks {
        let (l, e) = t.await.unwrap_or_default();
        us.extend(l);
        errors += e;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let mut departures = [(0, 0); 2];
    for (i, d) in [a, b].into_iter().enumerate() {
        departures[i] = (
            i64::from(core.availability(d).await?.booked),
            core.booked_seats(d).await?,
        );
    }
    if departures.iter().any(|(counter, rows)| counter != rows)
        || departures.iter().map(|(_, rows)| rows).sum::<i64>() != i64::from(capacity)
    {
        return Err(BenchError::Invalid {
            bench: "move",
            what: format!("counters and rows disagree, or seats were made or lost: {departures:?} of {capacity}"),
        });
    }
    let moves = us.len() as u64;
    Ok(MoveReport {
        clients,
        pool: pool_size,
        seconds: (elapsed * 100.0).round() / 100.0,
        moves,
        moves_per_sec: (moves as f64 / elapsed * 10.0).round() / 10.0,
        latency: latency(us),
        errors,
        departures,
    })
}

/// Moves the client's parties across and back, one at a time, until the
/// deadline: the latencies of the moves done, and the failures.
async fn client(
    core: Core,
    mut parties: Vec<(String, DepartureId)>,
    (a, b): (DepartureId, DepartureId),
    deadline: Instant,
) -> (Vec<u64>, u64) {
    let (mut us, mut errors) = (Vec::new(), 0u64);
    let mut next = 0;
    while Instant::now() < deadline && !parties.is_empty() {
        let (number, at) = parties[next].clone();
        let to = if at == a { b } else { a };
        let t0 = Instant::now();
        match core
            .move_booking(&MoveRequest::new(&number, to, MoveReason::Customer), Uuid::now_v7())
            .await
        {
            Ok(_) => {
                us.push(t0.elapsed().as_micros() as u64);
                parties[next].1 = to;
            }
            Err(e) => {
                if errors == 0 {
                    tracing::warn!("bench move of {number}: {e}");
                }
                errors += 1;
            }
        }
        next = (next + 1) % parties.len();
    }
    (us, errors)
}
