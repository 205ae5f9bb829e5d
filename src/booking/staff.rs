//! Staff and devices. The server checks PINs (bcrypt, `api.login`); no
//! other hash of a PIN exists (a field laptop unwraps its store's key).

use super::{BookingError, Core, Result};
use crate::domain::{Role, StaffId};
use serde::Serialize;
use sqlx::PgPool;

/// What `api.login` and `td_owner_session` answer.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(super) struct SessionRow {
    pub outcome: Option<String>,
    pub token: Option<String>,
    pub session_id: Option<i64>,
    pub staff_id: Option<i64>,
    pub staff_name: Option<String>,
    pub role: Option<String>,
    pub device_id: Option<i64>,
    pub retry_after_seconds: Option<i32>,
    pub failures: Option<i32>,
}

pub(super) async fn login(
    pool: &PgPool,
    device: &str,
    kind: &str,
    pin: &str,
    staff_name: Option<&str>,
) -> Result<SessionRow> {
    let row: SessionRow = sqlx::query_as(
        "select outcome, token, session_id, staff_id, staff_name, role, device_id, retry_after_seconds, failures
           from api.login($1, $2, $3, $4)",
    )
    .bind(pin)
    .bind(device)
    .bind(kind)
    .bind(staff_name)
    .fetch_one(pool)
    .await?;
    let wait = row.retry_after_seconds.unwrap_or(0).max(0) as u32;
    match row.outcome.as_deref() {
        Some("ok") => Ok(row),
        Some("throttled") => Err(BookingError::LoginThrottled { seconds: wait }),
        Some("locked") => Err(BookingError::LockedOut { seconds: wait }),
        _ => Err(BookingError::WrongPin {
            failures: row.failures.unwrap_or(0).max(0) as u32,
            wait_seconds: wait,
        }),
    }
}

pub(super) async fn owner_session(pool: &PgPool, device: &str, kind: &str) -> Result<SessionRow> {
    sqlx::query_as(
        "select 'ok' as outcome, token, session_id, staff_id, staff_name, role, device_id,
                null::int as retry_after_seconds, 0 as failures
           from td_owner_session($1, $2)",
    )
    .bind(device)
    .bind(kind)
    .fetch_one(pool)
    .await
    .map_err(|e| match BookingError::from(e) {
        // an application role may not execute the owner's function
        BookingError::Database(e) if is_permission_denied(&e) => BookingError::AuthRequired,
        other => other,
    })
}

fn is_permission_denied(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.code().as_deref() == Some("42501"))
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct StaffMember {
    pub id: StaffId,
    pub name: String,
    pub role: String,
    pub active: bool,
}

impl StaffMember {
    pub fn role(&self) -> Role {
        Role::parse(&self.role).unwrap_or(Role::Guide)
    }
}

/// PINs are 4–12 digits (a field laptop's PINs want the longer ones).
pub fn validate_pin(pin: &str) -> Result<()> {
    if (4..=12).contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(BookingError::invalid("pin", "a PIN is 4 to 12 digits"))
    }
}

impl Core {
    /// Adds a staff member, or updates role and PIN of one with that name.
    #[tracing::instrument(skip(self, pin))]
    pub async fn upsert_staff(&self, name: &str, role: Role, pin: &str) -> Result<StaffId> {
        self.allow(crate::domain::Action::ManageDepartures, "manage staff")?;
        validate_pin(pin)?;
        let id: i64 = sqlx::query_scalar("select api.upsert_staff($1, $2, $3, $4)")
            .bind(self.session())
            .bind(name.trim())
            .bind(role.as_str())
            .bind(pin)
            .fetch_one(&self.pool)
            .await?;
        Ok(StaffId(id))
    }

    pub async fn list_staff(&self) -> Result<Vec<StaffMember>> {
        Ok(
            sqlx::query_as("select id, name, role, active from staff order by role, name")
                .fetch_all(&self.pool)
                .await?,
        )
    }

    /// Names of active staff with no PIN hash the server can check (made
    /// before it checked PINs itself): they cannot log in until a manager
    /// sets their PIN again. The owner's (the application role may not read
    /// hashes at all).
    pub async fn staff_without_server_pin(&self) -> Result<Vec<String>> {
        Ok(
            sqlx::query_scalar("select name from staff where active and pin_crypt is null order by name")
                .fetch_all(&self.pool)
                .await?,
        )
    }

    /// Revokes a device (a manager's): its sessions end and no new one
    /// works on it (DEVICE_REVOKED). Returns what the server says: the
    /// device, when it was revoked and how many sessions were ended.
    pub async fn revoke_device(&self, name: &str) -> Result<serde_json::Value> {
        Ok(sqlx::query_scalar("select api.revoke_device($1, $2)")
            .bind(self.session())
            .bind(name)
            .fetch_one(&self.pool)
            .await?)
    }

    /// Lifts a login lockout (a manager's): `scope` is device, db_role or
    /// staff. Returns how many locks were lifted.
    pub async fn unlock_logins(&self, scope: &str, key: &str) -> Result<i32> {
        Ok(sqlx::query_scalar("select api.unlock_logins($1, $2, $3)")
            .bind(self.session())
            .bind(scope)
            .bind(key)
            .fetch_one(&self.pool)
            .await?)
    }
}
