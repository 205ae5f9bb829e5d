//! Pricing: adult/child unit prices, then seasonal adjustments, then the best
//! single discount (group or early-bird; discounts do not stack). Rules are data
//! (the `pricing_rules` table); this is the one place they are interpreted.

use super::money::{Currency, percent_of};
use super::{Party, TourId};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleKind {
    /// percent off when the party has at least `min_party` people
    GroupDiscount { min_party: u32 },
    /// percent off when booked at least `days_before` days ahead
    EarlyBird { days_before: u32 },
    /// percent added (or taken off, if negative) for departures on these local dates
    Seasonal { from: NaiveDate, to: NaiveDate },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PricingRule {
    pub kind: RuleKind,
    /// None: applies to every tour
    pub tour_id: Option<TourId>,
    pub percent: i32,
    pub description: String,
}

/// What the price of one departure depends on besides the rules.
#[derive(Debug, Clone, PartialEq)]
pub struct PriceInputs {
    pub tour_id: TourId,
    pub starts_at: DateTime<Utc>,
    pub time_zone: Tz,
    pub adult_price_minor: i64,
    pub child_price_minor: i64,
    pub currency: Currency,
}

/// What a price line is for; serde writes the stable machine names the
/// CLI's JSON and the stored breakdowns use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceLineKind {
    Adults,
    Children,
    Seasonal,
    GroupDiscount,
    EarlyBird,
    /// a line written by a newer version (a stored breakdown, a field
    /// laptop's prices taken along): shown by its label
    #[serde(other)]
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceLine {
    pub kind: PriceLineKind,
    pub label: String,
    pub amount_minor: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceBreakdown {
    pub adults: u32,
    pub children: u32,
    pub adult_unit_minor: i64,
    pub child_unit_minor: i64,
    pub lines: Vec<PriceLine>,
    pub subtotal_minor: i64,
    pub total_minor: i64,
    pub currency: String,
}

impl PricingRule {
    fn applies_to(&self, tour: TourId) -> bool {
        self.tour_id.is_none_or(|t| t == tour)
    }
}

pub fn quote(inputs: &PriceInputs, rules: &[PricingRule], party: Party, at: DateTime<Utc>) -> PriceBreakdown {
    let adults = inputs.adult_price_minor * i64::from(party.adults());
    let children = inputs.child_price_minor * i64::from(party.children());
    let mut lines = vec![PriceLine {
        kind: PriceLineKind::Adults,
        label: format!("{} × adult", party.adults()),
        amount_minor: adults,
    }];
    if party.children() > 0 {
        lines.push(PriceLine {
            kind: PriceLineKind::Children,
            label: format!("{} × child", party.children()),
            amount_minor: children,
        });
    }
    let subtotal = adults + children;
    let local_date = inputs.starts_at.with_timezone(&inputs.time_zone).date_naive();
    let mut running = subtotal;
    for rule in rules.iter().filter(|r| r.applies_to(inputs.tour_id)) {
        if let RuleKind::Seasonal { from, to } = rule.kind
            && (from..=to).contains(&local_date)
        {
            let amount = percent_of(subtotal, i64::from(rule.percent));
            running += amount;
            lines.push(PriceLine {
                kind: PriceLineKind::Seasonal,
                label: label(rule, format!("season {:+}%", rule.percent)),
                amount_minor: amount,
            });
        }
    }
    let ahead = inputs.starts_at - at;
    let best = rules
        .iter()
        .filter(|r| r.applies_to(inputs.tour_id))
        .filter_map(|r| match r.kind {
            RuleKind::GroupDiscount { min_party } if party.seats() >= min_party => Some((
                r,
                PriceLineKind::GroupDiscount,
                format!("group discount −{}%", r.percent),
            )),
            RuleKind::EarlyBird { days_before } if ahead >= chrono::Duration::days(i64::from(days_before)) => {
                Some((r, PriceLineKind::EarlyBird, format!("early booking −{}%", r.percent)))
            }
            _ => None,
        })
        .max_by_key(|(r, _, _)| r.percent);
    if let Some((rule, kind, default)) = best {
        let amount = -percent_of(running, i64::from(rule.percent));
        running += amount;
        lines.push(PriceLine {
            kind,
            label: label(rule, default),
            amount_minor: amount,
        });
    }
    PriceBreakdown {
        adults: party.adults(),
        children: party.children(),
        adult_unit_minor: inputs.adult_price_minor,
        child_unit_minor: inputs.child_price_minor,
        lines,
        subtotal_minor: subtotal,
        total_minor: running.max(0),
        currency: inputs.currency.to_string(),
    }
}

fn label(rule: &PricingRule, default: String) -> String {
    if rule.description.trim().is_empty() {
        default
    } else {
        rule.description.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn inputs() -> PriceInputs {
        PriceInputs {
            tour_id: TourId(1),
            // 2026-07-10 08:00 in Kamchatka (UTC+12)
            starts_at: Utc.with_ymd_and_hms(2026, 7, 9, 20, 0, 0).unwrap(),
            time_zone: chrono_tz::Asia::Kamchatka,
            adult_price_minor: 1_000_000,
            child_price_minor: 600_000,
            currency: Currency::RUB,
        }
    }

    fn rule(kind: RuleKind, percent: i32) -> PricingRule {
        PricingRule {
            kind,
            tour_id: None,
            percent,
            description: String::new(),
        }
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn table() {
        let day_before = Utc.with_ymd_and_hms(2026, 7, 8, 20, 0, 0).unwrap();
        let group5 = rule(RuleKind::GroupDiscount { min_party: 5 }, 10);
        let early30 = rule(RuleKind::EarlyBird { days_before: 30 }, 15);
        let summer = rule(
            RuleKind::Seasonal {
                from: date(2026, 7, 1),
                to: date(2026, 7, 10),
            },
            20,
        );
        let other_tour = PricingRule {
            tour_id: Some(TourId(2)),
            ..rule(RuleKind::GroupDiscount { min_party: 1 }, 50)
        };
        let p = |a, c| Party::new(a, c).unwrap();
        // (name, rules, party, at, expected total)
        type Case = (&'static str, Vec<PricingRule>, Party, DateTime<Utc>, i64);
        let cases: Vec<Case> = vec![
            ("plain adults", vec![], p(2, 0), day_before, 2_000_000),
            ("adults and a child", vec![], p(2, 1), day_before, 2_600_000),
            (
                "group below threshold",
                vec![group5.clone()],
                p(4, 0),
                day_before,
                4_000_000,
            ),
            (
                "group at threshold",
                vec![group5.clone()],
                p(4, 1),
                day_before,
                4_140_000,
            ),
            (
                "early bird one second short",
                vec![early30.clone()],
                p(1, 0),
                inputs().starts_at - chrono::Duration::days(30) + chrono::Duration::seconds(1),
                1_000_000,
            ),
            (
                "early bird exactly 30 days",
                vec![early30.clone()],
                p(1, 0),
                inputs().starts_at - chrono::Duration::days(30),
                850_000,
            ),
            (
                "best discount wins, no stacking",
                vec![group5.clone(), early30.clone()],
                p(5, 0),
                inputs().starts_at - chrono::Duration::days(40),
                4_250_000,
            ),
            (
                "seasonal surcharge on the local date",
                vec![summer.clone()],
                p(1, 0),
                day_before,
                1_200_000,
            ),
            (
                "seasonal then discount",
                vec![summer.clone(), group5.clone()],
                p(5, 0),
                day_before,
                5_400_000,
            ),
            (
                "rule for another tour ignored",
                vec![other_tour],
                p(1, 0),
                day_before,
                1_000_000,
            ),
        ];
        for (name, rules, party, at, total) in cases {
            let q = quote(&inputs(), &rules, party, at);
            assert_eq!(q.total_minor, total, "{name}: {q:?}");
            let sum: i64 = q.lines.iter().map(|l| l.amount_minor).sum();
            assert_eq!(sum, q.total_minor, "{name}: lines add up");
        }
    }

    #[test]
    fn seasonal_uses_the_departure_time_zone() {
        // 2026-07-10 20:00 UTC is already 2026-07-11 in Kamchatka: outside the season.
        let mut i = inputs();
        i.starts_at = Utc.with_ymd_and_hms(2026, 7, 10, 20, 0, 0).unwrap();
        let summer = rule(
            RuleKind::Seasonal {
                from: date(2026, 7, 1),
                to: date(2026, 7, 10),
            },
            20,
        );
        let q = quote(
            &i,
            &[summer],
            Party::new(1, 0).unwrap(),
            i.starts_at - chrono::Duration::days(1),
        );
        assert_eq!(q.total_minor, 1_000_000);
    }

    #[test]
    fn a_breakdown_written_down_reads_back_the_same() {
        let at = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
        let rules = [PricingRule {
            tour_id: None,
            kind: RuleKind::GroupDiscount { min_party: 3 },
            percent: 10,
            description: String::new(),
        }];
        let q = quote(&inputs(), &rules, Party::new(2, 1).unwrap(), at);
        assert!(q.lines.iter().any(|l| l.kind == PriceLineKind::GroupDiscount), "{q:?}");
        let json = serde_json::to_string(&q).unwrap();
        assert_eq!(serde_json::from_str::<PriceBreakdown>(&json).unwrap(), q);
    }

    #[test]
    fn the_line_kinds_keep_their_machine_names() {
        let names = [
            (PriceLineKind::Adults, "adults"),
            (PriceLineKind::Children, "children"),
            (PriceLineKind::Seasonal, "seasonal"),
            (PriceLineKind::GroupDiscount, "group_discount"),
            (PriceLineKind::EarlyBird, "early_bird"),
            (PriceLineKind::Other, "other"),
        ];
        for (kind, name) in names {
            assert_eq!(serde_json::to_value(kind).unwrap(), name);
            assert_eq!(serde_json::from_value::<PriceLineKind>(name.into()).unwrap(), kind);
        }
    }

    #[test]
    fn a_line_of_a_kind_this_version_does_not_know_reads_as_other() {
        let l: PriceLine = serde_json::from_str(r#"{"kind": "loyalty", "label": "x", "amount_minor": -5}"#).unwrap();
        assert_eq!((l.kind, l.amount_minor), (PriceLineKind::Other, -5));
        // and is written back as "other", as before it was an enum
        assert_eq!(serde_json::to_value(&l).unwrap()["kind"], "other");
        assert!(
            serde_json::from_str::<PriceBreakdown>(r#"{"adults": 2}"#).is_err(),
            "half a breakdown is none"
        );
    }
}
