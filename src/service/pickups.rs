//! Pickup points for the kiosk's walk-in (booking::pickups): the stops a
//! sale on a departure may offer, with their times for that departure. The
//! server keeps the points and an offline sale takes no pickup (the field
//! journal has none), so offline there is nothing to offer: an empty list,
//! as for a tour without pickups — the walk-in then asks nothing.

use super::Service;
use crate::booking::PickupStop;
use crate::domain::DepartureId;
use crate::field::Result;

impl Service {
    /// The active pickup points of `departure`'s tour in route order, each
    /// with its instant for that departure; none offline or when the tour
    /// has no pickups.
    pub async fn pickup_points(&self, departure: DepartureId) -> Result<Vec<PickupStop>> {
        match self.core() {
            Some(core) => Ok(core.pickup_points(departure).await?),
            None => Ok(Vec::new()),
        }
    }
}
