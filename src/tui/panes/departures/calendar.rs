//! The month calendar's arithmetic: how full each day is, and the grid.

use super::Row;
use crate::domain::DepartureStatus;
use crate::tui::theme;
use chrono::{Datelike, Months, NaiveDate, TimeDelta};
use ratatui::style::Color;
use std::collections::BTreeMap;

/// Seats of one local day's departures (cancelled ones left out).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DayLoad {
    pub departures: u32,
    pub booked: i64,
    pub capacity: i64,
}

impl DayLoad {
    pub fn percent(&self) -> Option<i64> {
        (self.capacity > 0).then(|| self.booked * 100 / self.capacity)
    }
}

pub fn day_loads(rows: &[Row]) -> BTreeMap<NaiveDate, DayLoad> {
    let mut days: BTreeMap<NaiveDate, DayLoad> = BTreeMap::new();
    for r in rows
        .iter()
        .filter(|r| !matches!(r.dep.status, DepartureStatus::Cancelled))
    {
        let d = days.entry(r.local.date()).or_default();
        d.departures += 1;
        d.booked += i64::from(r.dep.booked);
        d.capacity += i64::from(r.dep.capacity);
    }
    days
}

/// Green under 60 %, yellow under 90 %, red from 90 % (or full); `None`
/// for a day without departures.
pub fn day_colour(load: Option<&DayLoad>) -> Option<Color> {
    let pct = load?.percent()?;
    Some(if pct >= 90 {
        theme::FULL
    } else if pct >= 60 {
        theme::HELD
    } else {
        theme::FREE
    })
}

/// The month's weeks, Monday first; days of other months are `None`.
pub fn weeks(month: NaiveDate) -> Vec<[Option<NaiveDate>; 7]> {
    let first = month.with_day(1).unwrap_or(month);
    let lead = first.weekday().num_days_from_monday() as i64;
    let mut out = Vec::with_capacity(6);
    let mut start = first - TimeDelta::days(lead);
    while out.is_empty() || start.month() == first.month() {
        let mut week = [None; 7];
        for (i, slot) in week.iter_mut().enumerate() {
            let d = start + TimeDelta::days(i as i64);
            if d.month() == first.month() {
                *slot = Some(d);
            }
        }
        out.push(week);
        start += TimeDelta::days(7);
    }
    out
}

/// The same day `n` months on (clamped to the month's end).
pub fn add_months(day: NaiveDate, n: i32) -> NaiveDate {
    let r = if n >= 0 {
        day.checked_add_months(Months::new(n as u32))
    } else {
        day.checked_sub_months(Months::new(n.unsigned_abs()))
    };
    r.unwrap_or(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn december_2026_has_five_weeks_from_tuesday() {
        let w = weeks(NaiveDate::from_ymd_opt(2026, 12, 17).unwrap());
        assert_eq!(w.len(), 5);
        assert_eq!(w[0][0], None, "1 December 2026 is a Tuesday");
        assert_eq!(w[0][1], NaiveDate::from_ymd_opt(2026, 12, 1));
        assert_eq!(w[4][3], NaiveDate::from_ymd_opt(2026, 12, 31));
        assert_eq!(w[4][4], None);
    }

    #[test]
    fn thresholds() {
        let l = |booked, capacity| DayLoad {
            departures: 1,
            booked,
            capacity,
        };
        assert_eq!(day_colour(None), None);
        assert_eq!(day_colour(Some(&l(59, 100))), Some(theme::FREE));
        assert_eq!(day_colour(Some(&l(60, 100))), Some(theme::HELD));
        assert_eq!(day_colour(Some(&l(90, 100))), Some(theme::FULL));
        assert_eq!(day_colour(Some(&l(0, 0))), None);
    }

    #[test]
    fn months_clamp_to_the_end() {
        let d = NaiveDate::from_ymd_opt(2027, 1, 31).unwrap();
        assert_eq!(add_months(d, 1), NaiveDate::from_ymd_opt(2027, 2, 28).unwrap());
        assert_eq!(add_months(d, -2), NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
    }
}
