//! The core's errors: one enum with stable codes ([`ErrorCode`]) and messages
//! a desk clerk understands. Server-side functions raise `P0001` with the
//! code's wire word as message and a JSON detail, parsed once here; named
//! constraints map to the same codes.

use crate::domain::{ErrorCode, PartyError};
use serde_json::Value;

#[derive(Debug, thiserror::Error)]
pub enum BookingError {
    #[error("not enough seats: {requested} asked for, {free} free")]
    SoldOut { requested: i64, free: i64 },
    #[error("hold {hold} has expired; its seats were given back — start a new hold")]
    HoldExpired { hold: i64 },
    #[error("hold {hold} is {status}, not active")]
    HoldNotActive { hold: i64, status: String },
    #[error("hold {hold} cannot be extended further (at most {max_minutes} minutes in all)")]
    HoldLimit { hold: i64, max_minutes: i64 },
    #[error("{what}{} not found", if id.is_empty() { String::new() } else { format!(" {id}") })]
    NotFound { what: String, id: String },
    #[error("invalid party: {0}")]
    InvalidParty(#[from] PartyError),
    #[error("invalid {field}: {message}")]
    InvalidInput { field: &'static str, message: String },
    #[error("the departure is busy (lock wait timed out); try again")]
    LockTimeout,
    #[error("a {role} may not {action}")]
    Forbidden { role: &'static str, action: String },
    #[error("departure {departure} is cancelled")]
    DepartureCancelled { departure: i64 },
    #[error("sales for departure {departure} are closed: it has started or check-in is closed")]
    SalesClosed { departure: i64 },
    /// The server's price differs from the one shown (`shown`, `now` in
    /// minor units; 0 when a server of an older version named no figure).
    #[error("the price changed while you were booking: {} shown, {} now; quote again and show the new price",
        crate::domain::money::show(*shown, currency), crate::domain::money::show(*now, currency))]
    PriceChanged { shown: i64, now: i64, currency: String },
    #[error("this request key was already used for a different request{}",
        if booking_number.is_empty() { String::new() } else { format!(" (booking {booking_number})") })]
    IdempotencyConflict { booking_number: String },
    #[error("{free} seat(s) are free on this departure: book instead of joining the waitlist")]
    SeatsAvailable { free: i64 },
    #[error("booking {booking_number} is cancelled")]
    BookingCancelled { booking_number: String },
    #[error("{}", if *balance_minor == 0 {
        format!("booking {booking_number} owes nothing: it is paid in full")
    } else {
        format!("booking {booking_number} owes {}: take at most that",
            crate::domain::money::show(*balance_minor, currency))
    })]
    ExceedsBalance {
        booking_number: String,
        balance_minor: i64,
        currency: String,
    },
    #[error("{}", if *refundable_minor == 0 {
        format!("booking {booking_number} holds no money to refund (nothing paid, or all refunded)")
    } else {
        format!("at most {} of booking {booking_number} can be refunded (paid less refunded): refund that or less",
            crate::domain::money::show(*refundable_minor, currency))
    })]
    ExceedsRefundable {
        booking_number: String,
        refundable_minor: i64,
        currency: String,
    },
    #[error(
        "voucher {code} is in {currency} and the booking in {booking_currency}: a voucher pays only in its own \
             currency — take cash, card (with the slip number) or a transfer (with its reference)"
    )]
    VoucherNotAccepted {
        code: String,
        currency: String,
        booking_currency: String,
    },
    #[error("voucher {code} expired at {expires_at}: take cash, card or a transfer")]
    VoucherExpired { code: String, expires_at: String },
    #[error("{}", if *remaining_minor == 0 {
        format!("voucher {code} is spent (nothing left on it): take cash, card or a transfer")
    } else {
        format!("voucher {code} has {} left: take at most that from it and the rest another way",
            crate::domain::money::show(*remaining_minor, currency))
    })]
    VoucherInsufficient {
        code: String,
        remaining_minor: i64,
        currency: String,
    },
    #[error(
        "booking {booking_number} waits to be rebooked after its departure was cancelled for weather: \
             resolve it with `rebook refund`, `rebook credit` or a move, not a cancel"
    )]
    RebookPending { booking_number: String },
    #[error("booking {booking_number} is not waiting to be rebooked ({}): nothing to do",
        match status.as_str() {
            "none" | "" => "its departure was not cancelled for weather".to_string(),
            s => format!("already {s}"),
        })]
    NotToRebook { booking_number: String, status: String },
    #[error(
        "participant {participant} is the last person of booking {booking_number}: cancel the booking instead (`tourdesk cancel {booking_number}`)"
    )]
    LastPerson { booking_number: String, participant: i64 },
    /// Assigning a resource whose seats, at some instant of the departure's
    /// time, cannot carry this departure's seats besides those of the
    /// departures it serves then (`conflicts`, each with its departure id).
    #[error("{resource} ({seats} seats) cannot also serve departure {departure}: {taken} seat(s) taken there, {free} left              by departure(s) {} at that time",
        conflicts.iter().map(|c| c.departure_id.to_string()).collect::<Vec<_>>().join(", "))]
    ResourceBusy {
        resource: String,
        seats: i64,
        departure: i64,
        taken: i64,
        free: i64,
        conflicts: Vec<Conflict>,
    },
    /// Lowering a resource's seats below what is taken at once on the
    /// departures still to come that it serves (`conflicts`): RESOURCE_BUSY
    /// too, told apart by the server's `new_seats`.
    #[error("{resource} cannot go down from {seats} to {new_seats} seats: {needed} are taken at once on departure(s) {} — move or cancel bookings there first, or keep at least {needed} seats",
        conflicts.iter().map(|c| format!("{} ({}, {})", c.departure_id, c.tour, c.starts_at.format("%Y-%m-%d %H:%M UTC"))).collect::<Vec<_>>().join(", "))]
    ResourceSeatsTaken {
        resource: String,
        seats: i64,
        new_seats: i64,
        needed: i64,
        conflicts: Vec<Conflict>,
    },
    /// Assigning a guide who leads `conflict` at an overlapping time.
    #[error("{guide} already leads departure {} ({}, {} to {}): not also departure {departure}",
        conflict.departure_id, conflict.tour, conflict.starts_at, conflict.ends_at)]
    GuideBusy {
        guide: String,
        departure: i64,
        conflict: Conflict,
    },
    #[error(
        "{resource} is out of service on {day}: departure {departure} sells nothing more (move its bookings, or              assign another resource)"
    )]
    ResourceOutOfService {
        resource: String,
        day: String,
        departure: i64,
    },
    /// A pickup point that is not an active one of the departure's tour.
    #[error("pickup point {pickup} is not a pickup of {} (departure {departure}){}: choose one of its points (`tourdesk pickup list --tour NAME`)",
        if tour.is_empty() { "this tour".to_string() } else { tour.clone() },
        if tour.is_empty() { "" } else { ", or it was removed" })]
    PickupNotOnTour { pickup: i64, departure: i64, tour: String },
    /// A shift write on a device with no open shift.
    #[error("no shift is open on {}: open one with `tourdesk shift open --float MINOR` (on this device)",
        if device.is_empty() { "this device" } else { device.as_str() })]
    NoOpenShift { device: String },
    /// Opening a shift where one is open.
    #[error("shift {shift} is open on {device} already (opened by {} at {opened_at}): close it \
             (`tourdesk shift close --count VALUE=N …`) before opening another",
        if opened_by.is_empty() { "the owner" } else { opened_by.as_str() })]
    ShiftAlreadyOpen {
        shift: i64,
        device: String,
        opened_by: String,
        opened_at: String,
    },
    /// Approving a shift not yet closed and counted.
    #[error(
        "shift {shift} is still open on {device}: close it there with the drawer's count \
             (`tourdesk shift close --count VALUE=N …`), then approve it"
    )]
    ShiftNotClosed { shift: i64, device: String },
    /// Anything that would change an approved shift (or approve it again).
    #[error(
        "shift {shift} is approved (Z-report {z_number}) and can never change: \
             correct it with an entry in an open shift; print it with `tourdesk shift report {shift}`"
    )]
    ShiftApproved { shift: i64, z_number: i64 },
    /// A counted value that is none of the currency's notes and coins.
    #[error("{} is not a {currency} note or coin: count one of {}",
        crate::domain::money::show(*value_minor, currency),
        denominations.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", "))]
    UnknownDenomination {
        currency: String,
        value_minor: i64,
        denominations: Vec<i64>,
    },
    /// Not checked in (on `departure`, when the server named one: a return
    /// of someone who did not go out on it).
    #[error("participant {participant} is not checked in{}",
        if *departure == 0 { String::new() } else { format!(" on departure {departure}") })]
    NotCheckedIn { participant: i64, departure: i64 },
    #[error("participant {participant} is already checked in (at {at}{}); undo the check-in first",
        if device.is_empty() { String::new() } else { format!(" on {device}") })]
    AlreadyCheckedIn {
        participant: i64,
        at: String,
        device: String,
    },
    #[error("check-in of departure {departure} opens at {opens_at}; close it earlier only with --force")]
    CheckInNotOpen { departure: i64, opens_at: String },
    #[error("ticket key {key} is retired: run `tourdesk keys rotate` to make a new signing key")]
    KeyRetired { key: i64 },
    /// No key file on this machine, or one the server does not know:
    /// printing never makes or registers a key.
    #[error("{}", if *unregistered {
        "this machine has no ticket-signing key the server knows (its key file is not registered): \
         a manager runs `tourdesk keys new --replace` here (once)"
    } else {
        "this machine has no ticket-signing key: a manager runs `tourdesk keys new` here (once)"
    })]
    NoSigningKey { unregistered: bool },
    #[error("invalid {field}: {message}")]
    Rejected { field: String, message: String },
    #[error("log in first: this needs a session (a PIN; for scripts TOURDESK_PIN, or run as the schema owner)")]
    AuthRequired,
    #[error("the session has ended ({reason}): log in again with your PIN")]
    SessionExpired { reason: String },
    #[error("wrong PIN{}", match (failures, wait_seconds) {
        (_, 0) => String::new(),
        (n, w) => format!(" ({n} failed attempts): wait {w} s before the next try"),
    })]
    WrongPin { failures: u32, wait_seconds: u32 },
    #[error("too many wrong PINs: wait {seconds} s before the next try")]
    LoginThrottled { seconds: u32 },
    #[error("logins here are locked after 10 wrong PINs: wait {} min or ask a manager to unlock (`tourdesk staff unlock`)", seconds.div_ceil(60))]
    LockedOut { seconds: u32 },
    #[error("this device has been revoked: a manager must register it again")]
    DeviceRevoked,
    #[error("the database is not reachable: {0}")]
    Unavailable(String),
    /// The connection broke after a request may have been sent: for a read
    /// nothing changed; a write goes through [`crate::booking`]'s retry with
    /// its key and ends as [`BookingError::OutcomeUnknown`] if it stays lost.
    #[error("the connection to the database broke before its answer arrived: {0}")]
    ConnectionLost(String),
    #[error("the outcome is unknown: the request{} was sent but the connection broke before the answer, \
             {attempts} time(s) ({cause}); it may have been done. {}",
        key.map(|k| format!(" (key {k})")).unwrap_or_default(),
        if key.is_some() {
            "Retry with the same key: whatever was done is returned, nothing is done twice"
        } else {
            "Run it again: a second attempt returns the first one's outcome"
        })]
    OutcomeUnknown {
        /// the idempotency key (or check-in event id) to retry with; None for
        /// writes idempotent by themselves (a cancel)
        key: Option<uuid::Uuid>,
        attempts: u32,
        cause: String,
    },
    #[error("database error: {0}")]
    Database(sqlx::Error),
}

impl BookingError {
    /// Stable code for scripts and the JSON contract.
    pub fn code(&self) -> ErrorCode {
        match self {
            BookingError::SoldOut { .. } => ErrorCode::SoldOut,
            BookingError::HoldExpired { .. } => ErrorCode::HoldExpired,
            BookingError::HoldNotActive { .. } => ErrorCode::HoldNotActive,
            BookingError::HoldLimit { .. } => ErrorCode::HoldLimit,
            BookingError::NotFound { .. } => ErrorCode::NotFound,
            BookingError::InvalidParty(_) => ErrorCode::InvalidParty,
            BookingError::InvalidInput { .. } => ErrorCode::InvalidInput,
            BookingError::LockTimeout => ErrorCode::LockTimeout,
            BookingError::Forbidden { .. } => ErrorCode::Forbidden,
            BookingError::DepartureCancelled { .. } => ErrorCode::DepartureCancelled,
            BookingError::SalesClosed { .. } => ErrorCode::SalesClosed,
            BookingError::PriceChanged { .. } => ErrorCode::PriceChanged,
            BookingError::IdempotencyConflict { .. } => ErrorCode::IdempotencyConflict,
            BookingError::SeatsAvailable { .. } => ErrorCode::SeatsAvailable,
            BookingError::BookingCancelled { .. } => ErrorCode::BookingCancelled,
            BookingError::ExceedsBalance { .. } => ErrorCode::ExceedsBalance,
            BookingError::ExceedsRefundable { .. } => ErrorCode::ExceedsRefundable,
            BookingError::VoucherNotAccepted { .. } => ErrorCode::VoucherNotAccepted,
            BookingError::VoucherExpired { .. } => ErrorCode::VoucherExpired,
            BookingError::VoucherInsufficient { .. } => ErrorCode::VoucherInsufficient,
            BookingError::RebookPending { .. } => ErrorCode::RebookPending,
            BookingError::NotToRebook { .. } => ErrorCode::NotToRebook,
            BookingError::LastPerson { .. } => ErrorCode::LastPerson,
            BookingError::ResourceBusy { .. } | BookingError::ResourceSeatsTaken { .. } => ErrorCode::ResourceBusy,
            BookingError::GuideBusy { .. } => ErrorCode::GuideBusy,
            BookingError::ResourceOutOfService { .. } => ErrorCode::ResourceOutOfService,
            BookingError::PickupNotOnTour { .. } => ErrorCode::PickupNotOnTour,
            BookingError::NoOpenShift { .. } => ErrorCode::NoOpenShift,
            BookingError::ShiftAlreadyOpen { .. } => ErrorCode::ShiftAlreadyOpen,
            BookingError::ShiftNotClosed { .. } => ErrorCode::ShiftNotClosed,
            BookingError::ShiftApproved { .. } => ErrorCode::ShiftApproved,
            BookingError::UnknownDenomination { .. } => ErrorCode::UnknownDenomination,
            BookingError::NotCheckedIn { .. } => ErrorCode::NotCheckedIn,
            BookingError::AlreadyCheckedIn { .. } => ErrorCode::AlreadyCheckedIn,
            BookingError::KeyRetired { .. } => ErrorCode::KeyRetired,
            BookingError::NoSigningKey { .. } => ErrorCode::NoSigningKey,
            BookingError::CheckInNotOpen { .. } => ErrorCode::CheckInNotOpen,
            BookingError::Rejected { .. } => ErrorCode::InvalidInput,
            BookingError::AuthRequired => ErrorCode::AuthRequired,
            BookingError::SessionExpired { .. } => ErrorCode::SessionExpired,
            BookingError::WrongPin { .. } => ErrorCode::WrongPin,
            BookingError::LoginThrottled { .. } => ErrorCode::LoginThrottled,
            BookingError::LockedOut { .. } => ErrorCode::LockedOut,
            BookingError::DeviceRevoked => ErrorCode::DeviceRevoked,
            BookingError::Unavailable(_) | BookingError::ConnectionLost(_) => ErrorCode::DbUnavailable,
            BookingError::OutcomeUnknown { .. } => ErrorCode::OutcomeUnknown,
            BookingError::Database(_) => ErrorCode::Database,
        }
    }

    /// No answer from the database (unreachable, connection lost, or a
    /// write's outcome unknown): worth trying offline or later, with the
    /// same key.
    pub fn no_answer(&self) -> bool {
        matches!(
            self,
            BookingError::Unavailable(_) | BookingError::ConnectionLost(_) | BookingError::OutcomeUnknown { .. }
        )
    }

    /// The key a caller must retry with, when this error carries one.
    pub fn retry_key(&self) -> Option<uuid::Uuid> {
        match self {
            BookingError::OutcomeUnknown { key, .. } => *key,
            _ => None,
        }
    }

    pub fn not_found(what: &str, id: impl ToString) -> BookingError {
        BookingError::NotFound {
            what: what.to_string(),
            id: id.to_string(),
        }
    }

    pub fn invalid(field: &'static str, message: impl Into<String>) -> BookingError {
        BookingError::InvalidInput {
            field,
            message: message.into(),
        }
    }

    /// Extra machine-readable facts for the JSON contract (e.g. `free` on SOLD_OUT).
    pub fn details(&self) -> Value {
        match self {
            BookingError::SoldOut { requested, free } => serde_json::json!({"requested": requested, "free": free}),
            BookingError::SeatsAvailable { free } => serde_json::json!({ "free": free }),
            BookingError::IdempotencyConflict { booking_number } => {
                serde_json::json!({ "booking_number": booking_number })
            }
            BookingError::WrongPin { failures, wait_seconds } => {
                serde_json::json!({ "failures": failures, "retry_after_seconds": wait_seconds })
            }
            BookingError::LoginThrottled { seconds } | BookingError::LockedOut { seconds } => {
                serde_json::json!({ "retry_after_seconds": seconds })
            }
            BookingError::ExceedsBalance {
                balance_minor,
                currency,
                ..
            } => serde_json::json!({ "balance_minor": balance_minor, "currency": currency }),
            BookingError::ExceedsRefundable {
                refundable_minor,
                currency,
                ..
            } => serde_json::json!({ "refundable_minor": refundable_minor, "currency": currency }),
            BookingError::VoucherInsufficient {
                remaining_minor,
                currency,
                ..
            } => serde_json::json!({ "remaining_minor": remaining_minor, "currency": currency }),
            BookingError::VoucherExpired { expires_at, .. } => serde_json::json!({ "expires_at": expires_at }),
            BookingError::NotToRebook { status, .. } => serde_json::json!({ "status": status }),
            BookingError::ResourceBusy {
                resource,
                seats,
                departure,
                taken,
                free,
                conflicts,
            } => serde_json::json!({
                "resource": resource, "seats": seats, "departure_id": departure, "taken": taken, "free": free,
                "conflicts": conflicts,
            }),
            BookingError::ResourceSeatsTaken {
                resource,
                seats,
                new_seats,
                needed,
                conflicts,
            } => serde_json::json!({
                "resource": resource, "seats": seats, "new_seats": new_seats, "needed": needed,
                "conflicts": conflicts,
            }),
            BookingError::GuideBusy {
                guide,
                departure,
                conflict,
            } => serde_json::json!({ "guide": guide, "departure_id": departure, "conflict": conflict }),
            BookingError::ResourceOutOfService {
                resource,
                day,
                departure,
            } => serde_json::json!({ "resource": resource, "day": day, "departure_id": departure }),
            BookingError::NotCheckedIn { participant, departure } if *departure != 0 => {
                serde_json::json!({ "participant_id": participant, "departure_id": departure })
            }
            BookingError::PickupNotOnTour {
                pickup,
                departure,
                tour,
            } => serde_json::json!({ "pickup_point_id": pickup, "departure_id": departure, "tour": tour }),
            BookingError::NoOpenShift { device } => serde_json::json!({ "device": device }),
            BookingError::ShiftAlreadyOpen {
                shift,
                device,
                opened_by,
                opened_at,
            } => serde_json::json!({
                "shift_id": shift, "device": device, "opened_by": opened_by, "opened_at": opened_at,
            }),
            BookingError::ShiftNotClosed { shift, device } => {
                serde_json::json!({ "shift_id": shift, "device": device })
            }
            BookingError::ShiftApproved { shift, z_number } => {
                serde_json::json!({ "shift_id": shift, "z_number": z_number })
            }
            BookingError::UnknownDenomination {
                currency,
                value_minor,
                denominations,
            } => serde_json::json!({
                "currency": currency, "value_minor": value_minor, "denominations": denominations,
            }),
            BookingError::OutcomeUnknown { key, attempts, .. } => {
                serde_json::json!({ "key": key, "attempts": attempts })
            }
            _ => Value::Null,
        }
    }
}

fn int(d: &Value, k: &str) -> i64 {
    d.get(k).and_then(Value::as_i64).unwrap_or(0)
}

fn text(d: &Value, k: &str) -> String {
    match d.get(k) {
        Some(Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
        None => String::new(),
    }
}

impl From<sqlx::Error> for BookingError {
    fn from(e: sqlx::Error) -> BookingError {
        match &e {
            sqlx::Error::Database(db) => {
                let pg = db.try_downcast_ref::<sqlx::postgres::PgDatabaseError>();
                match db.code().as_deref() {
                    Some("P0001") => {
                        let detail: Value = pg
                            .and_then(|p| p.detail())
                            .and_then(|d| serde_json::from_str(d).ok())
                            .unwrap_or(Value::Null);
                        from_raised(db.message(), &detail).unwrap_or(BookingError::Database(e))
                    }
                    // lock wait, deadlock victim, statement timeout: busy, try again
                    Some("55P03" | "40P01" | "57014") => BookingError::LockTimeout,
                    Some("23514") => match db.constraint() {
                        Some("departures_booked_within_capacity" | "departures_held_within_capacity") => {
                            BookingError::SoldOut { requested: 0, free: 0 }
                        }
                        Some(c) if c.ends_with("_party") => BookingError::InvalidParty(PartyError::Empty),
                        Some(c) => BookingError::invalid("value", format!("rejected by rule {c}")),
                        None => BookingError::Database(e),
                    },
                    Some("23503") => BookingError::not_found(referenced(db.constraint().unwrap_or("")), ""),
                    // the server ended the session (shutdown, terminated, link failure):
                    // whatever was in flight may or may not have committed
                    Some("57P01" | "57P02" | "08006" | "08003") => {
                        BookingError::ConnectionLost(db.message().to_string())
                    }
                    // refused while connecting: nothing was sent
                    Some("57P03" | "53300" | "08001" | "08004") => BookingError::Unavailable(db.message().to_string()),
                    _ => BookingError::Database(e),
                }
            }
            _ => match super::outcome::transport(&e) {
                Some(super::outcome::Transport::NotSent) => BookingError::Unavailable(e.to_string()),
                Some(super::outcome::Transport::Lost) => BookingError::ConnectionLost(e.to_string()),
                None => BookingError::Database(e),
            },
        }
    }
}

/// What a foreign key `<table>_<column>_fkey` points at, in words.
fn referenced(constraint: &str) -> &'static str {
    [
        ("hold_id", "hold"),
        ("staff_id", "staff member"),
        ("device_id", "device"),
        ("tour_id", "tour"),
        ("booking_id", "booking"),
        ("waitlist_entry_id", "waitlist entry"),
        ("participant_id", "participant"),
        ("departure_id", "departure"),
        ("guide_id", "guide"),
    ]
    .iter()
    .find(|(col, _)| constraint.contains(col))
    .map_or("referenced record", |(_, what)| what)
}

/// A code raised by a database function (`td_raise`): the message is the
/// code's wire word, parsed once here, and the detail carries its facts.
/// Anything else keeps its database error.
fn from_raised(message: &str, d: &Value) -> Option<BookingError> {
    Some(match ErrorCode::parse(message)? {
        ErrorCode::SoldOut => BookingError::SoldOut {
            requested: int(d, "requested"),
            free: int(d, "free"),
        },
        ErrorCode::HoldExpired => BookingError::HoldExpired {
            hold: int(d, "hold_id"),
        },
        ErrorCode::HoldNotActive => BookingError::HoldNotActive {
            hold: int(d, "hold_id"),
            status: text(d, "status"),
        },
        ErrorCode::HoldLimit => BookingError::HoldLimit {
            hold: int(d, "hold_id"),
            max_minutes: d.get("max_minutes").and_then(Value::as_f64).unwrap_or(0.0) as i64,
        },
        ErrorCode::NotFound => BookingError::NotFound {
            what: text(d, "what"),
            id: text(d, "id"),
        },
        ErrorCode::DepartureCancelled => BookingError::DepartureCancelled {
            departure: int(d, "departure_id"),
        },
        ErrorCode::SalesClosed => BookingError::SalesClosed {
            departure: int(d, "departure_id"),
        },
        ErrorCode::PriceChanged => BookingError::PriceChanged {
            shown: int(d, "expected_total_minor"),
            now: int(d, "total_minor"),
            currency: text(d, "currency"),
        },
        ErrorCode::InvalidInput => BookingError::Rejected {
            field: text(d, "field"),
            message: text(d, "problem"),
        },
        ErrorCode::Forbidden => BookingError::Forbidden {
            role: crate::domain::Role::parse(&text(d, "role")).map_or("caller", crate::domain::Role::as_str),
            action: match text(d, "action") {
                a if a.is_empty() => text(d, "what"),
                a => a,
            },
        },
        ErrorCode::AuthRequired => BookingError::AuthRequired,
        ErrorCode::NoSigningKey => BookingError::NoSigningKey {
            unregistered: text(d, "reason") == "unregistered",
        },
        ErrorCode::SessionExpired => BookingError::SessionExpired {
            reason: text(d, "reason"),
        },
        ErrorCode::DeviceRevoked => BookingError::DeviceRevoked,
        ErrorCode::IdempotencyConflict => BookingError::IdempotencyConflict {
            booking_number: text(d, "booking_number"),
        },
        ErrorCode::SeatsAvailable => BookingError::SeatsAvailable { free: int(d, "free") },
        ErrorCode::BookingCancelled => BookingError::BookingCancelled {
            booking_number: text(d, "booking_number"),
        },
        ErrorCode::CheckInNotOpen => BookingError::CheckInNotOpen {
            departure: int(d, "departure_id"),
            opens_at: text(d, "opens_at"),
        },
        ErrorCode::ExceedsBalance => BookingError::ExceedsBalance {
            booking_number: text(d, "booking_number"),
            balance_minor: int(d, "balance_minor"),
            currency: text(d, "currency"),
        },
        ErrorCode::ExceedsRefundable => BookingError::ExceedsRefundable {
            booking_number: text(d, "booking_number"),
            refundable_minor: int(d, "refundable_minor"),
            currency: text(d, "currency"),
        },
        ErrorCode::VoucherNotAccepted => BookingError::VoucherNotAccepted {
            code: text(d, "code"),
            currency: text(d, "currency"),
            booking_currency: text(d, "booking_currency"),
        },
        ErrorCode::VoucherExpired => BookingError::VoucherExpired {
            code: text(d, "code"),
            expires_at: text(d, "expires_at"),
        },
        ErrorCode::VoucherInsufficient => BookingError::VoucherInsufficient {
            code: text(d, "code"),
            remaining_minor: int(d, "remaining_minor"),
            currency: text(d, "currency"),
        },
        ErrorCode::RebookPending => BookingError::RebookPending {
            booking_number: text(d, "booking_number"),
        },
        ErrorCode::NotToRebook => BookingError::NotToRebook {
            booking_number: text(d, "booking_number"),
            status: text(d, "status"),
        },
        ErrorCode::LastPerson => BookingError::LastPerson {
            booking_number: text(d, "booking_number"),
            participant: int(d, "participant_id"),
        },
        ErrorCode::ResourceBusy if d.get("new_seats").is_some() => BookingError::ResourceSeatsTaken {
            resource: text(d, "resource"),
            seats: int(d, "seats"),
            new_seats: int(d, "new_seats"),
            needed: int(d, "needed"),
            conflicts: d
                .get("conflicts")
                .and_then(|c| serde_json::from_value(c.clone()).ok())
                .unwrap_or_default(),
        },
        ErrorCode::ResourceBusy => BookingError::ResourceBusy {
            resource: text(d, "resource"),
            seats: int(d, "seats"),
            departure: int(d, "departure_id"),
            taken: int(d, "taken"),
            free: int(d, "free"),
            conflicts: d
                .get("conflicts")
                .and_then(|c| serde_json::from_value(c.clone()).ok())
                .unwrap_or_default(),
        },
        ErrorCode::GuideBusy => BookingError::GuideBusy {
            guide: text(d, "guide"),
            departure: int(d, "departure_id"),
            conflict: d
                .get("conflict")
                .and_then(|c| serde_json::from_value(c.clone()).ok())
                .unwrap_or_default(),
        },
        ErrorCode::ResourceOutOfService => BookingError::ResourceOutOfService {
            resource: text(d, "resource"),
            day: text(d, "day"),
            departure: int(d, "departure_id"),
        },
        ErrorCode::PickupNotOnTour => BookingError::PickupNotOnTour {
            pickup: int(d, "pickup_point_id"),
            departure: int(d, "departure_id"),
            tour: text(d, "tour"),
        },
        ErrorCode::NoOpenShift => BookingError::NoOpenShift {
            device: text(d, "device"),
        },
        ErrorCode::ShiftAlreadyOpen => BookingError::ShiftAlreadyOpen {
            shift: int(d, "shift_id"),
            device: text(d, "device"),
            opened_by: text(d, "opened_by"),
            opened_at: text(d, "opened_at"),
        },
        ErrorCode::ShiftNotClosed => BookingError::ShiftNotClosed {
            shift: int(d, "shift_id"),
            device: text(d, "device"),
        },
        ErrorCode::ShiftApproved => BookingError::ShiftApproved {
            shift: int(d, "shift_id"),
            z_number: int(d, "z_number"),
        },
        ErrorCode::UnknownDenomination => BookingError::UnknownDenomination {
            currency: text(d, "currency"),
            value_minor: int(d, "value_minor"),
            denominations: d
                .get("denominations")
                .and_then(|c| serde_json::from_value(c.clone()).ok())
                .unwrap_or_default(),
        },
        ErrorCode::NotCheckedIn => BookingError::NotCheckedIn {
            participant: int(d, "participant_id"),
            departure: int(d, "departure_id"),
        },
        ErrorCode::AlreadyCheckedIn => BookingError::AlreadyCheckedIn {
            participant: int(d, "participant_id"),
            at: text(d, "at"),
            device: text(d, "device"),
        },
        // made by the client, never raised by a database function
        ErrorCode::InvalidParty
        | ErrorCode::Usage
        | ErrorCode::WrongPin
        | ErrorCode::LoginThrottled
        | ErrorCode::LockedOut
        | ErrorCode::KeyRetired
        | ErrorCode::TicketFiles
        | ErrorCode::PrinterUnavailable
        | ErrorCode::LockTimeout
        | ErrorCode::Busy
        | ErrorCode::DbUnavailable
        | ErrorCode::OutcomeUnknown
        | ErrorCode::Database
        | ErrorCode::NotPrepared
        | ErrorCode::NoAllotment
        | ErrorCode::AllotmentExhausted
        | ErrorCode::NoPrice
        | ErrorCode::ClockSkew
        | ErrorCode::FieldStore
        | ErrorCode::FieldSealed
        | ErrorCode::NotSynced
        | ErrorCode::ShortPin
        | ErrorCode::AuditChainBroken => return None,
    })
}

/// A departure an assignment conflicts with (RESOURCE_BUSY, GUIDE_BUSY): the
/// server's JSON, typed once here.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Conflict {
    pub departure_id: i64,
    pub tour: String,
    pub starts_at: chrono::DateTime<chrono::Utc>,
    pub ends_at: chrono::DateTime<chrono::Utc>,
    /// seats booked on it (RESOURCE_BUSY)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booked: Option<i64>,
}

pub type Result<T, E = BookingError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code a database function raises (`td_raise('CODE', …)` in
    /// sql/) is one the client reads back into its own error, not a bare
    /// DATABASE error.
    #[test]
    fn every_code_the_database_raises_is_read_back() {
        let mut raised = std::collections::BTreeSet::new();
        let mut dirs = vec![std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/sql"))];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "sql") {
                    let body = std::fs::read_to_string(&path).unwrap();
                    for part in body.split("td_raise('").skip(1) {
                        raised.insert(part.split('\'').next().unwrap_or_default().to_string());
                    }
                }
            }
        }
        assert!(raised.len() > 10, "found only {raised:?}");
        for word in &raised {
            let e = from_raised(word, &Value::Null).unwrap_or_else(|| panic!("{word} is not read back"));
            assert_eq!(e.code().as_str(), word, "{word} reads back as {e:?}");
        }
    }
}
