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
        let mut tx = self.pool.begin().await?;
        // xmax = 0 on the returned row: it was inserted, not updated
        let written: Option<(i64, bool)> = sqlx::query_as(
            "insert into tours (name, description, duration_minutes) values ($1, $2, $3)
             on conflict (name) do update set description = excluded.description,
                                              duration_minutes = excluded.duration_minutes
              where (tours.description, tours.duration_minutes)
                    is distinct from (excluded.description, excluded.duration_minutes)
             returning id, xmax = 0",
        )
        .bind(name)
        .bind(description)
        .bind(duration_minutes as i32)
        .fetch_optional(&mut *tx)
        .await?;
        let (id, change) = match written {
            Some((id, true)) => (id, Change::Created),
            Some((id, false)) => (id, Change::Updated),
            None => {
                let id: i64 = sqlx::query_scalar("select id from tours where name = $1")
                    .bind(name)
                    .fetch_one(&mut *tx)
                    .await?;
                return Ok((TourId(id), Change::Unchanged));
            }
        };
        sqlx::query(
            "insert into audit_log (staff_id, device_id, action, details)
             values ($1, $2, $3, jsonb_build_object('tour_id', $4::bigint, 'name', $5::text,
                                                    'duration_minutes', $6::int))",
        )
        .bind(self.staff_id())
        .bind(self.device_id())
        .bind(if change == Change::Created {
            "tour.added"
        } else {
            "tour.updated"
        })
        .bind(id)
        .bind(name)
        .bind(duration_minutes as i32)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
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
        let mut tx = self.pool.begin().await?;
        // one writer of pricing rules at a time, so that two identical adds
        // cannot both miss each other (the lock ends with the transaction)
        sqlx::query("select pg_advisory_xact_lock(hashtext('tourdesk.pricing_rules'))")
            .execute(&mut *tx)
            .await?;
        let existing: Option<i64> = sqlx::query_scalar(
            "select id from pricing_rules
              where active and kind = $1 and tour_id is not distinct from $2 and percent = $3
                and min_party is not distinct from $4 and days_before is not distinct from $5
                and valid_from is not distinct from $6 and valid_to is not distinct from $7
              order by id limit 1",
        )
        .bind(kind)
        .bind(rule.tour_id.map(|t| t.0))
        .bind(rule.percent)
        .bind(min_party)
        .bind(days_before)
        .bind(from)
        .bind(to)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(id) = existing {
            return Ok((PricingRuleId(id), Change::Unchanged));
        }
        let id: i64 = sqlx::query_scalar(
            "insert into pricing_rules (kind, tour_id, percent, min_party, days_before, valid_from, valid_to,
                                        description)
             values ($1, $2, $3, $4, $5, $6, $7, $8) returning id",
        )
        .bind(kind)
        .bind(rule.tour_id.map(|t| t.0))
        .bind(rule.percent)
        .bind(min_party)
        .bind(days_before)
        .bind(from)
        .bind(to)
        .bind(description)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "insert into audit_log (staff_id, device_id, action, details)
             select $1, $2, 'pricing_rule.added', to_jsonb(r) from pricing_rules r where r.id = $3",
        )
        .bind(self.staff_id())
        .bind(self.device_id())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
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
