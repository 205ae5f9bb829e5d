//! Who can open a field store, and how (issue 11). At prepare the store's
//! data key is wrapped for each [`Keyholder`] — the preparer and whoever else
//! typed their PIN — and for nobody else: never every manager. Each PIN is
//! checked by the server first (a login on this device, ended at once), so a
//! mistyped PIN cannot make a wrap nobody can open, and the server records
//! whom the store was wrapped for (`api.field_staff`). Offline, a PIN that
//! unwraps the key is the login; there is no hash to check a PIN against.
//!
//! A wrong PIN costs one argon2id run per wrap (~0.44 s each, BENCHMARKS.md);
//! after [`FREE_FAILURES`] in a row each further try waits longer first, up
//! to [`MAX_WAIT`], counted in the store so a restart does not reset it. That
//! slows the kiosk's keypad only: a copied store is protected by the KDF.

use super::seal::{DataKey, FIELD_KDF, MIN_FIELD_PIN, Wrap};
use super::{FieldError, FieldStore, Result, load};
use crate::booking::{Core, FieldStaff};
use crate::domain::{Role, StaffId};
use data_encoding::BASE64;
use sqlx::SqlitePool;
use std::path::Path;
use std::time::Duration;

/// Wrong PINs in a row before each try waits.
pub const FREE_FAILURES: u32 = 3;
/// The longest a try waits after failures.
pub const MAX_WAIT: Duration = Duration::from_secs(30);

/// A staff member whose PIN the server has just checked on this device: the
/// store's key may be wrapped for them. Only [`keyholder`] makes one.
pub struct Keyholder {
    pub id: StaffId,
    pub name: String,
    pub role: Role,
    pin: String,
}

impl std::fmt::Debug for Keyholder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Keyholder({} {}, PIN hidden)", self.id, self.name)
    }
}

/// Checks `pin` on the server (as `name`, when given) with a login on the
/// device of `core`, ended at once, and returns whom it belongs to. A PIN
/// shorter than [`MIN_FIELD_PIN`] is refused before the server is asked.
pub async fn keyholder(core: &Core, name: Option<&str>, pin: &str) -> Result<Keyholder> {
    let digits = pin.trim().chars().count();
    if digits < MIN_FIELD_PIN {
        return Err(FieldError::ShortPin {
            who: name.map_or_else(|| "this".to_string(), |n| format!("{n}'s")),
            digits,
        });
    }
    let a = core.actor();
    let session = Core::login(core.pool().clone(), &a.device_name, a.source, pin.trim(), name).await?;
    let who = session.actor().clone();
    if let Err(e) = session.logout("field prepare: PIN checked").await {
        // the session expires by itself; the wrap does not depend on it
        tracing::warn!("could not end the PIN check's session: {e}");
    }
    let id = who
        .staff
        .ok_or_else(|| FieldError::invalid("staff", "an owner session has no PIN to wrap for"))?;
    Ok(Keyholder {
        id,
        name: who.staff_name,
        role: who.role,
        pin: pin.trim().to_string(),
    })
}

/// The associated data of a journal column: the record belongs to that
/// entry and that column, and cannot be moved to another.
pub(super) fn journal_aad(event_id: &str, column: &str) -> String {
    format!("journal:{event_id}:{column}")
}

/// A store made before sealing holds personal data in plain text; the
/// migration deletes it, but not entries the server has not seen yet.
pub(super) async fn refuse_plain_unsynced(pool: &SqlitePool, path: &Path) -> Result<()> {
    let old: Option<i64> = sqlx::query_scalar(
        "select max(version) from _sqlx_migrations where success and exists
            (select 1 from sqlite_master where name = 'journal')",
    )
    .fetch_optional(pool)
    .await
    .unwrap_or(None)
    .flatten();
    if old.is_none_or(|v| v >= 3) {
        return Ok(());
    }
    let unsynced: i64 = sqlx::query_scalar("select count(*) from journal where synced_at is null")
        .fetch_one(pool)
        .await?;
    if unsynced > 0 {
        return Err(FieldError::Open {
            path: path.display().to_string(),
            problem: format!(
                "it was made by an older tourdesk that kept personal data in plain text, and {unsynced} \
                 offline entr{} in it are not synced yet. Sync it with that version (`tourdesk field sync`), \
                 then open it with this one: its plain personal data is deleted and the laptop is prepared again",
                if unsynced == 1 { "y" } else { "ies" }
            ),
        });
    }
    tracing::warn!(
        "the field store {} was made before personal data was sealed: its plain personal data is deleted; \
         prepare the laptop again",
        path.display()
    );
    Ok(())
}

impl FieldStore {
    /// True once a PIN has unwrapped the data key (or a prepare made one).
    pub fn unlocked(&self) -> bool {
        self.key.is_some()
    }

    /// The staff the store is wrapped for, by id (readable while sealed).
    pub fn keyholders(&self) -> &[StaffId] {
        &self.state.keyholders
    }

    /// Sealed: what needs the personal data (scans, sales, manifests) waits for a PIN.
    pub(super) fn need_key(&self) -> Result<()> {
        if self.key.is_none() {
            return Err(FieldError::Sealed);
        }
        Ok(())
    }

    /// Seals a record as text (base64 of nonce ‖ ciphertext).
    pub(super) fn seal(&self, aad: &str, plain: &str) -> Result<String> {
        let key = self.key.as_ref().ok_or(FieldError::Sealed)?;
        Ok(BASE64.encode(&key.seal(aad, plain.as_bytes())))
    }

    /// Opens a record sealed by [`FieldStore::seal`].
    pub(super) fn open_record(&self, aad: &str, sealed: &str) -> Result<String> {
        let key = self.key.as_ref().ok_or(FieldError::Sealed)?;
        open_with(key, aad, sealed)
    }

    /// The staff member whose PIN unwraps this store's key, and the store
    /// unlocked; None for a PIN of nobody it was prepared for (or a store
    /// never prepared). Slow on purpose: one argon2id run per wrap, and a
    /// wait after repeated failures.
    pub async fn unlock(&mut self, pin: &str) -> Result<Option<FieldStaff>> {
        let wraps = load::wraps(&self.pool).await?;
        if wraps.is_empty() {
            return Ok(None);
        }
        let failures: u32 = load::meta(&self.pool, "unlock_failures")
            .await?
            .and_then(|f| f.parse().ok())
            .unwrap_or(0);
        if failures >= FREE_FAILURES {
            let wait = Duration::from_secs(1 << (failures - FREE_FAILURES).min(5)).min(MAX_WAIT);
            tracing::warn!(failures, "a PIN try on the field store waits {wait:?} after failures");
            tokio::time::sleep(wait).await;
        }
        let pin = pin.trim().to_string();
        // argon2id needs 128 MiB and ~0.44 s a wrap: not on the async threads' time
        let found =
            tokio::task::spawn_blocking(move || wraps.iter().find_map(|w| w.unwrap_key(&pin).map(|k| (w.staff_id, k))))
                .await
                .map_err(|e| FieldError::Corrupt(format!("the PIN check stopped: {e}")))?;
        let Some((staff, key)) = found else {
            load::set_meta(&self.pool, "unlock_failures", &(failures + 1).to_string()).await?;
            return Ok(None);
        };
        load::set_meta(&self.pool, "unlock_failures", "0").await?;
        self.key = Some(key);
        self.opened_by = Some(StaffId(staff));
        self.reload().await?;
        Ok(self.state.staff.iter().find(|m| m.id.0 == staff).cloned())
    }

    /// Reads the store again, with the personal data when unlocked.
    pub(super) async fn reload(&mut self) -> Result<()> {
        let device = self.state.device.clone();
        self.state = load::load(&self.pool, &device, self.key.as_ref()).await?;
        Ok(())
    }

    /// The data key a prepare seals with: the one this store has (when
    /// unlocked, or when a keyholder's PIN opens it), else a new one. A key
    /// nobody present can open is replaced only when every entry sealed with
    /// it has been synced (those entries are on the server; they go).
    pub(super) async fn key_for_prepare(&mut self, holders: &[Keyholder]) -> Result<DataKey> {
        if let Some(k) = &self.key {
            return Ok(k.clone());
        }
        let wraps = load::wraps(&self.pool).await?;
        if !wraps.is_empty() {
            let pins: Vec<String> = holders.iter().map(|h| h.pin.clone()).collect();
            let found = tokio::task::spawn_blocking(move || {
                wraps.iter().find_map(|w| pins.iter().find_map(|p| w.unwrap_key(p)))
            })
            .await
            .map_err(|e| FieldError::Corrupt(format!("the PIN check stopped: {e}")))?;
            if let Some(k) = found {
                return Ok(k);
            }
            let unsynced: i64 = sqlx::query_scalar("select count(*) from journal where synced_at is null")
                .fetch_one(&self.pool)
                .await?;
            if unsynced > 0 {
                return Err(FieldError::SealedPending { entries: unsynced });
            }
            sqlx::query("delete from journal").execute(&self.pool).await?;
        }
        Ok(DataKey::generate())
    }

    /// Wraps `key` for each keyholder (one argon2id run each).
    pub(super) async fn wraps_for(key: &DataKey, holders: &[Keyholder]) -> Result<Vec<Wrap>> {
        let jobs: Vec<(i64, String)> = holders.iter().map(|h| (h.id.0, h.pin.clone())).collect();
        let key = key.clone();
        tokio::task::spawn_blocking(move || {
            jobs.iter()
                .map(|(id, pin)| key.wrap(*id, pin, FIELD_KDF))
                .collect::<std::result::Result<Vec<_>, _>>()
        })
        .await
        .map_err(|e| FieldError::Corrupt(format!("wrapping stopped: {e}")))?
        .map_err(|e| FieldError::invalid("pin", e.to_string()))
    }

    /// Takes the key a prepare sealed with: the store is unlocked for it.
    pub(super) fn set_key(&mut self, key: DataKey, by: StaffId) {
        self.key = Some(key);
        self.opened_by.get_or_insert(by);
    }
}

pub(super) fn open_with(key: &DataKey, aad: &str, sealed: &str) -> Result<String> {
    let bytes = BASE64
        .decode(sealed.as_bytes())
        .map_err(|_| FieldError::Corrupt(format!("{aad}: not a sealed record")))?;
    let plain = key
        .open(aad, &bytes)
        .map_err(|e| FieldError::Corrupt(format!("{aad}: {e}")))?;
    String::from_utf8(plain).map_err(|_| FieldError::Corrupt(format!("{aad}: not text")))
}
