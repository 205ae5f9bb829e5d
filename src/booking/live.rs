//! What other kiosks changed, as PostgreSQL tells it (LISTEN/NOTIFY on the
//! channels the triggers of migrations 0001, 0005, 0007 and 0029 notify), and the
//! health ping behind the kiosk's ONLINE / OFFLINE.

use crate::domain::DepartureId;
use sqlx::PgPool;
use sqlx::postgres::{PgListener, PgNotification};

/// A departure's seats, status, weather or waitlist changed.
pub const DEPARTURE_CHANGED: &str = "departure_changed";
/// A departure's check-ins, no-shows or check-in closing changed.
pub const CHECK_IN_CHANGED: &str = "check_in_changed";
/// A departure's return roll-call changed: a return recorded, or people
/// became missing (announced once by the sweep).
pub const ROLLCALL_CHANGED: &str = "rollcall_changed";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Departure(DepartureId),
    CheckIns(DepartureId),
    Rollcall(DepartureId),
}

impl Change {
    /// The change a notification reports; None for a payload that is not ours.
    pub fn of(n: &PgNotification) -> Option<Change> {
        let id = DepartureId(n.payload().parse().ok()?);
        match n.channel() {
            DEPARTURE_CHANGED => Some(Change::Departure(id)),
            CHECK_IN_CHANGED => Some(Change::CheckIns(id)),
            ROLLCALL_CHANGED => Some(Change::Rollcall(id)),
            _ => None,
        }
    }
}

/// A listener on every channel, on a connection of its own.
pub async fn subscribe(pool: &PgPool) -> Result<PgListener, sqlx::Error> {
    let mut listener = PgListener::connect_with(pool).await?;
    listener
        .listen_all([DEPARTURE_CHANGED, CHECK_IN_CHANGED, ROLLCALL_CHANGED])
        .await?;
    Ok(listener)
}

/// One trivial round trip: the database answers.
pub async fn ping(pool: &PgPool) -> Result<(), sqlx::Error> {
    sqlx::query("select 1").execute(pool).await.map(|_| ())
}
