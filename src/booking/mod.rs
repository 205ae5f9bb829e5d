//! THE booking core. Every mutation is one PostgreSQL transaction — one call of
//! a server-side function (migrations/0002, 0003) so that no client round trip
//! happens while a departure row is locked. No UI imports here, and no SQL
//! anywhere else in the crate.

mod audit;
mod book;
mod cancel;
mod catalog;
mod checkin;
mod checkin_counts;
mod departures;
mod error;
mod field;
mod field_replay;
mod gate;
mod holds;
pub mod legacy;
pub mod live;
mod pricing;
pub mod staff;
mod stats;
mod sweep;
mod tickets;
mod waitlist;
mod weather;

pub use audit::{AuditAnchor, AuditProblem, AuditVerification, BrokenAuditRow};
pub use book::{BookRequest, Booking, ParticipantInput, ParticipantOut, Payment, PaymentMethod};
pub use cancel::Cancellation;
pub use catalog::{Change, PricingRuleInfo, Tour};
pub use checkin::{
    Admission, CheckIn, CheckInMethod, CheckInRequest, CheckInSubject, CloseReport, EarlierCheckIn, Manifest,
    ManifestRow, UndoneCheckIn, Verdict,
};
pub use departures::{Availability, Departure, NewDeparture};
pub use error::{BookingError, Result};
pub use field::{
    Allotment, FieldBooking, FieldCheckIn, FieldDeparture, FieldEntry, FieldKey, FieldParticipant, FieldPrice,
    FieldSale, FieldSnapshot, FieldStaff,
};
pub use field_replay::{FieldConflict, Replayed};
pub use holds::Hold;
pub use stats::{DayTourOccupancy, Stats};
pub use sweep::SweepReport;
pub use tickets::{CodeInspection, IssuedTicket, TicketKey};
pub use waitlist::WaitlistEntry;
pub use weather::{Alternative, DepartureCancellation, WeatherStatus};

use crate::domain::{Action, DeviceId, Role, StaffId};
use sqlx::PgPool;
use std::sync::Arc;
use std::time::Duration;

/// Who is acting, from which device. Every audit row names both.
#[derive(Debug, Clone)]
pub struct Actor {
    pub staff: Option<StaffId>,
    pub staff_name: String,
    pub role: Role,
    pub device: DeviceId,
    pub device_name: String,
    pub source: Source,
}

/// Where a booking was made; stored on the booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Desk,
    Field,
    Cli,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Desk => "desk",
            Source::Field => "field",
            Source::Cli => "cli",
        }
    }

    fn device_kind(self) -> &'static str {
        match self {
            Source::Desk => "kiosk",
            Source::Field => "field",
            Source::Cli => "cli",
        }
    }
}

#[derive(Debug, Clone)]
pub struct CoreConfig {
    /// How long a waitlist offer holds its seats.
    pub offer_ttl: Duration,
    /// A hold may be extended up to this long after it was created.
    pub max_hold_total: Duration,
    /// Mutations of one departure this process sends to the database at once
    /// (the rest queue in-process; see gate.rs). 0: no limit.
    pub in_flight_per_departure: usize,
    /// How long before departure check-in opens (earlier scans: "too early").
    pub check_in_window: Duration,
}

impl Default for CoreConfig {
    fn default() -> Self {
        CoreConfig {
            offer_ttl: Duration::from_secs(10 * 60),
            max_hold_total: Duration::from_secs(2 * 3600),
            in_flight_per_departure: 2,
            check_in_window: Duration::from_secs(3 * 3600),
        }
    }
}

pub const HOLD_TTL_DEFAULT_MINUTES: u32 = 15;
pub const HOLD_TTL_MIN_MINUTES: u32 = 5;
pub const HOLD_TTL_MAX_MINUTES: u32 = 30;

/// A handle on the core for one actor. Cheap to clone.
#[derive(Clone)]
pub struct Core {
    pool: PgPool,
    actor: Arc<Actor>,
    config: Arc<CoreConfig>,
    pricing: Arc<pricing::PricingCache>,
    gates: Arc<gate::Gates>,
    keys: Arc<tickets::KeyCache>,
}

impl Core {
    /// Registers (or finds) the device and acts as `staff` with `role` from it.
    pub async fn new(
        pool: PgPool,
        device_name: &str,
        source: Source,
        staff: Option<(StaffId, String)>,
        role: Role,
    ) -> Result<Core> {
        let device = staff::register_device(&pool, device_name, source.device_kind()).await?;
        let (staff, staff_name) = match staff {
            Some((id, name)) => (Some(id), name),
            None => (None, String::new()),
        };
        Ok(Core {
            pool,
            actor: Arc::new(Actor {
                staff,
                staff_name,
                role,
                device,
                device_name: device_name.to_string(),
                source,
            }),
            config: Arc::new(CoreConfig::default()),
            pricing: Arc::new(pricing::PricingCache::default()),
            gates: Arc::new(gate::Gates::new(CoreConfig::default().in_flight_per_departure)),
            keys: Arc::new(tickets::KeyCache::default()),
        })
    }

    /// The scriptable CLI: trusted like a manager, audited as device "cli".
    pub async fn cli(pool: PgPool) -> Result<Core> {
        Core::new(pool, "cli", Source::Cli, None, Role::Manager).await
    }

    pub fn with_config(mut self, config: CoreConfig) -> Core {
        self.gates = Arc::new(gate::Gates::new(config.in_flight_per_departure));
        self.config = Arc::new(config);
        self
    }

    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// How long before departure check-in opens.
    pub fn check_in_window(&self) -> Duration {
        self.config.check_in_window
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    fn allow(&self, action: Action, what: &str) -> Result<()> {
        if self.actor.role.may(action) {
            Ok(())
        } else {
            Err(BookingError::Forbidden {
                role: self.actor.role.as_str(),
                action: what.to_string(),
            })
        }
    }

    fn staff_id(&self) -> Option<i64> {
        self.actor.staff.map(|s| s.0)
    }

    fn device_id(&self) -> i64 {
        self.actor.device.0
    }

    fn offer_ttl(&self) -> sqlx::postgres::types::PgInterval {
        interval(self.config.offer_ttl)
    }
}

fn interval(d: Duration) -> sqlx::postgres::types::PgInterval {
    sqlx::postgres::types::PgInterval {
        months: 0,
        days: 0,
        microseconds: d.as_micros() as i64,
    }
}
