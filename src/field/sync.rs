//! Replaying the journal through the core: in order, exactly once. Entries go
//! in batches, each batch one server transaction; an entry is marked synced
//! only after the server committed it, so a sync killed at any point and run
//! again sends some entries twice and the server applies them once (each is
//! idempotent on its event id).

use super::clock::{self, ClockCheck};
use super::seal::DataKey;
use super::unlock::{journal_aad, open_with};
use super::{FieldError, FieldStore, Result, load};
use crate::booking::{BookingError, Core, FieldConflict, FieldEntry, Replayed};
use crate::domain::ErrorCode;
use chrono::{DateTime, Utc};
use data_encoding::BASE64;
use serde::{Deserialize, Deserializer, Serialize};
use sqlx::SqlitePool;
use uuid::Uuid;

/// Entries per server transaction: big enough that commits do not dominate,
/// small enough that progress moves.
const BATCH: i64 = 250;

#[derive(Debug, Clone, Copy, Serialize)]
pub struct SyncProgress {
    pub done: usize,
    pub total: usize,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct SyncReport {
    /// entries the server applied now
    pub applied: usize,
    /// entries it had applied before (a sync cut off and run again)
    pub already_applied: usize,
    /// what a person must look at
    pub conflicts: Vec<FieldConflict>,
    /// entries the server refused outright, with why (kept in the journal)
    pub failed: Vec<FailedEntry>,
    pub pending: usize,
    pub finished_at: Option<DateTime<Utc>>,
    /// the laptop's clock against the server's, measured as the sync began
    pub clock: Option<ClockCheck>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FailedEntry {
    pub event_id: Uuid,
    pub code: ErrorCode,
    pub message: String,
}

/// Why the server refused an entry outright, as the journal keeps it (the
/// sealed `failed` column): `{"code": "SOLD_OUT", "message": "…"}`. Read
/// once into this, not dug out of JSON where it is shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Refusal {
    /// none for a word this version does not know (a newer tourdesk's)
    #[serde(deserialize_with = "known_code")]
    pub code: Option<ErrorCode>,
    /// the server's sentence: what was wrong and what to do
    pub message: String,
}

fn known_code<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<ErrorCode>, D::Error> {
    Ok(Option::<String>::deserialize(d)?.and_then(|w| ErrorCode::parse(&w)))
}

/// Errors that say "try later", not "this entry is wrong".
fn transient(e: &BookingError) -> bool {
    e.no_answer() || matches!(e, BookingError::LockTimeout)
}

/// The next batch of pending entries after journal position `after`.
async fn read_batch(pool: &SqlitePool, key: &DataKey, after: i64) -> Result<Vec<(i64, FieldEntry)>> {
    let rows: Vec<(i64, String, String)> = sqlx::query_as(
        "select seq, event_id, entry from journal where synced_at is null and seq > $1 order by seq limit $2",
    )
    .bind(after)
    .bind(BATCH)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|(seq, event, sealed)| {
            let json = open_with(key, &journal_aad(&event, "entry"), &sealed)?;
            serde_json::from_str::<FieldEntry>(&json)
                .map(|e| (seq, e))
                .map_err(|e| FieldError::Corrupt(format!("journal entry: {e}")))
        })
        .collect()
}

/// A column of a journal entry sealed (what the server said of it names people).
fn seal_mark(key: &DataKey, event: Uuid, column: &str, json: Option<String>) -> Option<String> {
    json.map(|j| BASE64.encode(&key.seal(&journal_aad(&event.to_string(), column), j.as_bytes())))
}

/// Sends every pending entry. Stops (with an error, nothing lost) when the
/// database goes away; what was confirmed before stays confirmed.
///
/// While the server works on one batch, the laptop marks the batch before
/// it as synced and reads the next one, so the server rarely waits for the
/// laptop's disk.
pub async fn sync(store: &mut FieldStore, core: &Core, mut progress: impl FnMut(SyncProgress)) -> Result<SyncReport> {
    let mut report = SyncReport::default();
    // the clock first: offline time from now on counts from this measurement
    let check = clock::measure(core, store.clock(), 1).await?;
    if check.too_far() {
        tracing::warn!(
            "the laptop's clock is {}: set it before the next prepare",
            check.describe()
        );
    }
    load::set_meta(
        &store.pool,
        "clock_anchor",
        &serde_json::to_string(&check).unwrap_or_default(),
    )
    .await?;
    store.state.anchor = Some(check.clone());
    report.clock = Some(check);
    // what the laptop did is audited as the laptop, whoever syncs it
    // (with the CLI's trust: an entry was allowed when it was made offline)
    let own;
    let trusted = core.actor().device_name == store.device();
    let core = if trusted || store.state.pending == 0 {
        core
    } else {
        own = super::core_for(core.pool().clone(), store.device()).await?;
        &own
    };
    let total = store.state.pending;
    // the entries are sealed: a store nobody unlocked keeps them until someone does
    let key = match (&store.key, total) {
        (Some(k), _) => k.clone(),
        (None, 0) => DataKey::generate(),
        (None, _) => return Err(FieldError::Sealed),
    };
    let mut done = 0;
    progress(SyncProgress { done, total });
    let pool = store.pool.clone();
    let mut batch = read_batch(&pool, &key, 0).await?;
    // a batch the server committed, not yet marked here
    let mut unmarked: Option<(Vec<i64>, Vec<Uuid>, Vec<Replayed>)> = None;
    while let Some(&(last, _)) = batch.last() {
        let (seqs, entries): (Vec<i64>, Vec<FieldEntry>) = std::mem::take(&mut batch).into_iter().unzip();
        let events: Vec<Uuid> = entries.iter().map(FieldEntry::event_id).collect();
        let (n, marking) = (seqs.len(), unmarked.take());
        let (replayed, marked, next) = tokio::join!(
            core.replay(&entries),
            async {
                match &marking {
                    Some((seqs, events, results)) => write_marks(&pool, &key, seqs, events, results).await,
                    None => Ok(()),
                }
            },
            read_batch(&pool, &key, last),
        );
        marked?;
        if let Some((seqs, _, results)) = marking {
            store.count_synced(seqs.len(), &results, &mut report);
        }
        match replayed {
            Ok(results) => unmarked = Some((seqs, events, results)),
            Err(e) if transient(&e) => return Err(e.into()),
            Err(_) => {
                // one entry is refused: send them one by one to find it
                for (seq, entry) in seqs.iter().zip(&entries) {
                    match core.replay(std::slice::from_ref(entry)).await {
                        Ok(r) => {
                            store
                                .mark_synced(&key, &[*seq], &[entry.event_id()], &r, &mut report)
                                .await?
                        }
                        Err(e) if transient(&e) => return Err(e.into()),
                        Err(e) => store.mark_failed(&key, *seq, entry.event_id(), &e, &mut report).await?,
                    }
                }
            }
        }
        batch = next?;
        done += n;
        progress(SyncProgress {
            done,
            total: total.max(done),
        });
    }
    if let Some((seqs, events, results)) = unmarked {
        store.mark_synced(&key, &seqs, &events, &results, &mut report).await?;
    }
    let now = Utc::now();
    load::set_meta(&store.pool, "last_sync", &now.to_rfc3339()).await?;
    store.state.last_sync = Some(now);
    report.pending = store.state.pending;
    report.finished_at = Some(now);
    Ok(report)
}

/// Marks entries as applied by the server, with what it made of them: one
/// statement for the batch (one commit, one trip to the SQLite thread).
async fn write_marks(
    pool: &SqlitePool,
    key: &DataKey,
    seqs: &[i64],
    events: &[Uuid],
    results: &[Replayed],
) -> Result<()> {
    let marks: Vec<serde_json::Value> = seqs
        .iter()
        .zip(events)
        .zip(results)
        .map(|((seq, event), r)| {
            serde_json::json!({
                "seq": seq,
                "outcome": seal_mark(key, *event, "outcome", Some(r.result.to_string())),
                "conflict": seal_mark(key, *event, "conflict",
                                      r.conflict.as_ref().and_then(|c| serde_json::to_string(c).ok())),
                "clock": seal_mark(key, *event, "clock", r.clock.as_ref().and_then(|c| serde_json::to_string(c).ok())),
            })
        })
        .collect();
    sqlx::query(
        "update journal set synced_at = $1, outcome = m.value ->> 'outcome', conflict = m.value ->> 'conflict',
                            clock = m.value ->> 'clock'
           from json_each($2) m
          where journal.seq = m.value ->> 'seq'",
    )
    .bind(Utc::now().to_rfc3339())
    .bind(serde_json::Value::Array(marks).to_string())
    .execute(pool)
    .await?;
    Ok(())
}

impl FieldStore {
    /// Puts entries the server refused back in line (after the cause was
    /// fixed, e.g. a staff member re-activated). Returns how many.
    pub async fn retry_failed(&mut self) -> Result<usize> {
        let n = sqlx::query("update journal set synced_at = null, failed = null where failed is not null")
            .execute(&self.pool)
            .await?
            .rows_affected() as usize;
        self.state.pending += n;
        Ok(n)
    }

    async fn mark_synced(
        &mut self,
        key: &DataKey,
        seqs: &[i64],
        events: &[Uuid],
        results: &[Replayed],
        report: &mut SyncReport,
    ) -> Result<()> {
        write_marks(&self.pool, key, seqs, events, results).await?;
        self.count_synced(seqs.len(), results, report);
        Ok(())
    }

    fn count_synced(&mut self, n: usize, results: &[Replayed], report: &mut SyncReport) {
        for r in results {
            if r.replayed {
                report.already_applied += 1;
            } else {
                report.applied += 1;
            }
            for c in r.conflict.iter().chain(&r.clock) {
                let mut c = c.clone();
                if c.device.is_empty() {
                    c.device = self.state.device.clone();
                }
                report.conflicts.push(c);
            }
        }
        self.state.pending = self.state.pending.saturating_sub(n);
    }

    /// An entry the server will never take (it says why): kept, with the
    /// reason, among the conflicts; the journal moves on.
    async fn mark_failed(
        &mut self,
        key: &DataKey,
        seq: i64,
        event: Uuid,
        e: &BookingError,
        report: &mut SyncReport,
    ) -> Result<()> {
        let refusal = Refusal {
            code: Some(e.code()),
            message: e.to_string(),
        };
        let failed = serde_json::to_string(&refusal).unwrap_or_default();
        let failed = seal_mark(key, event, "failed", Some(failed));
        sqlx::query("update journal set synced_at = $1, failed = $2 where seq = $3")
            .bind(Utc::now().to_rfc3339())
            .bind(failed)
            .bind(seq)
            .execute(&self.pool)
            .await?;
        self.state.pending = self.state.pending.saturating_sub(1);
        report.failed.push(FailedEntry {
            event_id: event,
            code: e.code(),
            message: e.to_string(),
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_reads_as_the_journal_keeps_it_and_writes_back_the_same() {
        // as `json!({"code": e.code(), "message": …})` wrote it before it was typed
        let kept = r#"{"code":"SALES_CLOSED","message":"sales closed for departure 7"}"#;
        let r: Refusal = serde_json::from_str(kept).unwrap();
        assert_eq!(
            r,
            Refusal {
                code: Some(ErrorCode::SalesClosed),
                message: "sales closed for departure 7".into()
            }
        );
        assert_eq!(serde_json::to_string(&r).unwrap(), kept);
        // a newer tourdesk's word is no code here, but the sentence stays
        let newer: Refusal = serde_json::from_str(r#"{"code":"NOT_A_CODE_YET","message":"why"}"#).unwrap();
        assert_eq!((newer.code, newer.message.as_str()), (None, "why"));
    }
}
