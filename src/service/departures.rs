//! Departures: the list and one departure (the core while it answers in
//! time, what was prepared here when it does not), and what only the server
//! does with them — the tours, adding a departure, the weather, cancelling a
//! whole departure (and, before asking, how many bookings that cancels).

use super::Service;
use crate::booking::{Departure, DepartureCancellation, NewDeparture, Tour, WeatherStatus};
use crate::domain::refund::CancelReason;
use crate::domain::{DepartureId, ManifestState};
use crate::field::{FieldStore, Result};
use chrono::{DateTime, Utc};
use std::collections::HashSet;

impl Service {
    /// Departures starting in [from, to); offline, every one prepared here.
    pub async fn departures(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<Departure>> {
        self.read(
            |c| async move { c.list_departures(from, to).await },
            FieldStore::listings,
        )
        .await
    }

    pub async fn departure(&self, id: DepartureId) -> Result<Departure> {
        self.read(|c| async move { c.departure(id).await }, |s| s.listing(id))
            .await
    }

    /// The operator's tours (for the add-departure form); the server's only:
    /// a departure is added there anyway.
    pub async fn tours(&self) -> Result<Vec<Tour>> {
        Ok(self.online()?.tours().await?)
    }

    /// A new departure; its id and whether it was new (not there already).
    pub async fn add_departure(&self, new: &NewDeparture) -> Result<(DepartureId, bool)> {
        Ok(self.online()?.add_departure(new).await?)
    }

    pub async fn set_weather(&self, departure: DepartureId, status: WeatherStatus, note: &str) -> Result<()> {
        Ok(self.online()?.set_weather(departure, status, note).await?)
    }

    /// The bookings a cancellation of `departure` would cancel (those not
    /// cancelled already), as the server knows them now: what the manager
    /// is asked to confirm. Not from the store: only the server cancels.
    pub async fn live_bookings(&self, departure: DepartureId) -> Result<usize> {
        let manifest = self.online()?.manifest(departure).await?;
        let live: HashSet<_> = manifest
            .rows
            .iter()
            .filter(|r| !matches!(r.state, ManifestState::Cancelled))
            .map(|r| r.booking_id)
            .collect();
        Ok(live.len())
    }

    /// Cancels the whole departure; the refunds are the server's (its rules
    /// for `reason`, its clock).
    pub async fn cancel_departure(
        &self,
        departure: DepartureId,
        reason: CancelReason,
        note: &str,
    ) -> Result<DepartureCancellation> {
        Ok(self.online()?.cancel_departure(departure, reason, note).await?)
    }
}
