//! Staff (argon2 PIN hashes) and devices.

use super::{BookingError, Core, Result};
use crate::domain::{DeviceId, Role, StaffId};
use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};
use serde::Serialize;
use sqlx::PgPool;

pub(super) async fn register_device(pool: &PgPool, name: &str, kind: &str) -> Result<DeviceId> {
    if name.trim().is_empty() {
        return Err(BookingError::invalid("device", "the device name is empty"));
    }
    let id: i64 = sqlx::query_scalar(
        "insert into devices (name, kind) values ($1, $2)
         on conflict (name) do update set last_seen_at = now()
         returning id",
    )
    .bind(name)
    .bind(kind)
    .fetch_one(pool)
    .await?;
    Ok(DeviceId(id))
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

/// PINs are 4–8 digits.
pub fn validate_pin(pin: &str) -> Result<()> {
    if (4..=8).contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(BookingError::invalid("pin", "a PIN is 4 to 8 digits"))
    }
}

pub fn hash_pin(pin: &str) -> Result<String> {
    validate_pin(pin)?;
    Argon2::default()
        .hash_password(pin.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| BookingError::invalid("pin", format!("could not hash: {e}")))
}

pub fn pin_matches(pin: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| Argon2::default().verify_password(pin.as_bytes(), &h).is_ok())
        .unwrap_or(false)
}

impl Core {
    /// Adds a staff member, or updates role and PIN of one with that name.
    #[tracing::instrument(skip(self, pin))]
    pub async fn upsert_staff(&self, name: &str, role: Role, pin: &str) -> Result<StaffId> {
        self.allow(crate::domain::Action::ManageDepartures, "manage staff")?;
        upsert_staff(&self.pool, name, role, pin, self.staff_id(), self.device_id()).await
    }

    pub async fn list_staff(&self) -> Result<Vec<StaffMember>> {
        Ok(
            sqlx::query_as("select id, name, role, active from staff order by role, name")
                .fetch_all(&self.pool)
                .await?,
        )
    }
}

pub(crate) async fn upsert_staff(
    pool: &PgPool,
    name: &str,
    role: Role,
    pin: &str,
    by: Option<i64>,
    device: i64,
) -> Result<StaffId> {
    let name = name.trim();
    if name.is_empty() {
        return Err(BookingError::invalid("name", "the staff name is empty"));
    }
    let hash = hash_pin(pin)?;
    let mut tx = pool.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "insert into staff (name, role, pin_hash) values ($1, $2, $3)
         on conflict (name) do update set role = excluded.role, pin_hash = excluded.pin_hash, active = true
         returning id",
    )
    .bind(name)
    .bind(role.as_str())
    .bind(&hash)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query(
        "insert into audit_log (staff_id, device_id, action, details)
         values ($1, $2, 'staff.upserted', jsonb_build_object('staff_id', $3::bigint, 'name', $4::text, 'role', $5::text))",
    )
    .bind(by)
    .bind(device)
    .bind(id)
    .bind(name)
    .bind(role.as_str())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(StaffId(id))
}

/// Finds the active staff member whose PIN this is (for the kiosk's login).
pub async fn login(pool: &PgPool, pin: &str) -> Result<Option<StaffMember>> {
    validate_pin(pin)?;
    let rows: Vec<(i64, String, String, String)> =
        sqlx::query_as("select id, name, role, pin_hash from staff where active order by id")
            .fetch_all(pool)
            .await?;
    Ok(rows
        .into_iter()
        .find(|(_, _, _, hash)| pin_matches(pin, hash))
        .map(|(id, name, role, _)| StaffMember {
            id: StaffId(id),
            name,
            role,
            active: true,
        }))
}
