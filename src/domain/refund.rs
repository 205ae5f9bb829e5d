//! The refund policy: tiers by hours before departure, per cancellation reason.
//! Rules are data (`refund_rules`); DEFAULT_RULES mirrors the seeded ones.

use chrono::Duration;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CancelReason {
    Customer,
    Weather,
    Operator,
    NoShow,
}

impl CancelReason {
    pub fn parse(s: &str) -> Option<CancelReason> {
        match s {
            "customer" => Some(CancelReason::Customer),
            "weather" => Some(CancelReason::Weather),
            "operator" => Some(CancelReason::Operator),
            "no_show" | "no-show" => Some(CancelReason::NoShow),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            CancelReason::Customer => "customer",
            CancelReason::Weather => "weather",
            CancelReason::Operator => "operator",
            CancelReason::NoShow => "no_show",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefundRule {
    pub reason: CancelReason,
    /// None: applies at any time, even after the start
    pub min_hours_before: Option<u32>,
    pub percent: u8,
}

pub const DEFAULT_RULES: [RefundRule; 7] = [
    rule(CancelReason::Customer, Some(72), 90),
    rule(CancelReason::Customer, Some(48), 75),
    rule(CancelReason::Customer, Some(24), 50),
    rule(CancelReason::Customer, Some(0), 0),
    rule(CancelReason::Weather, None, 100),
    rule(CancelReason::Operator, None, 100),
    rule(CancelReason::NoShow, None, 0),
];

const fn rule(reason: CancelReason, min_hours_before: Option<u32>, percent: u8) -> RefundRule {
    RefundRule {
        reason,
        min_hours_before,
        percent,
    }
}

/// The percent refunded for `reason` when cancelling `before` ahead of the
/// start: the rule with the largest threshold that `before` reaches wins; a
/// rule without threshold only when no threshold is reached; of two rules
/// without threshold (the table allows it) the later one, as `rules` come in
/// id order — td_refund_percent, the server's twin, picks the same (the
/// scenario table in tests/core/refund_scenarios.rs runs both).
/// No matching rule (e.g. a customer cancelling after the start) means 0 %.
pub fn refund_percent(rules: &[RefundRule], reason: CancelReason, before: Duration) -> u8 {
    rules
        .iter()
        .filter(|r| r.reason == reason)
        .filter(|r| {
            r.min_hours_before
                .is_none_or(|h| before >= Duration::hours(i64::from(h)))
        })
        .max_by_key(|r| r.min_hours_before.map_or(-1, i64::from))
        .map_or(0, |r| r.percent)
}

/// Hours before departure as shown and stored (two decimals).
pub fn hours_before(before: Duration) -> f64 {
    (before.num_seconds() as f64 / 36.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers_at_their_exact_boundaries() {
        let s = Duration::seconds;
        let h = Duration::hours;
        let cases = [
            (h(100), 90),
            (h(72), 90),
            (h(72) - s(1), 75),
            (h(48), 75),
            (h(48) - s(1), 50),
            (h(24), 50),
            (h(24) - s(1), 0),
            (s(0), 0),
            (-h(2), 0),
        ];
        for (before, pct) in cases {
            assert_eq!(
                refund_percent(&DEFAULT_RULES, CancelReason::Customer, before),
                pct,
                "{before:?}"
            );
        }
    }

    #[test]
    fn weather_and_operator_refund_everything_at_any_time() {
        for before in [Duration::hours(500), Duration::hours(1), -Duration::hours(1)] {
            assert_eq!(refund_percent(&DEFAULT_RULES, CancelReason::Weather, before), 100);
            assert_eq!(refund_percent(&DEFAULT_RULES, CancelReason::Operator, before), 100);
            assert_eq!(refund_percent(&DEFAULT_RULES, CancelReason::NoShow, before), 0);
        }
    }

    #[test]
    fn no_rule_means_no_refund() {
        assert_eq!(refund_percent(&[], CancelReason::Customer, Duration::hours(100)), 0);
    }

    #[test]
    fn hours_are_rounded_to_hundredths() {
        assert_eq!(hours_before(Duration::minutes(90)), 1.5);
        assert_eq!(hours_before(Duration::seconds(72 * 3600 + 17)), 72.0);
    }
}
