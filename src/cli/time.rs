//! Reading and showing times: timestamptz shown in the departure's zone,
//! or the operator's (`tourdesk time-zone`) where no departure is named.

use super::CliError;
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

pub fn parse_tz(s: &str) -> Result<Tz, CliError> {
    s.parse().map_err(|_| {
        CliError::Input(format!(
            "unknown time zone {s:?}; use an IANA name such as Asia/Kamchatka"
        ))
    })
}

/// RFC 3339, or a local "YYYY-MM-DD HH:MM" in `tz`.
pub fn parse_instant(s: &str, tz: Tz) -> Result<DateTime<Utc>, CliError> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s.trim()) {
        return Ok(t.with_timezone(&Utc));
    }
    for fmt in ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S"] {
        if let Ok(local) = NaiveDateTime::parse_from_str(s.trim(), fmt) {
            return tz
                .from_local_datetime(&local)
                .earliest()
                .map(|t| t.with_timezone(&Utc))
                .ok_or_else(|| CliError::Input(format!("{s} does not exist in {tz} (clock change)")));
        }
    }
    Err(CliError::Input(format!(
        "cannot read the time {s:?}; use RFC 3339 (2026-12-01T08:00:00+12:00) or \"2026-12-01 08:00\""
    )))
}

/// A day as given on the command line (YYYY-MM-DD).
pub fn date(s: &str) -> Result<NaiveDate, CliError> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| CliError::Input(format!("cannot read the date {s:?}; use YYYY-MM-DD")))
}

/// Start of a local date in `tz` (today when None).
pub fn day_start(date: Option<&str>, tz: Tz) -> Result<DateTime<Utc>, CliError> {
    let day = match date {
        Some(s) => self::date(s)?,
        None => Utc::now().with_timezone(&tz).date_naive(),
    };
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    Ok(tz
        .from_local_datetime(&midnight)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&midnight)))
}

/// "2026-11-24 08:00 +12" in the named zone (falls back to UTC).
pub fn show(t: DateTime<Utc>, zone: &str) -> String {
    match zone.parse::<Tz>() {
        Ok(tz) => t.with_timezone(&tz).format("%Y-%m-%d %H:%M %Z").to_string(),
        Err(_) => t.format("%Y-%m-%d %H:%M UTC").to_string(),
    }
}

/// RFC 3339 in the zone, for JSON.
pub fn rfc3339(t: DateTime<Utc>, zone: &str) -> String {
    match zone.parse::<Tz>() {
        Ok(tz) => t.with_timezone(&tz).to_rfc3339(),
        Err(_) => t.to_rfc3339(),
    }
}
