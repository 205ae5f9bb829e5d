//! Pure types and rules: no I/O, no imports from the other layers.

pub mod audit_action;
pub mod codes;
pub mod error_code;
pub mod ids;
pub mod money;
pub mod party;
pub mod pricing;
pub mod refund;
pub mod role;
pub mod schedule;
pub mod states;

pub use audit_action::AuditAction;
pub use error_code::ErrorCode;
pub use ids::*;
pub use money::Money;
pub use party::{Party, PartyError};
pub use role::{Action, Role};
pub use states::{
    AdmissionMethod, BookingChangeKind, BookingStatus, CashMoveKind, CheckInMethod, CheckInStatus, CrewKind,
    DenominationKind, DepartureStatus, HoldStatus, LedgerKind, ManifestState, MoveReason, NotifyChannel,
    ParticipantKind, PaymentMethod, PaymentStatus, RebookStatus, ResourceKind, ReturnState, RollcallState,
    ScheduleSlot, SearchMatch, ShiftStatus, UnknownState, WaitlistStatus, WeatherStatus,
};
