//! Occupancy: departures with how many are checked in, for the gauges of
//! today's departures (and the dashboard's). From the core while it answers
//! in time; when it does not, what this laptop knows of the departures it
//! prepared (the counts then include its own offline check-ins, not other
//! devices' since the prepare).

use super::Service;
use crate::booking::{Core, Departure};
use crate::domain::DepartureId;
use crate::field::{FieldStore, Result};
use chrono::{DateTime, Utc};

/// Departures with their accepted check-ins (a departure nobody boarded
/// yet is listed with 0).
#[derive(Debug, Clone, Default)]
pub struct Occupancy {
    pub departures: Vec<Departure>,
    pub checked_in: Vec<(DepartureId, i64)>,
}

impl Service {
    /// Departures starting in [from, to) with their check-in counts.
    pub async fn occupancy(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Occupancy> {
        self.read(
            |c| async move { online(&c, from, to).await },
            |s| {
                let departures: Vec<Departure> = s
                    .listings()?
                    .into_iter()
                    .filter(|d| d.starts_at >= from && d.starts_at < to)
                    .collect();
                let ids: Vec<DepartureId> = departures.iter().map(|d| d.id).collect();
                Ok(Occupancy {
                    checked_in: offline_counts(s, &ids)?,
                    departures,
                })
            },
        )
        .await
    }

    /// The check-in counts of `departures` (offline, of those prepared here).
    pub async fn checked_in_counts(&self, departures: &[DepartureId]) -> Result<Vec<(DepartureId, i64)>> {
        let ids = departures.to_vec();
        self.read(
            |c| async move { c.checked_in_counts(&ids).await },
            |s| offline_counts(s, departures),
        )
        .await
    }
}

async fn online(core: &Core, from: DateTime<Utc>, to: DateTime<Utc>) -> crate::booking::Result<Occupancy> {
    let departures = core.list_departures(from, to).await?;
    let ids: Vec<_> = departures.iter().map(|d| d.id).collect();
    let checked_in = core.checked_in_counts(&ids).await?;
    Ok(Occupancy { departures, checked_in })
}

/// Admitted people per prepared departure, as this laptop's manifest has
/// them; a departure not prepared here is left out (nothing is known of it).
fn offline_counts(store: &FieldStore, departures: &[DepartureId]) -> Result<Vec<(DepartureId, i64)>> {
    let mut counts = Vec::new();
    for &id in departures.iter().filter(|&&id| store.has_departure(id)) {
        counts.push((id, store.manifest(id)?.admitted as i64));
    }
    Ok(counts)
}
