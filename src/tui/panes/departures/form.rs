//! The manager's two forms: a new departure, and the weather of one.

use super::Row;
use crate::booking::{NewDeparture, WeatherStatus};
use crate::domain::DepartureId;
use crate::domain::money::{Currency, MAX_PRICE_MINOR};
use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Tour,
    Date,
    Time,
    Capacity,
    Adult,
    Child,
    Meeting,
}

impl Field {
    pub const ALL: [Field; 7] = [
        Field::Tour,
        Field::Date,
        Field::Time,
        Field::Capacity,
        Field::Adult,
        Field::Child,
        Field::Meeting,
    ];
}

/// Why the form cannot be sent yet (shown next to the field).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormError {
    TourEmpty,
    BadDate,
    BadTime,
    /// the start is not in the future
    Past,
    BadCapacity,
    BadPrice,
    /// the operator's currency is not known here (a laptop started offline
    /// from a prepare older than the setting) and no departure was copied
    NoCurrency,
}

#[derive(Debug, Clone)]
pub struct AddForm {
    /// one text per `Field::ALL`
    pub values: [String; 7],
    pub focus: usize,
    pub error: Option<(Field, FormError)>,
    pub busy: bool,
    /// the copied departure's, else the operator's (`Ctx::currency`)
    pub currency: Option<Currency>,
    /// which known tour PgUp/PgDn showed last
    pub pick: Option<usize>,
    /// one per `Field::ALL`: the clerk has typed there. A value the form
    /// filled in is replaced by the first character typed, as a selected
    /// text is (typing "24.12" into the date gave "2026-12-0224.12").
    pub typed: [bool; 7],
}

/// Minor units as a clerk types major ones: `7500`, `7500.50`.
pub fn major(minor: i64) -> String {
    if minor % 100 == 0 {
        (minor / 100).to_string()
    } else {
        format!("{}.{:02}", minor / 100, minor % 100)
    }
}

impl AddForm {
    /// Tomorrow at 09:00 in the operator's zone; tour, capacity, prices,
    /// meeting point and currency copied from `like` (adding "one more like
    /// this" is the common case), else the operator's currency.
    pub fn new(like: Option<&Row>, now: DateTime<Utc>, tz: Tz, operator: Option<Currency>) -> AddForm {
        let tomorrow = now.with_timezone(&tz).date_naive() + TimeDelta::days(1);
        let mut form = AddForm {
            values: [
                String::new(),
                tomorrow.format("%Y-%m-%d").to_string(),
                "09:00".into(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ],
            focus: 0,
            error: None,
            busy: false,
            currency: operator,
            pick: None,
            typed: [false; 7],
        };
        form.values[Field::Tour as usize] = like.map(|r| r.dep.tour.clone()).unwrap_or_default();
        form.take_tour(like, operator);
        form
    }

    /// Capacity, prices, meeting point and currency from `like` (a
    /// departure of the tour in the tour field), else the defaults of a tour
    /// nobody knows: 16 seats and no prices, so that another tour's prices
    /// are never kept by mistake.
    pub fn take_tour(&mut self, like: Option<&Row>, operator: Option<Currency>) {
        let (capacity, adult, child, meeting, currency) = match like {
            Some(r) => (
                r.dep.capacity.to_string(),
                major(r.dep.adult_price_minor),
                major(r.dep.child_price_minor),
                r.dep.meeting_point.clone(),
                Currency::parse(&r.dep.currency).or(operator),
            ),
            None => ("16".into(), String::new(), String::new(), String::new(), operator),
        };
        for (f, v) in [
            (Field::Capacity, capacity),
            (Field::Adult, adult),
            (Field::Child, child),
            (Field::Meeting, meeting),
        ] {
            self.values[f as usize] = v;
            self.typed[f as usize] = false;
        }
        self.currency = currency;
    }

    pub fn field(&self) -> Field {
        Field::ALL[self.focus]
    }

    pub fn value(&self, f: Field) -> &str {
        &self.values[f as usize]
    }

    pub fn type_char(&mut self, c: char) {
        let f = self.field();
        let ok = match f {
            Field::Tour | Field::Meeting => !c.is_control(),
            Field::Date => c.is_ascii_digit() || c == '-' || c == '.',
            Field::Time => c.is_ascii_digit() || c == ':',
            Field::Capacity => c.is_ascii_digit(),
            Field::Adult | Field::Child => c.is_ascii_digit() || c == '.' || c == ',' || c == ' ',
        };
        if !ok {
            return;
        }
        if !std::mem::replace(&mut self.typed[f as usize], true) {
            self.values[f as usize].clear();
        }
        if self.values[f as usize].chars().count() < 120 {
            self.values[f as usize].push(c);
            self.error = None;
        }
    }

    /// Deletes the last character: a filled-in value is edited, not cleared.
    pub fn backspace(&mut self) {
        self.typed[self.focus] = true;
        self.values[self.focus].pop();
        self.error = None;
    }

    pub fn next(&mut self, step: i32) {
        let n = Field::ALL.len() as i32;
        self.focus = (self.focus as i32 + step).rem_euclid(n) as usize;
    }

    /// Steps through the known tours into the tour field; the name picked,
    /// whose capacity and prices the caller then takes (`take_tour`).
    pub fn pick_tour(&mut self, tours: &[String], step: i32) -> Option<String> {
        let i = next_tour(tours, self.pick, self.value(Field::Tour), step)?;
        self.pick = Some(i);
        self.values[Field::Tour as usize] = tours[i].clone();
        self.typed[Field::Tour as usize] = false;
        self.error = None;
        Some(tours[i].clone())
    }

    /// The departure to add, or the first field that is wrong.
    pub fn build(&self, now: DateTime<Utc>, tz: Tz) -> Result<NewDeparture, (Field, FormError)> {
        let tour = self.value(Field::Tour).trim();
        if tour.is_empty() {
            return Err((Field::Tour, FormError::TourEmpty));
        }
        let date = parse_date(self.value(Field::Date), now.with_timezone(&tz).date_naive())
            .ok_or((Field::Date, FormError::BadDate))?;
        let time = NaiveTime::parse_from_str(self.value(Field::Time).trim(), "%H:%M")
            .map_err(|_| (Field::Time, FormError::BadTime))?;
        // a local time that does not exist (a DST gap) is no time at all
        let starts_at = tz
            .from_local_datetime(&date.and_time(time))
            .earliest()
            .ok_or((Field::Time, FormError::BadTime))?
            .with_timezone(&Utc);
        if starts_at <= now {
            return Err((Field::Date, FormError::Past));
        }
        let capacity = parse_capacity(self.value(Field::Capacity)).ok_or((Field::Capacity, FormError::BadCapacity))?;
        let adult = parse_money(self.value(Field::Adult)).ok_or((Field::Adult, FormError::BadPrice))?;
        let child = parse_money(self.value(Field::Child)).ok_or((Field::Child, FormError::BadPrice))?;
        let currency = self.currency.ok_or((Field::Adult, FormError::NoCurrency))?;
        Ok(NewDeparture {
            tour: tour.to_string(),
            starts_at,
            time_zone: tz,
            capacity,
            adult_price_minor: adult,
            child_price_minor: child,
            currency: currency.to_string(),
            meeting_point: self.value(Field::Meeting).trim().to_string(),
        })
    }
}

/// The tour PgUp/PgDn shows next, as an index into `tours`: the one after
/// (`step` 1) or before (-1) the one shown last (`pick`), else the one
/// typed, else the first (the last, stepping back). None: no tours known.
/// The departure form and the schedule's rule form pick alike.
pub fn next_tour(tours: &[String], pick: Option<usize>, typed: &str, step: i32) -> Option<usize> {
    if tours.is_empty() {
        return None;
    }
    let n = tours.len() as i32;
    let i = match pick {
        Some(i) => (i as i32 + step).rem_euclid(n),
        None => tours
            .iter()
            .position(|t| t == typed)
            .map(|i| (i as i32 + step).rem_euclid(n))
            .unwrap_or(if step < 0 { n - 1 } else { 0 }),
    };
    Some(i as usize)
}

/// Seats as typed: a whole number from 1 to 1,000,000.
pub fn parse_capacity(s: &str) -> Option<u32> {
    s.trim().parse().ok().filter(|c| (1..=1_000_000).contains(c))
}

/// `2026-12-24`, `24.12.2026`, or `24.12` (this year, or next if that has passed).
pub fn parse_date(s: &str, today: NaiveDate) -> Option<NaiveDate> {
    let s = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(d);
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%d.%m.%Y") {
        return Some(d);
    }
    let (day, month) = s.split_once('.')?;
    let (day, month): (u32, u32) = (day.parse().ok()?, month.parse().ok()?);
    use chrono::Datelike;
    let this = NaiveDate::from_ymd_opt(today.year(), month, day)?;
    if this >= today {
        Some(this)
    } else {
        NaiveDate::from_ymd_opt(today.year() + 1, month, day)
    }
}

/// Major units as typed (`7500`, `7 500,50`, `7500.5`) to minor units.
pub fn parse_money(s: &str) -> Option<i64> {
    let s: String = s.chars().filter(|c| *c != ' ').collect();
    let s = s.replace(',', ".");
    if s.is_empty() {
        return None;
    }
    let (major, minor) = s.split_once('.').unwrap_or((&s, ""));
    if major.is_empty() || !major.bytes().all(|b| b.is_ascii_digit()) || major.len() > 12 {
        return None;
    }
    if minor.len() > 2 || !minor.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let minor = match minor.len() {
        0 => 0,
        1 => minor.parse::<i64>().ok()? * 10,
        _ => minor.parse::<i64>().ok()?,
    };
    let v = major.parse::<i64>().ok()?.checked_mul(100)?.checked_add(minor)?;
    (v <= MAX_PRICE_MINOR).then_some(v)
}

#[derive(Debug, Clone)]
pub struct WeatherForm {
    pub id: DepartureId,
    pub status: WeatherStatus,
    pub note: String,
    pub busy: bool,
}

impl WeatherForm {
    pub fn new(row: &Row) -> WeatherForm {
        WeatherForm {
            id: row.dep.id,
            status: row.dep.weather_status,
            note: row.dep.weather_note.clone(),
            busy: false,
        }
    }

    pub fn cycle(&mut self, step: i32) {
        const ALL: [WeatherStatus; 3] = [WeatherStatus::Ok, WeatherStatus::Watch, WeatherStatus::Danger];
        let i = ALL.iter().position(|s| *s == self.status).unwrap_or(0) as i32;
        self.status = ALL[(i + step).rem_euclid(3) as usize];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_in_major_units_becomes_minor() {
        assert_eq!(parse_money("7500"), Some(750_000));
        assert_eq!(parse_money("7 500,5"), Some(750_050));
        assert_eq!(parse_money("0.05"), Some(5));
        assert_eq!(parse_money(""), None);
        assert_eq!(parse_money("1.234"), None);
        assert_eq!(parse_money("-3"), None);
        assert_eq!(parse_money("9999999999999"), None);
    }

    #[test]
    fn the_next_tour_steps_from_the_last_shown_else_the_typed() {
        let tours: Vec<String> = ["Altai", "Baikal", "Kamchatka"].map(String::from).into();
        assert_eq!(next_tour(&[], None, "", 1), None);
        assert_eq!(next_tour(&tours, None, "", 1), Some(0));
        assert_eq!(next_tour(&tours, None, "", -1), Some(2));
        assert_eq!(next_tour(&tours, None, "Baikal", 1), Some(2));
        assert_eq!(next_tour(&tours, None, "Altai", -1), Some(2), "wraps");
        assert_eq!(next_tour(&tours, Some(2), "Altai", 1), Some(0), "the last shown wins");
    }

    #[test]
    fn capacity_is_a_whole_number_of_seats() {
        assert_eq!(parse_capacity(" 16 "), Some(16));
        assert_eq!(parse_capacity("0"), None);
        assert_eq!(parse_capacity("1000001"), None);
        assert_eq!(parse_capacity("12.5"), None);
    }

    #[test]
    fn dates_in_three_spellings() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(parse_date("2026-12-24", today), d(2026, 12, 24));
        assert_eq!(parse_date("24.12.2026", today), d(2026, 12, 24));
        assert_eq!(parse_date("24.12", today), d(2026, 12, 24));
        assert_eq!(parse_date("5.1", today), d(2027, 1, 5), "a passed day means next year");
        assert_eq!(parse_date("31.02", today), None);
    }
}
