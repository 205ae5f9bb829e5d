//! Quotes, and the cache that lets a booking cost one round trip: the core
//! prices with the pure domain code from cached inputs and sends the total it
//! would show; the server prices the sale itself (td_quote, the SQL twin of
//! domain::pricing) and refuses a different figure (PRICE_CHANGED), and the
//! core reloads and tries again unless a clerk showed that figure.

use super::{BookingError, Core, Result};
use crate::domain::money::Currency;
use crate::domain::pricing::{self, PriceBreakdown, PriceInputs, PricingRule, RuleKind};
use crate::domain::{DepartureId, Party, TourId};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgPool;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

#[derive(Default)]
pub(super) struct PricingCache {
    departures: Mutex<HashMap<DepartureId, Arc<Priced>>>,
    rules: Mutex<Option<Arc<Rules>>>,
}

pub(super) struct Priced {
    pub inputs: PriceInputs,
}

pub(super) struct Rules {
    pub rev: i64,
    pub rules: Vec<PricingRule>,
}

#[derive(sqlx::FromRow)]
struct InputsRow {
    tour_id: i64,
    starts_at: DateTime<Utc>,
    time_zone: String,
    adult_price_minor: i64,
    child_price_minor: i64,
    currency: String,
    rules_rev: i64,
}

#[derive(sqlx::FromRow)]
struct RuleRow {
    kind: String,
    tour_id: Option<i64>,
    percent: i32,
    min_party: Option<i32>,
    days_before: Option<i32>,
    valid_from: Option<NaiveDate>,
    valid_to: Option<NaiveDate>,
    description: String,
}

impl PricingCache {
    pub fn forget(&self, departure: DepartureId) {
        self.departures.lock().expect("pricing cache").remove(&departure);
        *self.rules.lock().expect("pricing cache") = None;
    }

    /// Drops the cached rules (after this process changed them).
    pub fn forget_rules(&self) {
        *self.rules.lock().expect("pricing cache") = None;
    }

    async fn get(&self, pool: &PgPool, departure: DepartureId) -> Result<(Arc<Priced>, Arc<Rules>)> {
        let cached_dep = self.departures.lock().expect("pricing cache").get(&departure).cloned();
        let cached_rules = self.rules.lock().expect("pricing cache").clone();
        if let (Some(d), Some(r)) = (&cached_dep, &cached_rules) {
            return Ok((d.clone(), r.clone()));
        }
        let row: InputsRow = sqlx::query_as(
            "select d.tour_id, d.starts_at, d.time_zone, d.adult_price_minor, d.child_price_minor, d.currency,
                    s.rules_rev
               from departures d cross join pricing_state s where d.id = $1",
        )
        .bind(departure.0)
        .fetch_optional(pool)
        .await?
        .ok_or_else(|| BookingError::not_found("departure", departure))?;
        let time_zone = row
            .time_zone
            .parse()
            .map_err(|_| BookingError::invalid("time_zone", format!("unknown time zone {}", row.time_zone)))?;
        let priced = Arc::new(Priced {
            inputs: PriceInputs {
                tour_id: TourId(row.tour_id),
                starts_at: row.starts_at,
                time_zone,
                adult_price_minor: row.adult_price_minor,
                child_price_minor: row.child_price_minor,
                currency: Currency::parse(&row.currency).unwrap_or(Currency::RUB),
            },
        });
        let rules = match cached_rules {
            Some(r) if r.rev == row.rules_rev => r,
            _ => Arc::new(Rules {
                rev: row.rules_rev,
                rules: load_rules(pool).await?,
            }),
        };
        self.departures
            .lock()
            .expect("pricing cache")
            .insert(departure, priced.clone());
        *self.rules.lock().expect("pricing cache") = Some(rules.clone());
        Ok((priced, rules))
    }
}

async fn load_rules(pool: &PgPool) -> Result<Vec<PricingRule>> {
    let rows: Vec<RuleRow> = sqlx::query_as(
        "select kind, tour_id, percent, min_party, days_before, valid_from, valid_to, description
           from pricing_rules where active order by id",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let kind = match r.kind.as_str() {
                "group_discount" => RuleKind::GroupDiscount {
                    min_party: r.min_party? as u32,
                },
                "early_bird" => RuleKind::EarlyBird {
                    days_before: r.days_before? as u32,
                },
                "seasonal" => RuleKind::Seasonal {
                    from: r.valid_from?,
                    to: r.valid_to?,
                },
                _ => return None,
            };
            Some(PricingRule {
                kind,
                tour_id: r.tour_id.map(TourId),
                percent: r.percent,
                description: r.description,
            })
        })
        .collect())
}

impl Core {
    pub(super) async fn quote_at(
        &self,
        departure: DepartureId,
        party: Party,
        at: DateTime<Utc>,
    ) -> Result<PriceBreakdown> {
        let (priced, rules) = self.pricing.get(&self.pool, departure).await?;
        Ok(pricing::quote(&priced.inputs, &rules.rules, party, at))
    }

    pub(super) fn forget_prices(&self, departure: DepartureId) {
        self.pricing.forget(departure);
    }

    /// The price for `party` on `departure` if booked at `at`, with the rules applied.
    #[tracing::instrument(skip(self))]
    pub async fn quote(&self, departure: DepartureId, party: Party, at: DateTime<Utc>) -> Result<PriceBreakdown> {
        // a quote shown to a customer must be fresh
        self.forget_prices(departure);
        self.quote_at(departure, party, at).await
    }
}
