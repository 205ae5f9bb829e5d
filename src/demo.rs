//! Demo data (placeholder until the seeder lands).

use crate::booking::{BookingError, Core};
use chrono::{DateTime, Utc};

#[derive(Debug, serde::Serialize)]
pub struct DemoReport {}

pub async fn seed(_core: &Core, _now: DateTime<Utc>) -> Result<DemoReport, BookingError> {
    Err(BookingError::invalid("demo", "not implemented yet"))
}
