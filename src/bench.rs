//! `tourdesk bench contention`: 1-seat bookings on one hot departure from
//! many concurrent clients, through the core (or the old NOWAIT design).
//! Runs only on a bench database named with `--database-url` (guard.rs).
//! `tourdesk bench checkin`: scan-to-verdict latency (bench/checkin.rs).
//! `tourdesk bench field`: offline scan-to-verdict and sync (bench/field.rs).
//! `tourdesk bench search`: one search over 200,000 bookings (bench/search.rs).
//! `tourdesk bench move`: moves per second between two departures (bench/moves.rs).
//! `tourdesk bench contention --shared N`: the same buyers on N departures
//! sharing one resource (bench/shared.rs).

mod checkin;
mod error;
mod field;
pub mod guard;
mod legacy;
mod moves;
mod search;
mod shared;
pub use checkin::{CheckinReport, checkin};
pub use error::BenchError;
pub use field::{FieldReport, field};
pub use moves::{MoveReport, moves};
pub use search::{SearchReport, search};
pub use shared::{MAX_SLOTS, SharedFigures, SharedPlan};

use crate::booking::{BookRequest, BookingError, Core, CoreConfig, NewDeparture, PaymentMethod, Source};
use crate::domain::{DepartureId, Party};
use chrono::{Duration as ChronoDuration, Utc};
use serde::Serialize;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Debug, Serialize)]
pub struct ContentionReport {
    pub strategy: &'static str,
    pub clients: u32,
    pub pool: u32,
    /// in-process limit of concurrent mutations per departure (0: none)
    pub in_flight: usize,
    pub seconds: f64,
    pub attempts: u64,
    pub bookings: u64,
    pub bookings_per_sec: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// seats booked beyond capacity, or counters that disagree with the bookings
    pub oversold: i64,
    /// SOLD_OUT answers while the departure still had free seats
    pub false_sold_out: u64,
    pub other_errors: u64,
    /// the shared-resource run's own figures (empty for the one hot departure)
    #[serde(flatten)]
    pub shared: SharedFigures,
}

/// Where the buyers book: the one hot departure, or the departures sharing
/// a resource, slot by slot.
#[derive(Clone)]
enum Target {
    One(DepartureId),
    Shared(Arc<shared::Slots>),
}

/// The hot departure is far larger than any run can sell, so every SOLD_OUT
/// answer is a false one.
const HOT_CAPACITY: u32 = 1_000_000;

pub async fn contention(
    database_url: Option<&str>,
    clients: u32,
    seconds: u64,
    nowait: bool,
    pool: Option<u32>,
    in_flight: usize,
    shared: Option<SharedPlan>,
) -> Result<ContentionReport, BenchError> {
    let clients = clients.max(1);
    let pool_size = pool.unwrap_or(crate::db::DEFAULT_POOL).max(1);
    let url = guard::bench_database(database_url).await?;
    let pool = crate::db::connect(Some(&url), pool_size).await?;
    let core = Core::owner(pool.clone(), "bench", Source::Desk)
        .await?
        .with_config(CoreConfig {
            in_flight_per_departure: in_flight,
            ..CoreConfig::default()
        });
    let (departure, _) = core
        .add_departure(&NewDeparture {
            tour: "Bench: hot departure".into(),
            // a fresh departure per run, far in the future
            starts_at: Utc::now()
                + ChronoDuration::days(300)
                + ChronoDuration::microseconds(rand::random_range(0..1_000_000_000)),
            time_zone: chrono_tz::Asia::Kamchatka,
            capacity: HOT_CAPACITY,
            adult_price_minor: 100_000,
            child_price_minor: 50_000,
            currency: "RUB".into(),
            meeting_point: String::new(),
        })
        .await?;
    // open every connection and warm the price cache before the clock starts
    let mut warm = Vec::new();
    for _ in 0..pool_size {
        warm.push(pool.acquire().await.map_err(BookingError::from)?);
    }
    drop(warm);
    let target = match shared {
        Some(plan) if !nowait => Target::Shared(Arc::new(shared::setup(&core, plan, seconds, HOT_CAPACITY).await?)),
        _ => Target::One(departure),
    };
    let warm_departure = match &target {
        Target::One(d) => *d,
        Target::Shared(s) => s.slots[0][0],
    };
    core.quote(
        warm_departure,
        Party::new(1, 0).map_err(BookingError::from)?,
        Utc::now(),
    )
    .await?;

    let started = Instant::now();
    // capped by the CLI; an absurd number here runs "for ever", never panics
    let deadline = started
        .checked_add(Duration::from_secs(seconds))
        .unwrap_or(started + Duration::from_secs(86_400));
    let mut tasks = Vec::new();
    for c in 0..clients {
        let core = core.clone();
        let target = target.clone();
        tasks.push(tokio::spawn(
            async move { client(core, target, c, deadline, nowait).await },
        ));
    }
    let mut latencies = Vec::new();
    let (mut bookings, mut sold_out, mut other) = (0u64, 0u64, 0u64);
    for t in tasks {
        let r = t.await.unwrap_or_default();
        latencies.extend(r.latencies);
        bookings += r.bookings;
        sold_out += r.sold_out;
        other += r.other;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let ended_early = Instant::now() < deadline;
    let after = core.availability(departure).await?;
    let counted = core.booked_seats(departure).await?;
    let mut oversold =
        (i64::from(after.booked) - i64::from(after.capacity)).max(0) + (i64::from(after.booked) - counted).abs();
    // capacity is never reached in a run, so every SOLD_OUT was false
    let mut false_sold_out: u64 = if after.booked < after.capacity { sold_out } else { 0 };
    let mut figures = SharedFigures::default();
    if let Target::Shared(slots) = &target {
        let check = shared::check(&core, slots).await?;
        // the hot departure sold nothing here: the resource's slots decide
        oversold += check.oversold + (check.sold - bookings as i64).abs();
        false_sold_out = check.false_sold_out;
        figures = SharedFigures {
            shared: slots.slots[0].len() as u32,
            resource_seats: Some(slots.resource_seats),
            sold_by_slot: check.sold_by_slot,
            slots_full: check.slots_full,
            exhausted: ended_early && check.slots_full as usize == slots.slots.len(),
        };
    }
    latencies.sort_unstable();
    let pct = |p: f64| -> f64 {
        if latencies.is_empty() {
            return 0.0;
        }
        let i = ((latencies.len() as f64 - 1.0) * p).round() as usize;
        (latencies[i] as f64 / 1000.0 * 100.0).round() / 100.0
    };
    Ok(ContentionReport {
        strategy: if nowait { "nowait" } else { "core" },
        clients,
        pool: pool_size,
        in_flight: if nowait { 0 } else { in_flight },
        seconds: (elapsed * 100.0).round() / 100.0,
        attempts: bookings + sold_out + other,
        bookings,
        bookings_per_sec: (bookings as f64 / elapsed * 10.0).round() / 10.0,
        p50_ms: pct(0.50),
        p99_ms: pct(0.99),
        oversold,
        false_sold_out,
        other_errors: other,
        shared: figures,
    })
}

#[derive(Default)]
struct ClientResult {
    latencies: Vec<u64>,
    bookings: u64,
    sold_out: u64,
    other: u64,
}

async fn client(core: Core, target: Target, c: u32, deadline: Instant, nowait: bool) -> ClientResult {
    let mut r = ClientResult::default();
    let party = Party::new(1, 0).expect("one adult is a party");
    let name = format!("Bench client {c}");
    while Instant::now() < deadline {
        let (slot, departure) = match &target {
            Target::One(d) => (None, *d),
            Target::Shared(slots) => match slots.pick(c) {
                Some((s, d)) => (Some(s), d),
                // every slot's resource is full: nothing left to sell
                None => break,
            },
        };
        let t0 = Instant::now();
        let result = if nowait {
            legacy::book_nowait(&core, departure, &name).await.map(|_| ())
        } else {
            let mut req = BookRequest::new(departure, party, &name);
            req.payment.method = PaymentMethod::Cash;
            core.book(&req).await.map(|_| ())
        };
        r.latencies.push(t0.elapsed().as_micros() as u64);
        match result {
            Ok(()) => r.bookings += 1,
            Err(BookingError::SoldOut { .. }) => {
                r.sold_out += 1;
                if let (Some(s), Target::Shared(slots)) = (slot, &target) {
                    slots.sold_out(s);
                }
            }
            Err(e) => {
                if r.other == 0 {
                    tracing::warn!("bench client {c}: {e}");
                }
                r.other += 1
            }
        }
    }
    r
}

/// 10:00 Kamchatka time on a random day far ahead: a fresh departure slot
/// for every run (a tour has one departure per start time).
/// A departure 40 minutes from now on today's local date, for a run whose
/// offline scans carry the laptop's real time: the server flags a device
/// time in the future as a clock conflict, so they cannot be stamped on a far
/// day. Kamchatka (UTC+12) or UTC: their midnights are 12 hours apart, so one
/// of them has "now" and "now + 40 min" on the same date.
pub(crate) fn soon_today() -> (chrono_tz::Tz, chrono::DateTime<Utc>) {
    let starts_at = Utc::now() + ChronoDuration::minutes(40) + ChronoDuration::seconds(rand::random_range(0..600));
    let same_day =
        |tz: chrono_tz::Tz| Utc::now().with_timezone(&tz).date_naive() == starts_at.with_timezone(&tz).date_naive();
    let tz = [chrono_tz::Asia::Kamchatka, chrono_tz::UTC]
        .into_iter()
        .find(|tz| same_day(*tz))
        .unwrap_or(chrono_tz::UTC);
    (tz, starts_at)
}

pub(crate) fn far_day_at_ten() -> (chrono_tz::Tz, chrono::DateTime<Utc>) {
    use chrono::{NaiveTime, TimeZone};
    let tz = chrono_tz::Asia::Kamchatka;
    let day = Utc::now().with_timezone(&tz).date_naive() + ChronoDuration::days(200 + rand::random_range(0..3000));
    let starts_at = tz
        .from_local_datetime(&day.and_time(NaiveTime::from_hms_opt(10, 0, 0).unwrap_or_default()))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(Utc::now);
    (tz, starts_at)
}
