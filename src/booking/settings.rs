//! The operator's settings the server keeps (`operator_settings`, one row):
//! today the check-in window. It was each caller's argument before, so a
//! modified kiosk could admit a ticket up to a day early; now every api
//! function reads it on the server, and a client only shows it (the kiosk's
//! "opens at") or takes it along (a field laptop's prepare, whose offline
//! verdicts use it until the next prepare).

use super::{BookingError, Core, Result, interval};
use crate::domain::Action;
use sqlx::postgres::types::PgInterval;
use std::time::Duration;

/// The widest check-in window: a day (the server's check says the same).
pub const MAX_CHECK_IN_WINDOW_MINUTES: u32 = 24 * 60;

/// An interval of days and microseconds (never months: the server refuses
/// windows over 24 hours) as a duration; a negative one, impossible by the
/// table's check, as zero.
fn duration(i: &PgInterval) -> Duration {
    let micros = i.microseconds + i64::from(i.days) * 86_400_000_000;
    Duration::from_micros(u64::try_from(micros).unwrap_or(0))
}

impl Core {
    /// How long before the start check-in opens: the operator's setting.
    pub async fn check_in_window(&self) -> Result<Duration> {
        let w: PgInterval = sqlx::query_scalar("select api.check_in_window($1)")
            .bind(self.session())
            .fetch_one(&self.pool)
            .await?;
        Ok(duration(&w))
    }

    /// Sets the check-in window (a manager's; 0 to 1 440 minutes), audited as
    /// `settings.check_in_window`. Returns whether it changed.
    pub async fn set_check_in_window(&self, minutes: u32) -> Result<bool> {
        self.allow(Action::ManageDepartures, "change the check-in window")?;
        if minutes > MAX_CHECK_IN_WINDOW_MINUTES {
            return Err(BookingError::invalid(
                "check-in window",
                format!(
                    "{minutes} minutes: check-in opens 0 to {MAX_CHECK_IN_WINDOW_MINUTES} minutes (24 hours) before the start"
                ),
            ));
        }
        let (_, changed): (PgInterval, bool) = sqlx::query_as("select * from api.set_check_in_window($1, $2)")
            .bind(self.session())
            .bind(interval(Duration::from_secs(u64::from(minutes) * 60)))
            .fetch_one(&self.pool)
            .await?;
        Ok(changed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_of_days_and_microseconds() {
        let i = |days, microseconds| PgInterval {
            months: 0,
            days,
            microseconds,
        };
        assert_eq!(duration(&i(0, 3 * 3_600_000_000)), Duration::from_secs(3 * 3600));
        assert_eq!(duration(&i(1, 0)), Duration::from_secs(86_400));
        assert_eq!(duration(&i(0, -5)), Duration::ZERO);
    }
}
