//! The rule form, for a new rule and (prefilled) for an edit: tour, days
//! as toggles, times, dates, capacity, prices in major units, meeting
//! point, the guide and the resources. Each field is one `Field`: a new
//! one is a variant, a label in the strings and a line in `build`.
//!
//! The guide and the resources are picked, never typed: from the active
//! guides and the resources the server lists (`Crew`), so a name the
//! server would refuse cannot be sent by a typo. An edit sends them only
//! when they differ from the rule's (as every other field), since a new
//! crew reaches the rule's unsold departures.

use super::super::form::{major, next_tour, parse_capacity, parse_date, parse_money};
use crate::booking::{NewSchedule, Schedule, ScheduleEdit};
use crate::domain::ScheduleId;
use crate::domain::money::Currency;
use crate::domain::schedule::parse_times;
use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, Utc};
use chrono_tz::Tz;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Tour,
    Days,
    Times,
    From,
    To,
    Capacity,
    Adult,
    Child,
    Meeting,
    Guide,
    Resources,
}

impl Field {
    pub const ALL: [Field; 11] = [
        Field::Tour,
        Field::Days,
        Field::Times,
        Field::From,
        Field::To,
        Field::Capacity,
        Field::Adult,
        Field::Child,
        Field::Meeting,
        Field::Guide,
        Field::Resources,
    ];

    fn index(self) -> usize {
        Field::ALL.iter().position(|f| *f == self).unwrap_or(0)
    }
}

/// Why the form cannot be sent yet (shown under it, the field focused).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormError {
    TourEmpty,
    NoDays,
    BadTimes,
    BadDate,
    /// the last date is before the first
    Range,
    BadCapacity,
    BadPrice,
    NoCurrency,
    /// an edit that changes nothing
    Unchanged,
}

/// What the form makes: a new rule, or the changes to one.
#[derive(Debug, Clone)]
pub enum Built {
    New(NewSchedule),
    Edit(ScheduleId, ScheduleEdit),
}

/// What the guide and resource fields pick from, as the server lists them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Crew {
    pub guides: Vec<String>,
    pub resources: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct RuleForm {
    /// the rule edited; none for a new one
    pub editing: Option<Schedule>,
    /// the text of each `Field::ALL` (the days field's is unused)
    pub values: Vec<String>,
    /// Monday first
    pub days: [bool; 7],
    /// the day the arrows are on, in the days field
    pub day: usize,
    pub focus: usize,
    pub error: Option<(Field, FormError)>,
    pub busy: bool,
    pub currency: Option<Currency>,
    /// which known tour PgUp/PgDn showed last
    pub pick: Option<usize>,
    /// the key of the write being sent, kept for its retries (an unknown
    /// outcome is answered by the server from the first try); any change
    /// to the form makes the next Enter a new write
    pub key: Option<Uuid>,
    /// one per `Field::ALL`: typed there. A value the form filled in is
    /// replaced by the first character typed, as a selected text is (as
    /// in the departure form).
    pub typed: Vec<bool>,
    /// what the crew fields pick from (with the rule's own, if the server
    /// no longer lists them)
    pub crew: Crew,
    /// none: no guide
    pub guide: Option<String>,
    /// the resources on, in the order they were picked
    pub resources: Vec<String>,
    /// the resource the arrows are on, in the resources field
    pub resource_at: usize,
}

pub fn times_text(times: &[NaiveTime]) -> String {
    times
        .iter()
        .map(|t| t.format("%H:%M").to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

impl RuleForm {
    /// A new rule from tomorrow for 90 days, at 09:00, 16 seats, in the
    /// operator's currency.
    pub fn new(now: DateTime<Utc>, tz: Tz, currency: Option<Currency>) -> RuleForm {
        let from = now.with_timezone(&tz).date_naive() + TimeDelta::days(1);
        let to = from + TimeDelta::days(89);
        let mut values = vec![String::new(); Field::ALL.len()];
        values[Field::Times.index()] = "09:00".into();
        values[Field::From.index()] = from.format("%Y-%m-%d").to_string();
        values[Field::To.index()] = to.format("%Y-%m-%d").to_string();
        values[Field::Capacity.index()] = "16".into();
        RuleForm {
            editing: None,
            values,
            days: [false; 7],
            day: 0,
            focus: 0,
            error: None,
            busy: false,
            currency,
            pick: None,
            key: None,
            typed: vec![false; Field::ALL.len()],
            crew: Crew::default(),
            guide: None,
            resources: Vec::new(),
            resource_at: 0,
        }
    }

    /// The rule as it is, to change; the tour stays (the server keeps it).
    pub fn edit(rule: &Schedule, now: DateTime<Utc>) -> RuleForm {
        let mut f = RuleForm::new(now, chrono_tz::UTC, Currency::parse(&rule.currency));
        for (field, v) in [
            (Field::Tour, rule.tour.clone()),
            (Field::Times, times_text(&rule.times)),
            (Field::From, rule.valid_from.format("%Y-%m-%d").to_string()),
            (Field::To, rule.valid_to.format("%Y-%m-%d").to_string()),
            (Field::Capacity, rule.capacity.to_string()),
            (Field::Adult, major(rule.adult_price_minor)),
            (Field::Child, major(rule.child_price_minor)),
            (Field::Meeting, rule.meeting_point.clone()),
        ] {
            f.values[field.index()] = v;
        }
        f.days = [false; 7];
        for d in &rule.days {
            if let Some(slot) = usize::try_from(*d - 1).ok().and_then(|i| f.days.get_mut(i)) {
                *slot = true;
            }
        }
        f.guide = rule.guide.clone();
        f.resources = rule.resources.clone();
        f.focus = Field::Days.index();
        f.editing = Some(rule.clone());
        f
    }

    /// The lists to pick from arrived (or the form opened with them): the
    /// guide and resources already on stay pickable even if not listed.
    pub fn set_crew(&mut self, crew: &Crew) {
        self.crew = crew.clone();
        if let Some(g) = &self.guide
            && !self.crew.guides.contains(g)
        {
            self.crew.guides.push(g.clone());
        }
        for r in &self.resources {
            if !self.crew.resources.contains(r) {
                self.crew.resources.push(r.clone());
            }
        }
        self.resource_at = self.resource_at.min(self.crew.resources.len().saturating_sub(1));
    }

    /// ←/→ (PgUp/PgDn, Space) on the guide: the next one of none and the
    /// listed guides.
    pub fn step_guide(&mut self, step: i32) {
        let n = self.crew.guides.len() as i32 + 1;
        let at = self
            .guide
            .as_ref()
            .and_then(|g| self.crew.guides.iter().position(|x| x == g))
            .map_or(0, |i| i as i32 + 1);
        let next = (at + step).rem_euclid(n) as usize;
        self.guide = next.checked_sub(1).map(|i| self.crew.guides[i].clone());
        self.changed();
    }

    /// Space (or its digit, 1–9) on a resource: on or off.
    pub fn toggle_resource(&mut self, i: usize) {
        let Some(name) = self.crew.resources.get(i) else {
            return;
        };
        match self.resources.iter().position(|r| r == name) {
            Some(at) => {
                self.resources.remove(at);
            }
            None => self.resources.push(name.clone()),
        }
        self.resource_at = i;
        self.changed();
    }

    /// ←/→: the day, the guide or the resource the arrows are on.
    pub fn arrow(&mut self, step: i32) {
        match self.field() {
            Field::Days => self.day = (self.day as i32 + step).rem_euclid(7) as usize,
            Field::Guide => self.step_guide(step),
            Field::Resources if !self.crew.resources.is_empty() => {
                let n = self.crew.resources.len() as i32;
                self.resource_at = (self.resource_at as i32 + step).rem_euclid(n) as usize;
            }
            _ => {}
        }
    }

    pub fn field(&self) -> Field {
        Field::ALL[self.focus]
    }

    pub fn value(&self, f: Field) -> &str {
        &self.values[f.index()]
    }

    /// A value filled in (not typed): the first key typed replaces it.
    pub fn set(&mut self, f: Field, v: String) {
        self.values[f.index()] = v;
        self.typed[f.index()] = false;
        self.changed();
    }

    fn changed(&mut self) {
        self.error = None;
        self.key = None;
    }

    pub fn type_char(&mut self, c: char) {
        let f = self.field();
        match (f, c) {
            (Field::Days, ' ') => return self.toggle(self.day),
            (Field::Days, '1'..='7') => return self.toggle(c as usize - '1' as usize),
            (Field::Guide, ' ') => return self.step_guide(1),
            (Field::Resources, ' ') => return self.toggle_resource(self.resource_at),
            (Field::Resources, '1'..='9') => return self.toggle_resource(c as usize - '1' as usize),
            (Field::Days | Field::Guide | Field::Resources, _) => return,
            _ => {}
        }
        let ok = match f {
            Field::Tour if self.editing.is_some() => false,
            Field::Tour | Field::Meeting => !c.is_control(),
            Field::Times => c.is_ascii_digit() || matches!(c, ':' | ',' | ' '),
            Field::From | Field::To => c.is_ascii_digit() || c == '-' || c == '.',
            Field::Capacity => c.is_ascii_digit(),
            Field::Adult | Field::Child => c.is_ascii_digit() || matches!(c, '.' | ',' | ' '),
            Field::Days | Field::Guide | Field::Resources => false,
        };
        if !ok {
            return;
        }
        if !std::mem::replace(&mut self.typed[self.focus], true) {
            self.values[self.focus].clear();
        }
        if self.values[self.focus].chars().count() < 120 {
            self.values[self.focus].push(c);
            self.changed();
        }
    }

    pub fn backspace(&mut self) {
        let picked = matches!(self.field(), Field::Days | Field::Guide | Field::Resources);
        if picked || (self.field() == Field::Tour && self.editing.is_some()) {
            return;
        }
        // a filled-in value is edited, not cleared
        self.typed[self.focus] = true;
        self.values[self.focus].pop();
        self.changed();
    }

    pub fn toggle(&mut self, day: usize) {
        if let Some(d) = self.days.get_mut(day) {
            *d = !*d;
            self.day = day;
            self.changed();
        }
    }

    pub fn next(&mut self, step: i32) {
        let n = Field::ALL.len() as i32;
        self.focus = (self.focus as i32 + step).rem_euclid(n) as usize;
    }

    /// Steps through the known tours into the tour field (a new rule only).
    pub fn pick_tour(&mut self, tours: &[String], step: i32) -> Option<String> {
        if self.editing.is_some() {
            return None;
        }
        let i = next_tour(tours, self.pick, self.value(Field::Tour), step)?;
        self.pick = Some(i);
        self.set(Field::Tour, tours[i].clone());
        Some(tours[i].clone())
    }

    /// The ISO numbers of the days on, Monday 1.
    pub fn day_numbers(&self) -> Vec<i16> {
        (1..=7).filter(|d| self.days[*d as usize - 1]).collect()
    }

    /// The rule to add or the changes to send, or the first field that is
    /// wrong. An edit sends only what differs from the rule.
    pub fn build(&self, now: DateTime<Utc>, tz: Tz) -> Result<Built, (Field, FormError)> {
        let tour = self.value(Field::Tour).trim();
        if tour.is_empty() {
            return Err((Field::Tour, FormError::TourEmpty));
        }
        let days = self.day_numbers();
        if days.is_empty() {
            return Err((Field::Days, FormError::NoDays));
        }
        let times = parse_times(self.value(Field::Times)).map_err(|_| (Field::Times, FormError::BadTimes))?;
        let today = now.with_timezone(&tz).date_naive();
        let date = |f: Field| parse_date(self.value(f), today).ok_or((f, FormError::BadDate));
        let (from, to): (NaiveDate, NaiveDate) = (date(Field::From)?, date(Field::To)?);
        if to < from {
            return Err((Field::To, FormError::Range));
        }
        let capacity = parse_capacity(self.value(Field::Capacity)).ok_or((Field::Capacity, FormError::BadCapacity))?;
        let adult = parse_money(self.value(Field::Adult)).ok_or((Field::Adult, FormError::BadPrice))?;
        let child = parse_money(self.value(Field::Child)).ok_or((Field::Child, FormError::BadPrice))?;
        let meeting = self.value(Field::Meeting).trim().to_string();
        if let Some(rule) = &self.editing {
            let edit = ScheduleEdit {
                days: (days != rule.days).then_some(days),
                times: (times != rule.times).then_some(times),
                from: (from != rule.valid_from).then_some(from),
                to: (to != rule.valid_to).then_some(to),
                capacity: (i64::from(capacity) != i64::from(rule.capacity)).then_some(capacity),
                adult_price_minor: (adult != rule.adult_price_minor).then_some(adult),
                child_price_minor: (child != rule.child_price_minor).then_some(child),
                meeting_point: (meeting != rule.meeting_point).then_some(meeting),
                guide: (self.guide != rule.guide).then(|| self.guide.clone()),
                resources: (sorted(&self.resources) != sorted(&rule.resources)).then(|| self.resources.clone()),
            };
            if edit_is_empty(&edit) {
                return Err((Field::ALL[self.focus], FormError::Unchanged));
            }
            return Ok(Built::Edit(rule.schedule_id, edit));
        }
        let currency = self.currency.ok_or((Field::Adult, FormError::NoCurrency))?;
        Ok(Built::New(NewSchedule {
            tour: tour.to_string(),
            days,
            times,
            from,
            to,
            time_zone: tz,
            capacity,
            adult_price_minor: adult,
            child_price_minor: child,
            currency: currency.to_string(),
            meeting_point: meeting,
            guide: self.guide.clone(),
            resources: self.resources.clone(),
        }))
    }
}

fn sorted(v: &[String]) -> Vec<&String> {
    let mut v: Vec<&String> = v.iter().collect();
    v.sort();
    v
}

fn edit_is_empty(e: &ScheduleEdit) -> bool {
    e.days.is_none()
        && e.times.is_none()
        && e.from.is_none()
        && e.to.is_none()
        && e.capacity.is_none()
        && e.adult_price_minor.is_none()
        && e.child_price_minor.is_none()
        && e.meeting_point.is_none()
        && e.guide.is_none()
        && e.resources.is_none()
}

/// The date typed to skip, or to add (a date the rule's days do not have).
#[derive(Debug, Clone)]
pub struct SkipForm {
    pub rule: Schedule,
    /// an added date (`d`), not a skipped one (`s`)
    pub adding: bool,
    pub date: String,
    pub bad: bool,
    pub busy: bool,
    /// kept for retries, as the rule form's
    pub key: Option<Uuid>,
}

impl SkipForm {
    pub fn new(rule: &Schedule) -> SkipForm {
        SkipForm {
            rule: rule.clone(),
            adding: false,
            date: String::new(),
            bad: false,
            busy: false,
            key: None,
        }
    }

    pub fn adding(rule: &Schedule) -> SkipForm {
        SkipForm {
            adding: true,
            ..SkipForm::new(rule)
        }
    }

    pub fn type_char(&mut self, c: char) {
        if (c.is_ascii_digit() || c == '-' || c == '.') && self.date.len() < 10 {
            self.date.push(c);
            self.bad = false;
            self.key = None;
        }
    }

    pub fn backspace(&mut self) {
        self.date.pop();
        self.bad = false;
        self.key = None;
    }
}
