//! A prepared store expires (issue 11): [`EXPIRES_AFTER`] after the start of
//! its last departure, once every journal entry has reached the server, its
//! personal data goes at the next open — the sealed rows, the wraps (so no
//! PIN opens anything any more) and the synced journal — and the laptop is
//! no longer prepared. A store with entries the server has not taken (not
//! sent, or refused) is never wiped: it warns until a sync takes them. Time is the laptop's corrected
//! time (`FieldStore::now`), so the test clock moves it too.

use super::{FieldStore, Result, load};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// How long after its last departure starts a synced store keeps its data.
pub const EXPIRES_AFTER: Duration = Duration::hours(24);

/// What an open found about the store's age.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Expiry {
    /// its personal data was deleted now (or at an earlier open)
    Wiped {
        at: DateTime<Utc>,
        last_departure: DateTime<Utc>,
    },
    /// past its time, but entries wait for the server (or were refused by
    /// it, see `field conflicts`): kept until synced
    Overdue {
        last_departure: DateTime<Utc>,
        pending: usize,
    },
}

impl Expiry {
    /// What happened and what to do.
    pub fn describe(&self) -> String {
        match self {
            Expiry::Wiped { at, last_departure } => format!(
                "this laptop's field store expired: its last departure started at {last_departure}, more than \
                 {} h before, and everything had been synced, so its personal data (and every PIN's key) was \
                 deleted at {at}. Prepare it again while online for the next departures \
                 (`tourdesk field prepare`)",
                EXPIRES_AFTER.num_hours()
            ),
            Expiry::Overdue {
                last_departure,
                pending,
            } => format!(
                "this laptop's field store is past its time (its last departure started at {last_departure}, more \
                 than {} h ago) but {pending} entr{} have not reached the server (or were refused by it): it is \
                 kept until they do. Sync it while online (`tourdesk field sync`, `--retry-failed` for refused \
                 ones); it is wiped at the next open after that",
                EXPIRES_AFTER.num_hours(),
                if *pending == 1 { "y" } else { "ies" }
            ),
        }
    }
}

impl FieldStore {
    /// Wipes an expired, fully synced store's personal data, or notes that
    /// it is overdue. Called at open.
    pub(super) async fn expire(&mut self) -> Result<()> {
        if let Some(w) = load::meta(&self.pool, "expired").await? {
            self.expiry = serde_json::from_str(&w).ok();
        }
        let Some(last) = self.state.departures.values().map(|d| d.starts_at).max() else {
            return Ok(());
        };
        let now = self.now().at;
        if now < last + EXPIRES_AFTER {
            return Ok(());
        }
        // entries the server refused outright are on this laptop only: kept as well
        let waiting: i64 =
            sqlx::query_scalar("select count(*) from journal where synced_at is null or failed is not null")
                .fetch_one(&self.pool)
                .await?;
        if waiting > 0 {
            let e = Expiry::Overdue {
                last_departure: last,
                pending: waiting as usize,
            };
            tracing::warn!("{}", e.describe());
            self.expiry = Some(e);
            return Ok(());
        }
        let e = Expiry::Wiped {
            at: now,
            last_departure: last,
        };
        let mut tx = self.pool.begin().await?;
        for table in [
            "wraps",
            "staff",
            "bookings",
            "participants",
            "journal",
            "departures",
            "prices",
            "allotments",
            "ticket_keys",
        ] {
            sqlx::query(sqlx::AssertSqlSafe(format!("delete from {table}")))
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("delete from meta where key in ('prepared_at', 'prepared_seq', 'unlock_failures')")
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "insert into meta (key, value) values ('expired', $1)
             on conflict (key) do update set value = excluded.value",
        )
        .bind(serde_json::to_string(&e).unwrap_or_default())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        // the deleted pages are zeroed (secure_delete); the WAL's old frames go at the checkpoint
        sqlx::query("pragma wal_checkpoint(truncate)")
            .execute(&self.pool)
            .await?;
        tracing::warn!("{}", e.describe());
        self.key = None;
        self.opened_by = None;
        self.reload().await?;
        self.expiry = Some(e);
        Ok(())
    }

    /// The store's expiry, when an open found it past its time.
    pub fn expiry(&self) -> Option<&Expiry> {
        self.expiry.as_ref()
    }
}
