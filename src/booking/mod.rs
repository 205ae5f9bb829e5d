//! THE booking core. Every mutation is one PostgreSQL transaction — one call of
//! a server-side function (`sql/core/td_*.sql`) so that no client round trip
//! happens while a departure row is locked. No UI imports here, and no SQL
//! anywhere else in the crate but the benchmarks' own (src/bench: the old
//! NOWAIT design and its counts, on a bench database, never the product's).

mod attention;
mod audit;
mod book;
mod calendar;
mod cancel;
mod card;
mod catalog;
mod change;
mod checkin;
mod checkin_counts;
mod conflict;
#[cfg(test)]
pub(crate) mod conflict_samples;
mod departures;
mod error;
mod field;
mod field_replay;
mod find;
mod gate;
mod holds;
pub mod live;
mod money;
mod moves;
mod notify;
pub mod notify_details;
pub mod outcome;
mod pickups;
mod pricing;
mod rebook;
mod resources;
mod rollcall;
mod schedule_crew;
mod schedule_edit;
mod schedules;
mod settings;
mod shift_day;
mod shifts;
pub mod staff;
mod stats;
mod sweep;
mod telegram;
mod tickets;
mod waitlist;
mod weather;

pub use attention::{Attention, PersonalFlag};
pub use audit::{AuditAnchor, AuditProblem, AuditVerification, BrokenAuditRow};
pub use book::{BookRequest, Booking, ParticipantInput, ParticipantOut, Payment, PaymentMethod};
pub use calendar::{CalendarEvent, CalendarFeed, CalendarOf};
pub use cancel::{CancelQuote, Cancellation};
pub use card::{AuditLine, BookingCard, CheckInLine, Contact, Person, RemovedPerson, TicketLine};
pub use catalog::{Change, PricingRuleInfo, Tour};
pub use change::{BookingChanged, ContactChange, ParticipantChange, PartyChange};
pub use checkin::{
    Admission, CheckIn, CheckInMethod, CheckInRequest, CheckInSubject, CloseReport, EarlierCheckIn, Manifest,
    ManifestRow, UndoneCheckIn, Verdict, VerdictKind,
};
pub use conflict::{
    CheckInConflict, ClockConflict, ClockProblem, ConflictDetails, ConflictKind, EntryKind, FieldConflict, NotOut,
    PriceCause, PriceConflict, RawConflict, ReturnConflict, SaleFacts, ServerVerdict, StaffConflict, StaffEntry,
    StaffProblem, Unreadable, WalkInFailed, WalkInProblem,
};
pub use departures::{Availability, Departure, NewDeparture, next_time_zone};
pub use error::{BookingError, Conflict, Result};
pub use field::{
    Allotment, FieldBooking, FieldCheckIn, FieldDeparture, FieldEntry, FieldKey, FieldParticipant, FieldPrice,
    FieldReturn, FieldSale, FieldSnapshot, FieldStaff, SoldPerson,
};
pub use field_replay::Replayed;
pub use find::{DEFAULT_LIMIT as FIND_DEFAULT_LIMIT, Found, MAX_LIMIT as FIND_MAX_LIMIT};
pub use holds::Hold;
pub use money::{LedgerEntry, MoneyMoved, REFERENCE_MAX, REFUND_REASON_MAX};
pub use moves::{MoveQuote, MoveRequest, Moved};
pub use notify::{
    Claimed, Language, NotificationKind, NotifyStatus, OutboxMessage, OutboxStatus, QueuedMessage, RetryPolicy,
};
pub use pickups::{
    BookingPickup, MAX_PICKUP_MINUTES, PickupBookingToTell, PickupGroup, PickupListed, PickupManifest, PickupParty,
    PickupPoint, PickupRemoved, PickupStop, PickupTime,
};
pub use rebook::{PlannedParty, RebookMove, RebookOutcome, RebookParty, Resolution, Voucher};
pub use resources::{
    BookingToMove, GuideAssigned, InService, MAX_RESOURCE_SEATS, Outage, Resource, ResourceAssigned, ResourceEdited,
    ResourceInfo, ResourceUnassigned,
};
pub use rollcall::{
    EarlierReturn, MAX_RETURN_GRACE_MINUTES, MissingDeparture, ReturnOutcome, ReturnRequest, ReturnSubject, Returned,
    Rollcall, RollcallCounts, RollcallPerson, SyncedDevice,
};
pub use schedule_crew::{AssignmentFailure, ResourceOverlap, RuleStart, SlotCrew, SlotResource};
pub use schedules::{
    CancelledStart, DEFAULT_HORIZON_DAYS as DEFAULT_SCHEDULE_HORIZON_DAYS, DateAdded, DateSkipped, KeptStart,
    MAX_HORIZON_DAYS as MAX_SCHEDULE_HORIZON_DAYS, NewSchedule, PreviewSlot, Schedule, ScheduleAdded, ScheduleApplied,
    ScheduleEdit, ScheduleEdited, ShortSeats,
};
pub use settings::{MAX_CHECK_IN_WINDOW_MINUTES, operator_currency};
pub use shift_day::{DayShift, OutsideEntry, ShiftDay};
pub use shifts::{
    CASH_REASON_MAX, CashMoved, Denomination, ReportGroup, ReportMove, Shift, ShiftState, ShiftWritten, TallyLine,
    ZReport,
};
pub use stats::{DayTourOccupancy, Stats};
pub use sweep::SweepReport;
pub use telegram::TelegramOutcome;
pub use tickets::{CodeInspection, IssuedTicket, TicketKey};
pub use waitlist::WaitlistEntry;
pub use weather::{Alternative, DepartureCancellation, WeatherStatus};

use crate::domain::{Action, DeviceId, Role, StaffId};
use sqlx::PgPool;
use std::sync::Arc;
use std::time::Duration;

/// Who is acting, from which device, as the server decided at login. Every
/// audit row names the session. The role here only greys out what the UI
/// offers: the server checks every call against the session's own role.
#[derive(Clone)]
pub struct Actor {
    pub staff: Option<StaffId>,
    pub staff_name: String,
    pub role: Role,
    pub device: DeviceId,
    pub device_name: String,
    pub source: Source,
    /// the session token: what every api call sends instead of an identity
    session: String,
    pub session_id: i64,
    /// the schema owner acting without a PIN (migrations' role)
    pub owner: bool,
}

impl std::fmt::Debug for Actor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Actor")
            .field("staff", &self.staff)
            .field("staff_name", &self.staff_name)
            .field("role", &self.role)
            .field("device", &self.device_name)
            .field("session_id", &self.session_id)
            .field("owner", &self.owner)
            .finish_non_exhaustive()
    }
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

    pub fn device_kind(self) -> &'static str {
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
}

impl Default for CoreConfig {
    fn default() -> Self {
        CoreConfig {
            offer_ttl: Duration::from_secs(10 * 60),
            max_hold_total: Duration::from_secs(2 * 3600),
            in_flight_per_departure: 2,
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

impl std::fmt::Debug for Core {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Core")
            .field("actor", &self.actor)
            .finish_non_exhaustive()
    }
}

impl Core {
    fn from_session(pool: PgPool, s: staff::SessionRow, device_name: &str, source: Source, owner: bool) -> Core {
        Core {
            pool,
            actor: Arc::new(Actor {
                staff: s.staff_id.map(StaffId),
                staff_name: s.staff_name.unwrap_or_default(),
                role: s.role.as_deref().and_then(Role::parse).unwrap_or(Role::Guide),
                device: DeviceId(s.device_id.unwrap_or(0)),
                device_name: device_name.to_string(),
                source,
                session: s.token.unwrap_or_default(),
                session_id: s.session_id.unwrap_or(0),
                owner,
            }),
            config: Arc::new(CoreConfig::default()),
            pricing: Arc::new(pricing::PricingCache::default()),
            gates: Arc::new(gate::Gates::new(CoreConfig::default().in_flight_per_departure)),
            keys: Arc::new(tickets::KeyCache::default()),
        }
    }

    /// Logs in with a PIN, checked by the server (`api.login`): a session
    /// bound to `device_name`. Naming the staff member checks only their PIN
    /// and counts failures against them too. WRONG_PIN, LOGIN_THROTTLED and
    /// LOCKED_OUT say how long to wait.
    pub async fn login(
        pool: PgPool,
        device_name: &str,
        source: Source,
        pin: &str,
        staff_name: Option<&str>,
    ) -> Result<Core> {
        let s = staff::login(&pool, device_name, source.device_kind(), pin, staff_name).await?;
        Ok(Core::from_session(pool, s, device_name, source, false))
    }

    /// The schema owner's session (no PIN: whoever may run this may rewrite
    /// the tables anyway), acting as a manager, audited as an owner session.
    /// Refused to an application role.
    pub async fn owner(pool: PgPool, device_name: &str, source: Source) -> Result<Core> {
        let s = staff::owner_session(&pool, device_name, source.device_kind()).await?;
        Ok(Core::from_session(pool, s, device_name, source, true))
    }

    /// The owner's CLI core, audited as device "cli" (scripts and tests run
    /// as the schema owner; `cli::auth` decides for the real CLI).
    pub async fn cli(pool: PgPool) -> Result<Core> {
        Core::owner(pool, "cli", Source::Cli).await
    }

    /// Ends this session on the server (logout, the kiosk's lock).
    pub async fn logout(&self, reason: &str) -> Result<()> {
        sqlx::query("select api.logout($1, $2)")
            .bind(self.session())
            .bind(reason)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The session token every api call sends.
    fn session(&self) -> &str {
        &self.actor.session
    }

    pub fn with_config(mut self, config: CoreConfig) -> Core {
        self.gates = Arc::new(gate::Gates::new(config.in_flight_per_departure));
        self.config = Arc::new(config);
        self
    }

    pub fn actor(&self) -> &Actor {
        &self.actor
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
}

fn interval(d: Duration) -> sqlx::postgres::types::PgInterval {
    sqlx::postgres::types::PgInterval {
        months: 0,
        days: 0,
        microseconds: d.as_micros() as i64,
    }
}
