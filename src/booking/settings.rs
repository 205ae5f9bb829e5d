//! The operator's settings the server keeps (`operator_settings`, one row):
//! the check-in window and the time zone. The window was each caller's
//! argument before, so a modified kiosk could admit a ticket up to a day
//! early; now every api function reads it on the server, and a client only
//! shows it (the kiosk's "opens at") or takes it along (a field laptop's
//! prepare, whose offline verdicts use it until the next prepare).
//!
//! The time zone was a constant of the program (the demo operator's): it is
//! the fallback where no departure names a zone — the CLI's "today", a new
//! departure's zone, the kiosk's clock, a laptop's offline fallback.
//!
//! The currency was the literal "RUB" wherever none was given: it is what a
//! new departure is priced in by default (the CLI, the kiosk's add form),
//! what the stats say with no booking in range, and what a laptop takes
//! along. Departures and bookings keep their own.

use super::{BookingError, Core, Result, interval};
use crate::domain::Action;
use crate::domain::money::Currency;
use chrono_tz::Tz;
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

/// A zone name as the clients' IANA database reads it, or INVALID_INPUT.
fn zone(name: &str) -> Result<Tz> {
    name.parse().map_err(|_| {
        BookingError::invalid(
            "time zone",
            format!("{name:?} is not a time zone; use an IANA name such as Europe/Berlin or Asia/Kamchatka"),
        )
    })
}

impl Core {
    /// The operator's time zone: the fallback where no departure names one.
    pub async fn time_zone(&self) -> Result<Tz> {
        let name: String = sqlx::query_scalar("select api.time_zone($1)")
            .bind(self.session())
            .fetch_one(&self.pool)
            .await?;
        // the server knows a zone this program's database does not (newer
        // tzdata): say so rather than show times in a guessed zone
        name.parse().map_err(|_| {
            BookingError::invalid(
                "time zone",
                format!("the operator's zone {name:?} is unknown to this program; a manager sets another with `tourdesk time-zone ZONE`"),
            )
        })
    }

    /// Sets the operator's time zone (a manager's; an IANA name), audited
    /// as `settings.time_zone`. Returns whether it changed.
    pub async fn set_time_zone(&self, name: &str) -> Result<bool> {
        self.allow(Action::ManageDepartures, "change the time zone")?;
        let tz = zone(name.trim())?;
        let (_, changed): (String, bool) = sqlx::query_as("select * from api.set_time_zone($1, $2)")
            .bind(self.session())
            .bind(tz.name())
            .fetch_one(&self.pool)
            .await?;
        Ok(changed)
    }
}

/// A currency code as the clients type it (`eur` too), or INVALID_INPUT.
fn currency_code(code: &str) -> Result<Currency> {
    Currency::parse(&code.trim().to_ascii_uppercase()).ok_or_else(|| {
        BookingError::invalid(
            "currency",
            format!("{code:?} is not a currency; use a three-letter ISO 4217 code such as RUB or EUR"),
        )
    })
}

/// The operator's currency as the server keeps it; a code the table's check
/// lets through is always one, so a bad one is the server's fault, said so.
fn stored_currency(code: &str) -> Result<Currency> {
    Currency::parse(code).ok_or_else(|| {
        BookingError::invalid(
            "currency",
            format!("the operator's currency {code:?} is not a code; a manager sets it with `tourdesk currency CODE`"),
        )
    })
}

impl Core {
    /// The operator's currency: what a new departure is priced in when
    /// none is named.
    pub async fn currency(&self) -> Result<Currency> {
        let code: String = sqlx::query_scalar("select api.currency($1)")
            .bind(self.session())
            .fetch_one(&self.pool)
            .await?;
        stored_currency(&code)
    }

    /// Sets the operator's currency (a manager's; ISO 4217), audited as
    /// `settings.currency`. Returns whether it changed. No departure is
    /// repriced: each keeps its own currency and prices.
    pub async fn set_currency(&self, code: &str) -> Result<bool> {
        self.allow(Action::ManageDepartures, "change the currency")?;
        let c = currency_code(code)?;
        let (_, changed): (String, bool) = sqlx::query_as("select * from api.set_currency($1, $2)")
            .bind(self.session())
            .bind(c.as_str())
            .fetch_one(&self.pool)
            .await?;
        Ok(changed)
    }
}

/// The operator's currency read before anyone has logged in (a kiosk's
/// start: no session yet, so the table, not api.currency; the app role may
/// read that one column).
pub async fn operator_currency(pool: &sqlx::PgPool) -> Result<Currency> {
    let code: String = sqlx::query_scalar("select o.currency from operator_settings o")
        .fetch_one(pool)
        .await?;
    stored_currency(&code)
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

    #[test]
    fn zones_are_iana_names() {
        assert_eq!(zone("Asia/Kamchatka").unwrap(), chrono_tz::Asia::Kamchatka);
        assert_eq!(zone("UTC").unwrap(), chrono_tz::UTC);
        for bad in ["Mars/Olympus", "", "+12"] {
            assert_eq!(
                zone(bad).unwrap_err().code(),
                crate::domain::ErrorCode::InvalidInput,
                "{bad:?}"
            );
        }
    }

    #[test]
    fn currencies_are_three_letters_typed_either_case() {
        assert_eq!(currency_code("EUR").unwrap().as_str(), "EUR");
        assert_eq!(currency_code(" eur ").unwrap().as_str(), "EUR");
        for bad in ["", "EURO", "E1R", "€"] {
            assert_eq!(
                currency_code(bad).unwrap_err().code(),
                crate::domain::ErrorCode::InvalidInput,
                "{bad:?}"
            );
        }
    }
}
