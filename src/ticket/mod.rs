//! Tickets: reading QR codes from photos (no database I/O here).

pub mod corpus;
pub mod decode;
pub mod decode_bench;
