//! Resources and guides (migrations/0027_resources_guides.sql): what
//! carries a departure and who leads it.
//!
//! The rules live on the server, where every kiosk's sale meets them: a
//! resource's seats bound every departure it serves at overlapping times
//! together (sql/core/td_resource_room.sql, under the resources' row locks,
//! after the departure's), a guide leads one departure at a time (an
//! exclusion constraint), and a resource out of service on a day stops the
//! sales of the departures using it that day. The calls here carry only who
//! (the session), what, and the client's key.
//!
//! Who may: everything that changes resources or assignments is a
//! manager's (`Action::ManageDepartures`, as adding departures is); the
//! list is anyone's. The out-of-service answer lists the bookings to move,
//! with their contacts.

use super::{BookingError, Core, Result};
use crate::domain::{Action, DepartureId, ResourceKind};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The most seats a resource may have (the server's check too).
pub const MAX_RESOURCE_SEATS: u32 = 10_000;

/// A resource as added (also on a replay of the same key).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Resource {
    pub resource_id: i64,
    pub name: String,
    pub kind: ResourceKind,
    pub seats: i32,
    /// true when the key had been used for this request before
    pub replayed: bool,
}

/// A resource as listed: the departures still to come that use it and its
/// days out of service from today on.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct ResourceInfo {
    pub resource_id: i64,
    pub name: String,
    pub kind: ResourceKind,
    pub seats: i32,
    pub departures: Vec<i64>,
    pub out_of_service: Vec<NaiveDate>,
}

/// A resource's seats changed (or not: the same seats, changed = false).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct ResourceEdited {
    pub resource_id: i64,
    pub name: String,
    pub kind: ResourceKind,
    pub seats: i32,
    pub seats_before: i32,
    pub changed: bool,
    /// true when the key had been used for this request before
    pub replayed: bool,
}

/// A resource back in service on a day.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct InService {
    pub resource_id: i64,
    pub resource: String,
    pub day: NaiveDate,
    /// false: it was not out of service that day
    pub changed: bool,
    /// the departures using it that day: they sell again (unless another
    /// of their resources is out)
    pub departures: Vec<i64>,
}

/// A resource assigned to a departure, and the seats it leaves that
/// departure now (the smaller bound of the two decides its sales).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct ResourceAssigned {
    pub departure_id: i64,
    pub resource_id: i64,
    pub resource: String,
    pub seats: i32,
    pub free: Option<i32>,
    /// false: the departure had this resource already
    pub changed: bool,
    pub replayed: bool,
}

/// A resource taken off a departure.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct ResourceUnassigned {
    pub departure_id: i64,
    pub resource_id: i64,
    pub resource: String,
    /// false: the departure did not have it
    pub changed: bool,
}

/// A guide assigned to (or taken off) a departure.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct GuideAssigned {
    pub departure_id: i64,
    pub guide_id: i64,
    pub guide: String,
    /// false: nothing to do (already assigned, or not assigned)
    pub changed: bool,
    #[sqlx(default)]
    pub replayed: bool,
}

/// A booking on a departure whose resource is out of service: to move.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BookingToMove {
    pub booking_number: String,
    pub departure_id: i64,
    pub tour: String,
    pub starts_at: DateTime<Utc>,
    pub time_zone: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub seats: i64,
}

/// A resource out of service on a day, and what that stops.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Outage {
    pub resource_id: i64,
    pub resource: String,
    pub day: NaiveDate,
    /// false: it was out of service that day already
    pub created: bool,
    /// the departures using it that day: they sell nothing more
    pub departures: Vec<i64>,
    #[sqlx(json)]
    pub bookings: Vec<BookingToMove>,
}

impl Core {
    /// Adds a resource (a manager's). A name already taken is INVALID_INPUT.
    #[tracing::instrument(skip(self))]
    pub async fn add_resource(&self, name: &str, kind: ResourceKind, seats: u32, key: Uuid) -> Result<Resource> {
        self.allow(Action::ManageDepartures, "add resources")?;
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 200 {
            return Err(BookingError::invalid("resource name", "1 to 200 characters"));
        }
        if seats == 0 || seats > MAX_RESOURCE_SEATS {
            return Err(BookingError::invalid(
                "seats",
                format!("1 to {MAX_RESOURCE_SEATS} seats"),
            ));
        }
        self.resend(Some(key), || {
            sqlx::query_as::<_, Resource>("select * from api.resource_add($1, $2, $3, $4, $5)")
                .bind(self.session())
                .bind(name)
                .bind(kind.as_str())
                .bind(seats as i32)
                .bind(key)
                .fetch_one(&self.pool)
        })
        .await
    }

    /// Every resource, by name.
    #[tracing::instrument(skip(self))]
    pub async fn resources(&self) -> Result<Vec<ResourceInfo>> {
        Ok(sqlx::query_as("select * from api.resources($1)")
            .bind(self.session())
            .fetch_all(&self.pool)
            .await?)
    }

    /// The active guides' names, sorted: what a rule's guide is picked from.
    #[tracing::instrument(skip(self))]
    pub async fn guides(&self) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar("select name from api.guides($1)")
            .bind(self.session())
            .fetch_all(&self.pool)
            .await?)
    }

    /// Assigns a resource (by name) to a departure: RESOURCE_BUSY when its
    /// seats cannot carry the departure besides those it serves then,
    /// RESOURCE_OUT_OF_SERVICE on a day it is out of service.
    #[tracing::instrument(skip(self))]
    pub async fn assign_resource(&self, resource: &str, departure: DepartureId, key: Uuid) -> Result<ResourceAssigned> {
        self.allow(Action::ManageDepartures, "assign resources")?;
        let turn = self.gates.enter(departure).await;
        let done = self
            .resend(Some(key), || {
                sqlx::query_as::<_, ResourceAssigned>("select * from api.resource_assign($1, $2, $3, $4)")
                    .bind(self.session())
                    .bind(resource)
                    .bind(departure.0)
                    .bind(key)
                    .fetch_one(&self.pool)
            })
            .await?;
        drop(turn);
        Ok(done)
    }

    /// Takes a resource off a departure (nothing to do: changed = false).
    #[tracing::instrument(skip(self))]
    pub async fn unassign_resource(&self, resource: &str, departure: DepartureId) -> Result<ResourceUnassigned> {
        self.allow(Action::ManageDepartures, "unassign resources")?;
        let turn = self.gates.enter(departure).await;
        let done = self
            .resend(None, || {
                sqlx::query_as::<_, ResourceUnassigned>("select * from api.resource_unassign($1, $2, $3)")
                    .bind(self.session())
                    .bind(resource)
                    .bind(departure.0)
                    .fetch_one(&self.pool)
            })
            .await?;
        drop(turn);
        Ok(done)
    }

    /// Takes a resource out of service on a (local) day: the departures
    /// using it that day sell nothing more; their bookings come back to be
    /// moved.
    #[tracing::instrument(skip(self))]
    pub async fn resource_out_of_service(
        &self,
        resource: &str,
        day: NaiveDate,
        note: &str,
        key: Uuid,
    ) -> Result<Outage> {
        self.allow(Action::ManageDepartures, "take resources out of service")?;
        self.resend(Some(key), || {
            sqlx::query_as::<_, Outage>("select * from api.resource_out_of_service($1, $2, $3, $4, $5)")
                .bind(self.session())
                .bind(resource)
                .bind(day)
                .bind(note)
                .bind(key)
                .fetch_one(&self.pool)
        })
        .await
    }

    /// Changes a resource's seats (a manager's). Lowering them below what
    /// is taken at once on departures still to come is RESOURCE_BUSY
    /// (`BookingError::ResourceSeatsTaken`, listing those departures).
    #[tracing::instrument(skip(self))]
    pub async fn edit_resource(&self, resource: &str, seats: u32, key: Uuid) -> Result<ResourceEdited> {
        self.allow(Action::ManageDepartures, "edit resources")?;
        if seats == 0 || seats > MAX_RESOURCE_SEATS {
            return Err(BookingError::invalid(
                "seats",
                format!("1 to {MAX_RESOURCE_SEATS} seats"),
            ));
        }
        self.resend(Some(key), || {
            sqlx::query_as::<_, ResourceEdited>("select * from api.resource_edit($1, $2, $3, $4)")
                .bind(self.session())
                .bind(resource)
                .bind(seats as i32)
                .bind(key)
                .fetch_one(&self.pool)
        })
        .await
    }

    /// Returns a resource to service on a (local) day it was out of service:
    /// its departures that day sell again. Nothing to do: changed = false.
    #[tracing::instrument(skip(self))]
    pub async fn resource_in_service(&self, resource: &str, day: NaiveDate) -> Result<InService> {
        self.allow(Action::ManageDepartures, "return resources to service")?;
        self.resend(None, || {
            sqlx::query_as::<_, InService>("select * from api.resource_in_service($1, $2, $3)")
                .bind(self.session())
                .bind(resource)
                .bind(day)
                .fetch_one(&self.pool)
        })
        .await
    }

    /// Assigns a guide (a staff member with the role guide, by name) to a
    /// departure: GUIDE_BUSY when the guide leads another at an overlapping
    /// time.
    #[tracing::instrument(skip(self))]
    pub async fn assign_guide(&self, guide: &str, departure: DepartureId, key: Uuid) -> Result<GuideAssigned> {
        self.allow(Action::ManageDepartures, "assign guides")?;
        self.resend(Some(key), || {
            sqlx::query_as::<_, GuideAssigned>("select * from api.guide_assign($1, $2, $3, $4)")
                .bind(self.session())
                .bind(guide)
                .bind(departure.0)
                .bind(key)
                .fetch_one(&self.pool)
        })
        .await
    }

    /// Takes a guide off a departure (nothing to do: changed = false).
    #[tracing::instrument(skip(self))]
    pub async fn unassign_guide(&self, guide: &str, departure: DepartureId) -> Result<GuideAssigned> {
        self.allow(Action::ManageDepartures, "unassign guides")?;
        self.resend(None, || {
            sqlx::query_as::<_, GuideAssigned>("select * from api.guide_unassign($1, $2, $3)")
                .bind(self.session())
                .bind(guide)
                .bind(departure.0)
                .fetch_one(&self.pool)
        })
        .await
    }
}
