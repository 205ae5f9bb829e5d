//! Getting ready to leave (online): sync what is pending, lease seats, take
//! the departures along. And giving unsold seats back.

use super::clock::{self, ClockCheck};
use super::seal::Wrap;
use super::state::LocalAllotment;
use super::{FieldError, FieldStore, Keyholder, Result, SyncReport, sync};
use crate::booking::{Allotment, Core, FieldSnapshot};
use crate::domain::{DepartureId, DepartureStatus, HoldId, HoldStatus};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use uuid::Uuid;

/// Round trips measured at prepare (the shortest counts).
const PREPARE_SAMPLES: usize = 3;

/// Largest party priced for offline sales.
const MAX_OFFLINE_PARTY: u32 = 12;

#[derive(Debug, Clone, Serialize)]
pub struct PrepareReport {
    pub departures: Vec<DepartureId>,
    pub bookings: usize,
    pub participants: usize,
    pub checked_in: usize,
    pub keys: usize,
    /// the ids of the keys taken along that may sign (a ticket signed by a
    /// key made later is "unknown key" offline: prepare again)
    pub key_ids: Vec<u16>,
    /// whom the store was wrapped for: they, and nobody else, can open it
    pub wrapped_for: Vec<String>,
    pub allotments: Vec<LocalAllotment>,
    /// what was pending was synced first
    pub synced: SyncReport,
    /// the laptop's clock against the server's
    pub clock: ClockCheck,
}

/// The departures of the server's today (not the laptop's), each in its
/// own time zone (the operator's for one without a readable zone), that
/// are not cancelled.
pub async fn todays_departures(core: &Core, server_now: DateTime<Utc>) -> Result<Vec<DepartureId>> {
    let fallback = core.time_zone().await?;
    let around = core
        .list_departures(server_now - Duration::hours(36), server_now + Duration::hours(36))
        .await?;
    Ok(around
        .into_iter()
        .filter(|d| !matches!(d.status, DepartureStatus::Cancelled))
        .filter(|d| {
            let tz: chrono_tz::Tz = d.time_zone.parse().unwrap_or(fallback);
            d.starts_at.with_timezone(&tz).date_naive() == server_now.with_timezone(&tz).date_naive()
        })
        .map(|d| d.id)
        .collect())
}

/// Measures the laptop's clock against the server's first, and refuses
/// (CLOCK_SKEW) when it is more than 5 minutes off. Then syncs pending
/// entries, leases `allotment` seats on the one departure given (if asked),
/// and takes `departures` along — none named: the server's today's —
/// replacing what was prepared before (the journal stays). The personal
/// data is sealed, its key wrapped for `holders` only (see `unlock.rs`).
pub async fn prepare(
    store: &mut FieldStore,
    core: &Core,
    departures: &[DepartureId],
    allotment: Option<u32>,
    holders: &[Keyholder],
) -> Result<PrepareReport> {
    if holders.is_empty() {
        return Err(FieldError::invalid(
            "staff",
            "nobody to seal the store for: the logged-in preparer's PIN, or name who will work it with \
             --also NAME (their PIN is asked)",
        ));
    }
    let check = clock::measure(core, store.clock(), PREPARE_SAMPLES).await?;
    if check.too_far() {
        tracing::warn!(
            skew_ms = check.skew_ms,
            "prepare refused: the laptop's clock is {}",
            check.describe()
        );
        return Err(FieldError::ClockSkew {
            skew: check.describe(),
            skew_ms: check.skew_ms,
            uncertainty_ms: check.round_trip_ms / 2 + 1,
        });
    }
    let today;
    let departures = if departures.is_empty() {
        today = todays_departures(core, check.server_at).await?;
        &today[..]
    } else {
        departures
    };
    if departures.is_empty() {
        return Err(FieldError::invalid(
            "departures",
            "no departures today (the server's today): name them with --departure ID, or a day that has some \
             with --date",
        ));
    }
    if allotment.is_some() && departures.len() != 1 {
        return Err(FieldError::invalid(
            "allotment",
            "an allotment is leased on one departure: give exactly one --departure with --allotment",
        ));
    }
    // the key first: entries waiting to sync are sealed with it
    let key = store.key_for_prepare(holders).await?;
    if !store.unlocked() {
        store.set_key(key.clone(), holders[0].id);
        store.reload().await?;
    }
    let wraps = FieldStore::wraps_for(&key, holders).await?;
    let synced = sync(store, core, |_| {}).await?;
    let lease = match allotment {
        Some(seats) => Some(core.lease_allotment(departures[0], seats, Uuid::now_v7()).await?),
        None => None,
    };
    match take_along(store, core, departures, &check, holders, &wraps).await {
        Ok(snapshot) => Ok(PrepareReport {
            departures: departures.to_vec(),
            bookings: snapshot.bookings.len(),
            participants: snapshot.participants.len(),
            checked_in: snapshot
                .participants
                .iter()
                .filter(|p| p.checked_in_at.is_some())
                .count(),
            keys: snapshot.keys.len(),
            key_ids: snapshot
                .keys
                .iter()
                .filter(|k| k.retired_at.is_none())
                .filter_map(|k| u16::try_from(k.id).ok())
                .collect(),
            wrapped_for: snapshot.staff.iter().map(|s| s.name.clone()).collect(),
            allotments: store.allotments(),
            synced,
            clock: check,
        }),
        Err(e) => {
            // a lease this laptop does not know about would sit unsold until departure
            if let Some(a) = lease
                && let Err(r) = core.release_hold(a.hold_id).await
            {
                tracing::warn!(
                    "could not give back allotment {} after a failed prepare: {r}",
                    a.hold_id
                );
            }
            Err(e)
        }
    }
}

async fn take_along(
    store: &mut FieldStore,
    core: &Core,
    departures: &[DepartureId],
    check: &ClockCheck,
    holders: &[Keyholder],
    wraps: &[Wrap],
) -> Result<FieldSnapshot> {
    let ids: Vec<_> = holders.iter().map(|h| h.id).collect();
    let snapshot = core.field_snapshot(departures, &ids).await?;
    let server: Vec<Allotment> = core
        .allotments()
        .await?
        .into_iter()
        // live at the server's time of the snapshot
        .filter(|a| a.is_live(snapshot.taken_at) && departures.contains(&a.departure_id))
        .collect();
    let mut prices = Vec::new();
    for a in &server {
        let max = (a.left.max(0) as u32).min(MAX_OFFLINE_PARTY);
        if !prices.iter().any(|(d, _)| *d == a.departure_id) && max > 0 {
            prices.push((a.departure_id, core.price_table(a.departure_id, max).await?));
        }
    }
    // the operator's settings of now: offline work uses them until the next prepare
    let settings = Settings {
        window: core.check_in_window().await?,
        time_zone: core.time_zone().await?,
        currency: core.currency().await?,
        return_grace_minutes: core.return_grace_minutes().await?,
    };
    store.save(&snapshot, &server, &prices, &settings, check, wraps).await?;
    Ok(snapshot)
}

/// Gives this laptop's unsold seats back: on one departure, or all. Syncs
/// first, so seats sold offline are booked before the rest go back.
pub async fn release(
    store: &mut FieldStore,
    core: &Core,
    departure: Option<DepartureId>,
) -> Result<Vec<(HoldId, HoldStatus)>> {
    sync(store, core, |_| {}).await?;
    let mut out = Vec::new();
    // the laptop's corrected time, near the server's (see clock.rs)
    let now = store.now().at;
    for a in core.allotments().await? {
        if !a.is_live(now) || departure.is_some_and(|d| d != a.departure_id) {
            continue;
        }
        let status = core.release_hold(a.hold_id).await?;
        sqlx::query("update allotments set status = $1, left_seats = 0 where hold_id = $2")
            .bind(status)
            .bind(a.hold_id.0)
            .execute(&store.pool)
            .await?;
        if let Some(l) = store.state.allotments.iter_mut().find(|l| l.hold_id == a.hold_id) {
            l.status = status;
            l.left = 0;
        }
        out.push((a.hold_id, status));
    }
    Ok(out)
}

/// The operator's settings a laptop takes along (the server's, as they
/// stood at prepare).
struct Settings {
    /// how long before the start check-in opens
    window: std::time::Duration,
    /// the fallback where a departure names no readable zone
    time_zone: chrono_tz::Tz,
    /// what a new departure is priced in when none is named
    currency: crate::domain::money::Currency,
    /// after a departure's end plus this, whoever is still out is missing
    return_grace_minutes: u32,
}

impl FieldStore {
    async fn save(
        &mut self,
        snap: &FieldSnapshot,
        allotments: &[Allotment],
        prices: &[(DepartureId, Vec<crate::booking::FieldPrice>)],
        settings: &Settings,
        check: &ClockCheck,
        wraps: &[Wrap],
    ) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        for table in [
            "wraps",
            "departures",
            "bookings",
            "participants",
            "ticket_keys",
            "staff",
            "prices",
            "allotments",
        ] {
            sqlx::query(sqlx::AssertSqlSafe(format!("delete from {table}")))
                .execute(&mut *tx)
                .await?;
        }
        for d in &snap.departures {
            sqlx::query("insert into departures (id, data) values ($1, $2)")
                .bind(d.id.0)
                .bind(json(d))
                .execute(&mut *tx)
                .await?;
        }
        for b in &snap.bookings {
            // what the server sent: its own bookings (a laptop's sale is never in a snapshot)
            let Some(id) = b.id.server() else {
                return Err(FieldError::Corrupt(format!("a snapshot with {}", b.id)));
            };
            sqlx::query("insert into bookings (id, departure_id, data) values ($1, $2, $3)")
                .bind(id.0)
                .bind(b.departure_id.0)
                .bind(self.seal(&format!("bookings:{}", id.0), &json(b))?)
                .execute(&mut *tx)
                .await?;
        }
        for p in &snap.participants {
            // as the bookings: only the server's people are in a snapshot
            let Some(id) = p.id.server() else {
                return Err(FieldError::Corrupt(format!("a snapshot with {}", p.id)));
            };
            sqlx::query("insert into participants (id, departure_id, data) values ($1, $2, $3)")
                .bind(id.0)
                .bind(p.departure_id.0)
                .bind(self.seal(&format!("participants:{}", id.0), &json(p))?)
                .execute(&mut *tx)
                .await?;
        }
        for k in &snap.keys {
            sqlx::query("insert into ticket_keys (id, data) values ($1, $2)")
                .bind(k.id)
                .bind(json(k))
                .execute(&mut *tx)
                .await?;
        }
        for s in &snap.staff {
            sqlx::query("insert into staff (id, data) values ($1, $2)")
                .bind(s.id.0)
                .bind(self.seal(&format!("staff:{}", s.id.0), &json(s))?)
                .execute(&mut *tx)
                .await?;
        }
        for w in wraps {
            // the preparer named with --also too: one wrap
            sqlx::query("insert or replace into wraps (staff_id, data) values ($1, $2)")
                .bind(w.staff_id)
                .bind(json(w))
                .execute(&mut *tx)
                .await?;
        }
        for (d, table) in prices {
            for p in table {
                sqlx::query("insert into prices (departure_id, adults, children, data) values ($1, $2, $3, $4)")
                    .bind(d.0)
                    .bind(p.adults as i64)
                    .bind(p.children as i64)
                    .bind(json(p))
                    .execute(&mut *tx)
                    .await?;
            }
        }
        for a in allotments {
            sqlx::query(
                "insert into allotments (hold_id, departure_id, leased, left_seats, expires_at, status)
                 values ($1, $2, $3, $4, $5, $6)",
            )
            .bind(a.hold_id.0)
            .bind(a.departure_id.0)
            .bind(a.leased)
            .bind(a.left)
            .bind(a.expires_at.to_rfc3339())
            .bind(a.status)
            .execute(&mut *tx)
            .await?;
        }
        let seq: i64 = sqlx::query_scalar("select coalesce(max(seq), 0) from journal")
            .fetch_one(&mut *tx)
            .await?;
        for (k, v) in [
            ("prepared_at", snap.taken_at.to_rfc3339()),
            ("prepared_seq", seq.to_string()),
            ("window_seconds", settings.window.as_secs().to_string()),
            ("time_zone", settings.time_zone.name().to_string()),
            ("currency", settings.currency.to_string()),
            ("return_grace_minutes", settings.return_grace_minutes.to_string()),
            ("clock_anchor", json(check)),
            ("prepare_clock", json(check)),
        ] {
            sqlx::query(
                "insert into meta (key, value) values ($1, $2) on conflict (key) do update set value = excluded.value",
            )
            .bind(k)
            .bind(v)
            .execute(&mut *tx)
            .await?;
        }
        // a jump seen before this measurement is history now
        sqlx::query("delete from meta where key = 'clock_warning'")
            .execute(&mut *tx)
            .await?;
        sqlx::query("delete from meta where key in ('unlock_failures', 'expired')")
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        self.expiry = None;
        self.reload().await
    }
}

/// Rows are stored as the core's JSON.
fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}
