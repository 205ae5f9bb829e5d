//! The demo operator's catalogue: Kamchatka tours, their weekly timetable in
//! Asia/Kamchatka, and the pricing rules.

use crate::domain::TourId;
use crate::domain::pricing::{PricingRule, RuleKind};
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use std::collections::HashMap;

/// The demo's time zone (UTC+12 all year: no clock changes).
pub const TIME_ZONE: Tz = chrono_tz::Asia::Kamchatka;

/// What a tour is like, for the notes and gear customers bring up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Hike,
    Helicopter,
    Boat,
    Springs,
    Rafting,
}

#[derive(Debug)]
pub struct DemoTour {
    pub name: &'static str,
    pub description: &'static str,
    pub duration_minutes: u32,
    pub kind: Kind,
    pub capacity: u32,
    pub adult_price_minor: i64,
    pub child_price_minor: i64,
    pub meeting_point: &'static str,
    /// local start time (hour, 00 minutes)
    pub hour: u32,
    /// local weekdays it runs
    pub days: &'static [Weekday],
}

use Weekday::{Fri, Mon, Sat, Sun, Thu, Tue, Wed};

const OFFICE: &str = "Tour office, Leninskaya St. 59, Petropavlovsk-Kamchatsky";
const HOTEL: &str = "Hotel Avacha, Leningradskaya St. 61 — main entrance";
const HELIPORT: &str = "Elizovo heliport (Vitus Bering Airport), passenger lounge";

pub const TOURS: &[DemoTour] = &[
    DemoTour {
        name: "Avachinsky volcano ascent",
        description: "Ascent of the active Avachinsky volcano (2741 m), the home volcano of Petropavlovsk. \
                      Off-road truck to the Camel base camp at 900 m, then 6–7 hours up scoria and snow to \
                      the crater rim with its steaming lava plug, and back down the sand slope. \
                      Good fitness needed; from 12 years. Boots, poles and lunch box included.",
        duration_minutes: 12 * 60,
        kind: Kind::Hike,
        capacity: 16,
        adult_price_minor: 950_000,
        child_price_minor: 700_000,
        meeting_point: HOTEL,
        hour: 7,
        days: &[Mon, Tue, Wed, Thu, Fri, Sat],
    },
    DemoTour {
        name: "Valley of Geysers by helicopter",
        description: "Mi-8 helicopter flight over Karymsky and Maly Semyachik volcanoes to the Valley of \
                      Geysers in the Kronotsky reserve: boardwalk tour with a ranger, lunch at the Uzon \
                      caldera and a bath in the Nalychevo hot springs on the way back. Flights depend on \
                      the weather; the reserve fee is included.",
        duration_minutes: 8 * 60,
        kind: Kind::Helicopter,
        capacity: 20,
        adult_price_minor: 4_950_000,
        child_price_minor: 3_950_000,
        meeting_point: HELIPORT,
        hour: 8,
        days: &[Tue, Thu, Sat, Sun],
    },
    DemoTour {
        name: "Avacha Bay boat trip",
        description: "Sea trip out of Avacha Bay past the Three Brothers rocks to Starichkov island: puffins, \
                      cormorants, sea lions and, with luck, orcas. Sea fishing stop with fish soup on board. \
                      Warm clothes and a windproof jacket recommended.",
        duration_minutes: 6 * 60,
        kind: Kind::Boat,
        capacity: 40,
        adult_price_minor: 650_000,
        child_price_minor: 400_000,
        meeting_point: "Marine terminal, pier 3, Petropavlovsk-Kamchatsky",
        hour: 9,
        days: &[Mon, Tue, Wed, Thu, Fri, Sat, Sun],
    },
    DemoTour {
        name: "Mutnovsky volcano",
        description: "Six-wheel truck along the Mutnovsky geothermal road, then a walk into the crater of \
                      Mutnovsky volcano: fumaroles, boiling mud pots, a glacier and the Opasny canyon \
                      waterfall. About 12 km on foot; from 10 years.",
        duration_minutes: 12 * 60,
        kind: Kind::Hike,
        capacity: 14,
        adult_price_minor: 1_150_000,
        child_price_minor: 850_000,
        meeting_point: OFFICE,
        hour: 7,
        days: &[Mon, Wed, Fri],
    },
    DemoTour {
        name: "Paratunka hot springs",
        description: "Half day in the Paratunka valley: thermal pools of the Zelenovskie Ozerki springs, \
                      a Russian banya and lunch of local salmon. Towels and robes can be hired on site. \
                      An easy day for all ages.",
        duration_minutes: 5 * 60,
        kind: Kind::Springs,
        capacity: 18,
        adult_price_minor: 350_000,
        child_price_minor: 200_000,
        meeting_point: OFFICE,
        hour: 9,
        days: &[Wed, Fri, Sat, Sun],
    },
    DemoTour {
        name: "Kurile Lake bear watching",
        description: "Helicopter flight to Kurile Lake in the South Kamchatka reserve past Ilyinsky and \
                      Kambalny volcanoes. Brown bears fishing for sockeye salmon, watched from fenced \
                      platforms with a ranger; lunch at the ranger station. Reserve fee included.",
        duration_minutes: 9 * 60,
        kind: Kind::Helicopter,
        capacity: 20,
        adult_price_minor: 5_450_000,
        child_price_minor: 4_450_000,
        meeting_point: HELIPORT,
        hour: 8,
        days: &[Wed, Sat],
    },
    DemoTour {
        name: "Rafting on the Bystraya",
        description: "Rafting 25 km down the Bystraya river (class II) through the Malki valley with stops \
                      for fly fishing, then a soak in the Malki hot springs. Wetsuits, helmets and life \
                      jackets provided; from 10 years, no experience needed.",
        duration_minutes: 9 * 60,
        kind: Kind::Rafting,
        capacity: 12,
        adult_price_minor: 800_000,
        child_price_minor: 550_000,
        meeting_point: HOTEL,
        hour: 8,
        days: &[Tue, Thu, Sun],
    },
    DemoTour {
        name: "Vilyuchinsky waterfalls",
        description: "Drive under Vilyuchinsky volcano and walk along the pass to the waterfalls that fall \
                      from its snowfields, with views over Avacha Bay and the Pacific. About 8 km of easy \
                      trail; picnic lunch included.",
        duration_minutes: 10 * 60,
        kind: Kind::Hike,
        capacity: 14,
        adult_price_minor: 700_000,
        child_price_minor: 500_000,
        meeting_point: OFFICE,
        hour: 7,
        days: &[Tue, Fri, Sun],
    },
];

/// One timetabled departure.
#[derive(Debug, Clone, Copy)]
pub struct Slot {
    pub tour: &'static DemoTour,
    pub starts_at: DateTime<Utc>,
}

/// How many days ahead the timetable reaches.
pub const DAYS: i64 = 30;

/// Every timetabled departure after `now` and within `DAYS` days of it,
/// earliest first (ties by tour name).
pub fn schedule(now: DateTime<Utc>) -> Vec<Slot> {
    let today = now.with_timezone(&TIME_ZONE).date_naive();
    let end = now + Duration::days(DAYS);
    let mut slots = Vec::new();
    for day in today.iter_days().take(DAYS as usize + 1) {
        for tour in TOURS.iter().filter(|t| t.days.contains(&day.weekday())) {
            let Some(local) = day.and_hms_opt(tour.hour, 0, 0) else {
                continue;
            };
            let Some(starts) = TIME_ZONE.from_local_datetime(&local).single() else {
                continue;
            };
            let starts_at = starts.with_timezone(&Utc);
            if starts_at > now && starts_at <= end {
                slots.push(Slot { tour, starts_at });
            }
        }
    }
    slots.sort_by(|a, b| (a.starts_at, a.tour.name).cmp(&(b.starts_at, b.tour.name)));
    slots
}

/// The season [from, to] (local month and day; may wrap over New Year) that
/// contains `today`, or else the next one.
fn season(today: NaiveDate, from: (u32, u32), to: (u32, u32)) -> Option<(NaiveDate, NaiveDate)> {
    let date = |y: i32, (m, d): (u32, u32)| NaiveDate::from_ymd_opt(y, m, d);
    let wraps = to < from;
    let y = today.year();
    for start_year in [y - 1, y, y + 1] {
        let start = date(start_year, from)?;
        let end = date(if wraps { start_year + 1 } else { start_year }, to)?;
        if today <= end {
            return Some((start, end));
        }
    }
    None
}

/// The operator's pricing rules, seasons placed around `today`.
pub fn pricing_rules(today: NaiveDate, tours: &HashMap<&'static str, TourId>) -> Vec<PricingRule> {
    let mut rules = vec![
        PricingRule {
            kind: RuleKind::GroupDiscount { min_party: 6 },
            tour_id: None,
            percent: 10,
            description: "Group of 6 or more −10%".into(),
        },
        PricingRule {
            kind: RuleKind::EarlyBird { days_before: 21 },
            tour_id: None,
            percent: 5,
            description: "Early booking (21+ days ahead) −5%".into(),
        },
    ];
    if let Some((from, to)) = season(today, (7, 1), (8, 31)) {
        rules.push(PricingRule {
            kind: RuleKind::Seasonal { from, to },
            tour_id: None,
            percent: 10,
            description: format!("Peak season {} +10%", from.year()),
        });
    }
    if let (Some((from, to)), Some(boat)) = (season(today, (10, 15), (4, 30)), tours.get("Avacha Bay boat trip")) {
        rules.push(PricingRule {
            kind: RuleKind::Seasonal { from, to },
            tour_id: Some(*boat),
            percent: -10,
            description: format!("Low season on the bay {}/{} −10%", from.year(), to.year() % 100),
        });
    }
    rules
}

/// The demo's pickup routes: (tour, [(stop, minutes before the start)]), in
/// route order — the bus collects from the hotels and the airport before the
/// volcano tours (departures at 07:00 local).
pub const PICKUPS: &[(&str, &[(&str, u32)])] = &[
    (
        "Avachinsky volcano ascent",
        &[
            ("Airport Yelizovo", 75),
            ("Hotel Petropavlovsk", 40),
            ("Avacha Hotel", 25),
        ],
    ),
    (
        "Mutnovsky volcano",
        &[("Hotel Petropavlovsk", 45), ("Avacha Hotel", 30)],
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Timelike;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn seasons_contain_or_follow_today() {
        assert_eq!(
            season(d(2026, 11, 23), (7, 1), (8, 31)),
            Some((d(2027, 7, 1), d(2027, 8, 31)))
        );
        assert_eq!(
            season(d(2026, 7, 15), (7, 1), (8, 31)),
            Some((d(2026, 7, 1), d(2026, 8, 31)))
        );
        assert_eq!(
            season(d(2026, 11, 23), (10, 15), (4, 30)),
            Some((d(2026, 10, 15), d(2027, 4, 30)))
        );
        assert_eq!(
            season(d(2027, 3, 1), (10, 15), (4, 30)),
            Some((d(2026, 10, 15), d(2027, 4, 30)))
        );
        assert_eq!(
            season(d(2027, 6, 1), (10, 15), (4, 30)),
            Some((d(2027, 10, 15), d(2028, 4, 30)))
        );
    }

    #[test]
    fn schedule_is_morning_local_time_within_30_days() {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 8, 40, 0).unwrap(); // 20:40 in Kamchatka
        let slots = schedule(now);
        assert!(slots.len() > 100, "{} departures", slots.len());
        for s in &slots {
            assert!(s.starts_at > now && s.starts_at <= now + Duration::days(DAYS));
            let local = s.starts_at.with_timezone(&TIME_ZONE);
            assert!([7, 8, 9].contains(&local.hour()) && local.minute() == 0, "{local}");
            assert!(s.tour.days.contains(&local.weekday()));
        }
        // the same timetable whatever the time of day it is asked for
        let later = schedule(now + Duration::hours(1));
        assert_eq!(slots.len(), later.len());
    }
}
