//! `tourdesk bench field`: offline field mode at a gate with no network. One
//! departure with a realistic manifest (N participants in parties of 2–6), a
//! fresh field store prepared for it, then:
//!
//! 1. offline scan to verdict: each of `scans` distinct participant tickets
//!    scanned once through `FieldStore::check_in`, timed from the scanner's
//!    text to the verdict — normalise, parse, verify the signature, decide
//!    from the prepared manifest, and commit the journal row to disk (WAL,
//!    `synchronous=FULL`: the verdict is shown only once the row is durable);
//! 2. sync: `field::sync` of the whole journal against the database, timed;
//!    then a second sync, which must send nothing, and a count on the server,
//!    which must find exactly one accepted check-in per scan.
//!
//! Beside them, the bare cost of the disk: one-row SQLite commits with the
//! store's pragmas in the same folder (the floor under every offline scan).

use super::BenchError;
use super::checkin::{Latency, latency};
use crate::booking::{
    BookRequest, BookingError, CheckInRequest, Core, NewDeparture, ParticipantInput, PaymentMethod, Source,
};
use crate::domain::{ParticipantKind, Party};
use crate::field::{self, FieldStore};
use crate::ticket::TicketKind;
use serde::Serialize;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Bare commits timed for the disk's floor.
const FLOOR_COMMITS: usize = 1_000;
/// Party sizes, in turn: 4 people a booking on average.
const PARTIES: [u32; 5] = [2, 3, 4, 5, 6];

#[derive(Debug, Serialize)]
pub struct FieldReport {
    pub participants: u32,
    pub bookings: usize,
    /// seconds to book and sign the manifest (not part of any figure)
    pub setup_seconds: f64,
    /// seconds `field::prepare` took to take the departure along
    pub prepare_seconds: f64,
    /// offline scan to verdict, journal row on disk included
    pub scans: Latency,
    pub admitted: usize,
    /// a bare one-row SQLite commit (WAL, synchronous=FULL) in the same folder
    pub disk_commit: Latency,
    pub sync: SyncFigures,
    /// the second sync: nothing may be pending, nothing sent
    pub resync_applied: usize,
    pub resync_already_applied: usize,
    /// accepted check-in rows on the server for the departure after the syncs
    pub server_accepted: i64,
    /// all check-in rows on the server for the departure (duplicates would show here)
    pub server_rows: i64,
    pub store: String,
}

#[derive(Debug, Serialize)]
pub struct SyncFigures {
    pub entries: usize,
    pub seconds: f64,
    pub entries_per_sec: f64,
    pub applied: usize,
    pub already_applied: usize,
    pub conflicts: usize,
    pub failed: usize,
}

fn fail(what: String) -> BenchError {
    BenchError::Invalid { bench: "field", what }
}

fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

pub async fn field(
    database_url: Option<&str>,
    participants: u32,
    scans: u32,
    dir: Option<&Path>,
) -> Result<FieldReport, BenchError> {
    let participants = participants.clamp(1, 100_000);
    let scans = scans.clamp(1, participants) as usize;
    let url = super::guard::bench_database(database_url).await?;
    let pool = crate::db::connect(Some(&url), crate::db::DEFAULT_POOL).await?;
    let core = Core::owner(pool.clone(), "bench-field-office", Source::Desk).await?;

    // soon today: the scans carry the laptop's real time, checked at sync
    let (tz, starts_at) = super::soon_today();
    let setup = Instant::now();
    let (departure, _) = core
        .add_departure(&NewDeparture {
            tour: "Bench: offline field check-in".into(),
            starts_at,
            time_zone: tz,
            capacity: participants,
            adult_price_minor: 100_000,
            child_price_minor: 50_000,
            currency: "RUB".into(),
            meeting_point: "North gate".into(),
        })
        .await?;
    let key = ed25519_dalek::SigningKey::from_bytes(&rand::random::<[u8; 32]>());
    // the bench's own key, made as `keys new` does (the bench database's owner)
    core.create_signing_key(&key).await?;
    let mut codes = Vec::with_capacity(participants as usize);
    let (mut left, mut bookings) = (participants, 0usize);
    while left > 0 {
        let n = PARTIES[bookings % PARTIES.len()].min(left);
        left -= n;
        let children = u32::from(n >= 4);
        let mut req = BookRequest::new(
            departure,
            Party::new(n - children, children).map_err(BookingError::from)?,
            &format!("Bench Family {bookings}"),
        );
        req.participants = (0..n)
            .map(|i| ParticipantInput {
                name: format!("Guest {bookings}-{i}"),
                kind: if i + children >= n {
                    ParticipantKind::Child
                } else {
                    ParticipantKind::Adult
                },
                // some of the manifest carries what a guide must see at the gate
                medical_notes: if (bookings + i as usize).is_multiple_of(17) {
                    "asthma, inhaler in the bag".into()
                } else {
                    String::new()
                },
                dietary: if (bookings + i as usize).is_multiple_of(11) {
                    "vegetarian".into()
                } else {
                    String::new()
                },
                ..ParticipantInput::default()
            })
            .collect();
        req.payment.method = if bookings % 9 == 0 {
            PaymentMethod::Unpaid
        } else {
            PaymentMethod::Cash
        };
        let b = core.book(&req).await?;
        for t in core.tickets(&b.booking_number, &key).await? {
            if t.kind == TicketKind::Participant {
                codes.push(t.code);
            }
        }
        bookings += 1;
    }
    let setup_seconds = setup.elapsed().as_secs_f64();
    if codes.len() != participants as usize {
        return Err(fail(format!(
            "{} participant tickets for {participants} participants",
            codes.len()
        )));
    }

    let dir = scratch_dir(dir)?;
    let result = run(&pool, departure, &codes[..scans], &dir).await;
    let _ = std::fs::remove_dir_all(&dir);
    let mut r = result?;
    r.participants = participants;
    r.bookings = bookings;
    r.setup_seconds = round(setup_seconds, 2);
    Ok(r)
}

async fn run(
    pool: &sqlx::PgPool,
    departure: crate::domain::DepartureId,
    codes: &[String],
    dir: &Path,
) -> Result<FieldReport, BenchError> {
    let disk_commit = disk_floor(dir).await?;
    let path = dir.join("field.sqlite");
    let laptop = field::core_for(pool.clone(), "bench-field-laptop").await?;
    let mut store = FieldStore::open(&path, "bench-field-laptop").await?;
    // the store is sealed for a guide of the bench's own (a random PIN, this run only)
    let pin = format!("{:08}", rand::random::<u32>() % 100_000_000);
    laptop
        .upsert_staff("Bench Field Guide", crate::domain::Role::Guide, &pin)
        .await?;
    let holder = field::keyholder(&laptop, Some("Bench Field Guide"), &pin).await?;
    let t0 = Instant::now();
    // includes sealing the data and one argon2id wrap (~0.44 s)
    field::prepare(&mut store, &laptop, &[departure], None, &[holder]).await?;
    let prepare_seconds = t0.elapsed().as_secs_f64();

    // the gate: one scan at a time, as the scanner types it (with its Enter)
    let mut us = Vec::with_capacity(codes.len());
    let mut admitted = 0;
    for (i, code) in codes.iter().enumerate() {
        let raw = format!("{code}\r\n");
        let t0 = Instant::now();
        let req = CheckInRequest::scan(&raw, Some(departure));
        let c = store.check_in(&req, None).await?;
        us.push(t0.elapsed().as_micros() as u64);
        if c.verdict.is_admitted() {
            admitted += 1;
        } else if admitted == i {
            tracing::warn!("bench field: scan {i} refused offline: {}", c.verdict.name());
        }
    }
    if admitted != codes.len() || store.pending() != codes.len() {
        return Err(fail(format!(
            "{admitted} of {} scans admitted offline, {} journal entries pending",
            codes.len(),
            store.pending()
        )));
    }

    // back online: the journal goes to the server
    let entries = store.pending();
    let t0 = Instant::now();
    let first = field::sync(&mut store, &laptop, |_| {}).await?;
    let seconds = t0.elapsed().as_secs_f64();
    if first.applied != entries || !first.conflicts.is_empty() || !first.failed.is_empty() || first.pending != 0 {
        return Err(fail(format!(
            "sync of {entries} entries: {} applied, {} already applied, {} conflicts, {} failed, {} still pending",
            first.applied,
            first.already_applied,
            first.conflicts.len(),
            first.failed.len(),
            first.pending
        )));
    }
    let again = field::sync(&mut store, &laptop, |_| {}).await?;
    let (server_accepted, server_rows) = check_in_rows(pool, departure).await?;
    if again.applied + again.already_applied != 0
        || server_accepted != codes.len() as i64
        || server_rows != codes.len() as i64
    {
        return Err(fail(format!(
            "after the second sync ({} applied, {} already applied) the server has {server_accepted} accepted \
             check-ins in {server_rows} rows for {} scans",
            again.applied,
            again.already_applied,
            codes.len()
        )));
    }
    Ok(FieldReport {
        participants: 0,
        bookings: 0,
        setup_seconds: 0.0,
        prepare_seconds: round(prepare_seconds, 2),
        scans: latency(us),
        admitted,
        disk_commit,
        sync: SyncFigures {
            entries,
            seconds: round(seconds, 3),
            entries_per_sec: round(entries as f64 / seconds, 0),
            applied: first.applied,
            already_applied: first.already_applied,
            conflicts: first.conflicts.len(),
            failed: first.failed.len(),
        },
        resync_applied: again.applied,
        resync_already_applied: again.already_applied,
        server_accepted,
        server_rows,
        store: path.display().to_string(),
    })
}

/// Check-in rows of a departure on the server: (accepted, all — duplicates
/// and undone ones included). A sync replayed twice must leave both
/// unchanged. Only the benchmark counts them (as the bench database's owner),
/// so the query lives here, not in the core's API.
async fn check_in_rows(pool: &sqlx::PgPool, departure: crate::domain::DepartureId) -> Result<(i64, i64), BenchError> {
    Ok(sqlx::query_as(
        "select count(*) filter (where status = 'accepted'), count(*) from check_ins where departure_id = $1",
    )
    .bind(departure.0)
    .fetch_one(pool)
    .await
    .map_err(BookingError::from)?)
}

/// A folder of its own for this run's store, removed afterwards.
fn scratch_dir(base: Option<&Path>) -> Result<PathBuf, BenchError> {
    let base = base.map(Path::to_path_buf).unwrap_or_else(std::env::temp_dir);
    let dir = base.join(format!(
        "tourdesk-bench-field-{}-{:08x}",
        std::process::id(),
        rand::random::<u32>()
    ));
    crate::private::private_dir(&dir).map_err(|e| BenchError::ScratchDir {
        dir: dir.display().to_string(),
        problem: e.to_string(),
    })?;
    Ok(dir)
}

/// One-row inserts, each its own commit, with the store's pragmas, in the
/// store's folder: what the disk charges for a durable journal row.
async fn disk_floor(dir: &Path) -> Result<Latency, BenchError> {
    let path = dir.join("floor.sqlite");
    let opts = SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full);
    let err = |source: sqlx::Error| BenchError::DiskFloor {
        dir: dir.display().to_string(),
        source,
    };
    let db = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(opts)
        .await
        .map_err(err)?;
    sqlx::query("create table t (id integer primary key, v text not null)")
        .execute(&db)
        .await
        .map_err(err)?;
    let mut us = Vec::with_capacity(FLOOR_COMMITS);
    for i in 0..FLOOR_COMMITS {
        let t0 = Instant::now();
        sqlx::query("insert into t (v) values ($1)")
            .bind(format!("row {i}"))
            .execute(&db)
            .await
            .map_err(err)?;
        us.push(t0.elapsed().as_micros() as u64);
    }
    db.close().await;
    Ok(latency(us))
}
