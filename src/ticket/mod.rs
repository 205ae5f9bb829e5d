//! Signed QR tickets: the payload, the signing key file, scanner input,
//! rendering. No database here; the booking core issues, verifies and checks
//! tickets in.

pub mod input;
pub mod keys;
pub mod payload;
pub mod render;

pub use payload::{PayloadError, SignedTicket, TicketClaims, TicketKind};
