//! The manager's numbers (the dashboard): the server's only — they are over
//! every desk's sales, which this laptop's store does not have.

use super::Service;
use crate::booking::Stats;
use crate::field::Result;
use chrono::{DateTime, Utc};

impl Service {
    /// Occupancy per day and tour, revenue, refunds and cancellations of the
    /// departures starting in [from, to).
    pub async fn stats(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Stats> {
        Ok(self.online()?.stats(from, to).await?)
    }
}
