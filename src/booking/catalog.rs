//! The catalogue: tours (name, description, duration) and pricing rules.
//! Manager-only mutations, each one transaction with its audit row; both are
//! idempotent, so a script (or `tourdesk demo`) can run them again safely.

use super::{BookingError, Core, Result};
use crate::domain::pricing::{PricingRule, RuleKind};
use crate::domain::{Action, PricingRuleId, TourId};
use chrono::NaiveDate;
use serde::Serialize;

/// What an idempotent write did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Created,
    Updated,
    Unchanged,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Tour {
    pub id: TourId,
    pub name: String,
    pub description: String,
    pub duration_minutes: i32,
}

/// A pricing rule as stored (see `pricing_rules` in migrations/0001).
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct PricingRuleInfo {
    pub id: PricingRuleId,
    pub kind: String,
    pub tour_id: Option<TourId>,
    pub percent: i32,
    pub min_party: Option<i32>,
    pub days_before: Option<i32>,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    pub description: String,
    pub active: bool,
}

const MAX_DESCRIPTION: usize = 2000;
/// Longer than this is not an excursion but an expedition.
const MAX_DURATION_MINUTES: u32 = 30 * 24 * 60;

impl Core {
    /// Adds a tour, or updates the description and duration of the tour with
    /// this name. Writing what is already there changes (and audits) nothing.
    #[tracing::instrument(skip(self, description))]
    pub async fn upsert_tour(&self, name: &str, description: &str, duration_minutes: u32) -> Result<(TourId, Change)> {
        self.allow(Action::ManageDepartures, "manage tours")?;
        let name = name.trim();
        if name.is_empty() {
            return Err(BookingError::invalid("tour", "the tour name is empty"));
        }
        let description = description.trim();
        if description.chars().count() > MAX_DESCRIPTION {
            return Err(BookingError::invalid(
                "description",
                format!("longer than {MAX_DESCRIPTION} characters"),
            ));
        }
        if duration_minutes == 0 || duration_minutes > MAX_DURATION_MINUTES {
            return Err(BookingError::invalid(
                "duration",
                format!("a tour lasts 1 to {MAX_DURATION_MINUTES} minutes"),
            ));
        }
        let (id, change): (i64, String) = sqlx::query_as("select * from api.upsert_tour($1, $2, $3, $4)")
            .bind(self.session())
            .bind(name)
            .bind(description)
            .bind(duration_minutes as i32)
            .fetch_one(&self.pool)
            .await?;
        let change = match change.as_str() {
            "created" => Change::Created,
            "updated" => Change::Updated,
            _ => Change::Unchanged,
        };
        Ok((TourId(id), change))
    }

    /// Every tour, by name.
    pub async fn tours(&self) -> Result<Vec<Tour>> {
        Ok(
            sqlx::query_as("select id, name, description, duration_minutes from tours order by name")
                .fetch_all(&self.pool)
                .await?,
        )
    }

    /// Adds a pricing rule, unless an active rule with the same kind, tour,
    /// percent and parameters exists (then that one is returned, unchanged):
    /// seasonal rules add up, so a duplicate would charge twice.
    #[tracing::instrument(skip(self))]
    pub async fn add_pricing_rule(&self, rule: &PricingRule) -> Result<(PricingRuleId, Change)> {
        self.allow(Action::ManageDepartures, "manage pricing rules")?;
        let (kind, min_party, days_before, from, to) = match rule.kind {
            RuleKind::GroupDiscount { min_party } => {
                if min_party == 0 || min_party > crate::domain::party::MAX_PARTY {
                    return Err(BookingError::invalid(
                        "min_party",
                        format!("a group is 1 to {} people", crate::domain::party::MAX_PARTY),
                    ));
                }
                ("group_discount", Some(min_party as i32), None, None, None)
            }
            RuleKind::EarlyBird { days_before } => {
                if days_before > 366 {
                    return Err(BookingError::invalid("days_before", "at most 366 days ahead"));
                }
                ("early_bird", None, Some(days_before as i32), None, None)
            }
            RuleKind::Seasonal { from, to } => {
                if from > to {
                    return Err(BookingError::invalid("valid_to", "the season ends before it starts"));
                }
                ("seasonal", None, None, Some(from), Some(to))
            }
        };
        let range = if kind == "seasonal" { -100..=100 } else { 0..=100 };
        if !range.contains(&rule.percent) {
            return Err(BookingError::invalid(
                "percent",
                format!("a {kind} rule takes {} to {} percent", range.start(), range.end()),
            ));
        }
        let description = rule.description.trim();
        if description.chars().count() > 200 {
            return Err(BookingError::invalid("description", "longer than 200 characters"));
        }
        let (id, created): (i64, bool) =
            sqlx::query_as("select * from api.add_pricing_rule($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                .bind(self.session())
                .bind(kind)
                .bind(rule.tour_id.map(|t| t.0))
                .bind(rule.percent)
                .bind(min_party)
                .bind(days_before)
                .bind(from)
                .bind(to)
                .bind(description)
                .fetch_one(&self.pool)
                .await?;
        if !created {
            return Ok((PricingRuleId(id), Change::Unchanged));
        }
        // quotes from this process see the new rule at once (others get
        // PRICE_CHANGED on their next booking and reload)
        self.pricing.forget_rules();
        Ok((PricingRuleId(id), Change::Created))
    }

    /// Every pricing rule, active or not, in the order they were added.
    pub async fn pricing_rules(&self) -> Result<Vec<PricingRuleInfo>> {
        Ok(sqlx::query_as(
            "select id, kind, tour_id, percent, min_party, days_before, valid_from, valid_to, description, active
               from pricing_rules order by id",
        )
        .fetch_all(&self.pool)
        .await?)
    }
}
