//! Signed QR tickets: the payload, the signing key file, scanner input,
//! rendering, and reading codes from photos. No database here; the booking
//! core issues, verifies and checks tickets in.

pub mod corpus;
pub mod decode;
pub mod decode_bench;
pub mod input;
pub mod keys;
pub mod payload;
pub mod render;

pub use payload::{PayloadError, SignedTicket, TicketClaims, TicketKind};
