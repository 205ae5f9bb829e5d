//! One table of pricing scenarios, two engines: every case is priced by the
//! Rust domain code (`domain::pricing::quote`, what a kiosk shows) and by the
//! server (`td_quote`, what a sale is charged) on a real database, and the two
//! breakdowns must be the same JSON — kinds, labels, amounts, subtotal, total,
//! currency. Each case also names the total a person works out by hand, so
//! the two engines cannot agree on a wrong figure unnoticed.

use super::*;
use chrono::{NaiveDate, TimeZone};
use chrono_tz::Tz;
use tourdesk::domain::TourId;
use tourdesk::domain::money::Currency;
use tourdesk::domain::pricing::{PriceInputs, PricingRule, RuleKind, quote};

/// Which tour a rule is for: every tour, the case's own, or another one.
#[derive(Clone, Copy)]
enum Scope {
    All,
    This,
    Other,
}

#[derive(Clone)]
struct Rule {
    kind: RuleKind,
    scope: Scope,
    percent: i32,
    description: &'static str,
    active: bool,
}

impl Rule {
    fn on(self, scope: Scope) -> Rule {
        Rule { scope, ..self }
    }
    fn named(self, description: &'static str) -> Rule {
        Rule { description, ..self }
    }
    fn off(self) -> Rule {
        Rule { active: false, ..self }
    }
}

fn rule(kind: RuleKind, percent: i32) -> Rule {
    Rule {
        kind,
        scope: Scope::All,
        percent,
        description: "",
        active: true,
    }
}

fn group(min_party: u32, percent: i32) -> Rule {
    rule(RuleKind::GroupDiscount { min_party }, percent)
}

fn early(days_before: u32, percent: i32) -> Rule {
    rule(RuleKind::EarlyBird { days_before }, percent)
}

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).expect("date")
}

/// July 1 to 10, 2026 (local dates of the departure).
fn summer(percent: i32) -> Rule {
    rule(
        RuleKind::Seasonal {
            from: day(7, 1),
            to: day(7, 10),
        },
        percent,
    )
}

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, s).single().expect("time")
}

struct Case {
    name: &'static str,
    rules: Vec<Rule>,
    adults: u32,
    children: u32,
    adult_price: i64,
    child_price: i64,
    currency: &'static str,
    starts_at: DateTime<Utc>,
    time_zone: Tz,
    /// booked this long before the start
    ahead: Duration,
    /// the total worked out by hand
    total: i64,
}

/// Two adults at 10 000.00, children at 6 000.00 RUB, leaving 2026-07-10
/// 08:00 in Kamchatka (UTC+12, so 2026-07-09 20:00 UTC), booked a day ahead.
fn case(name: &'static str, adults: u32, children: u32, rules: Vec<Rule>, total: i64) -> Case {
    Case {
        name,
        rules,
        adults,
        children,
        adult_price: 1_000_000,
        child_price: 600_000,
        currency: "RUB",
        starts_at: utc(2026, 7, 9, 20, 0, 0),
        time_zone: chrono_tz::Asia::Kamchatka,
        ahead: Duration::days(1),
        total,
    }
}

fn scenarios() -> Vec<Case> {
    let s = Duration::seconds;
    let d = Duration::days;
    vec![
        case("two adults, no rules", 2, 0, vec![], 2_000_000),
        case("adults and a child", 2, 1, vec![], 2_600_000),
        Case {
            child_price: 0,
            ..case("children free of charge", 1, 2, vec![], 1_000_000)
        },
        case("group below its threshold", 4, 0, vec![group(5, 10)], 4_000_000),
        case(
            "group at its threshold, children counted",
            4,
            1,
            vec![group(5, 10)],
            4_140_000,
        ),
        Case {
            ahead: d(30) - s(1),
            ..case("early bird one second short", 1, 0, vec![early(30, 15)], 1_000_000)
        },
        Case {
            ahead: d(30),
            ..case("early bird exactly 30 days ahead", 1, 0, vec![early(30, 15)], 850_000)
        },
        case(
            "early bird of 0 days, booked before the start",
            1,
            0,
            vec![early(0, 5)],
            950_000,
        ),
        // New York moved its clocks on 2026-03-08: 30 days are 30 × 86 400 s,
        // not 30 calendar days (which would be an hour longer here)
        Case {
            time_zone: chrono_tz::America::New_York,
            starts_at: utc(2026, 3, 9, 16, 0, 0),
            ahead: d(30),
            ..case(
                "early bird across a DST change, exactly",
                1,
                0,
                vec![early(30, 15)],
                850_000,
            )
        },
        Case {
            time_zone: chrono_tz::America::New_York,
            starts_at: utc(2026, 3, 9, 16, 0, 0),
            ahead: d(30) - s(1),
            ..case(
                "early bird across a DST change, short",
                1,
                0,
                vec![early(30, 15)],
                1_000_000,
            )
        },
        Case {
            ahead: d(40),
            ..case(
                "the best discount wins, no stacking",
                5,
                0,
                vec![group(5, 10), early(30, 15)],
                4_250_000,
            )
        },
        Case {
            ahead: d(5),
            ..case(
                "equal discounts: the newer rule is the one named",
                2,
                0,
                vec![group(2, 10).named("group ten"), early(3, 10).named("early ten")],
                1_800_000,
            )
        },
        case(
            "seasonal surcharge on the local date",
            1,
            0,
            vec![summer(20)],
            1_200_000,
        ),
        Case {
            adult_price: 333_333,
            ..case("negative season on an odd amount", 3, 0, vec![summer(-15)], 849_999)
        },
        case(
            "two seasons add up, each on the subtotal",
            1,
            0,
            vec![summer(20), summer(-5).named("low demand")],
            1_150_000,
        ),
        case(
            "season, then the discount on the running sum",
            5,
            0,
            vec![summer(20), group(5, 10)],
            5_400_000,
        ),
        case("a season of 0 %", 1, 0, vec![summer(0)], 1_000_000),
        Case {
            adult_price: 150,
            ..case("rounding half up, away from zero", 1, 0, vec![summer(1)], 152)
        },
        Case {
            adult_price: 150,
            ..case("rounding half down, away from zero", 1, 0, vec![summer(-1)], 148)
        },
        Case {
            adult_price: 250,
            ..case(
                "a discount of a half rounds away from zero",
                1,
                0,
                vec![group(1, 1)],
                247,
            )
        },
        Case {
            adult_price: 149,
            ..case("below a half rounds toward zero", 1, 0, vec![summer(1)], 150)
        },
        case(
            "a rule for another tour is ignored",
            1,
            0,
            vec![group(1, 50).on(Scope::Other)],
            1_000_000,
        ),
        case(
            "a tour's own rule beats a smaller global one",
            2,
            0,
            vec![group(2, 10), group(2, 20).on(Scope::This)],
            1_600_000,
        ),
        case(
            "a larger global rule beats the tour's own",
            2,
            0,
            vec![group(2, 25), group(2, 20).on(Scope::This)],
            1_500_000,
        ),
        case("an inactive rule is ignored", 1, 0, vec![group(1, 50).off()], 1_000_000),
        // Kamchatka is UTC+12: the local date turns at noon UTC
        Case {
            starts_at: utc(2026, 7, 10, 11, 59, 59),
            ..case(
                "23:59:59 local on the season's last day",
                1,
                0,
                vec![summer(20)],
                1_200_000,
            )
        },
        Case {
            starts_at: utc(2026, 7, 10, 12, 0, 0),
            ..case(
                "midnight local after the season (still the 10th in UTC)",
                1,
                0,
                vec![summer(20)],
                1_000_000,
            )
        },
        Case {
            starts_at: utc(2026, 6, 30, 12, 0, 0),
            ..case(
                "midnight local on the season's first day (the 30th in UTC)",
                1,
                0,
                vec![summer(20)],
                1_200_000,
            )
        },
        Case {
            starts_at: utc(2026, 6, 30, 11, 59, 59),
            ..case("a second before the season, local", 1, 0, vec![summer(20)], 1_000_000)
        },
        case("a season of −100 % is free", 2, 1, vec![summer(-100), group(1, 10)], 0),
        case("a discount of 100 %", 2, 1, vec![group(1, 100)], 0),
        case(
            "blank descriptions give the default labels",
            1,
            0,
            vec![summer(20).named("   "), early(0, 5).named("\t")],
            1_140_000,
        ),
        Case {
            adult_price: 100_000_000_000,
            child_price: 100_000_000_000,
            ..case(
                "the largest party at the largest prices",
                25,
                25,
                vec![summer(100), group(50, 37)],
                6_300_000_000_000,
            )
        },
        Case {
            currency: "EUR",
            ..case("another currency", 1, 0, vec![], 1_000_000)
        },
    ]
}

async fn insert_rules(pool: &PgPool, rules: &[Rule], this: i64, other: i64) {
    sqlx::query("delete from pricing_rules").execute(pool).await.unwrap();
    for r in rules {
        let (min_party, days_before, from, to) = match r.kind {
            RuleKind::GroupDiscount { min_party } => (Some(min_party as i32), None, None, None),
            RuleKind::EarlyBird { days_before } => (None, Some(days_before as i32), None, None),
            RuleKind::Seasonal { from, to } => (None, None, Some(from), Some(to)),
        };
        let kind = match r.kind {
            RuleKind::GroupDiscount { .. } => "group_discount",
            RuleKind::EarlyBird { .. } => "early_bird",
            RuleKind::Seasonal { .. } => "seasonal",
        };
        let tour = match r.scope {
            Scope::All => None,
            Scope::This => Some(this),
            Scope::Other => Some(other),
        };
        sqlx::query(
            "insert into pricing_rules (kind, tour_id, percent, min_party, days_before, valid_from, valid_to,
                                        description, active)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(kind)
        .bind(tour)
        .bind(r.percent)
        .bind(min_party)
        .bind(days_before)
        .bind(from)
        .bind(to)
        .bind(r.description)
        .bind(r.active)
        .execute(pool)
        .await
        .unwrap();
    }
}

async fn new_tour(pool: &PgPool, name: String) -> i64 {
    sqlx::query_scalar("insert into tours (name) values ($1) returning id")
        .bind(name)
        .fetch_one(pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_domain_and_the_server_price_every_scenario_alike() {
    let db = TestDb::new().await;
    let cases = scenarios();
    for (i, c) in cases.iter().enumerate() {
        let this = new_tour(&db.pool, format!("scenario {i}")).await;
        let other = new_tour(&db.pool, format!("scenario {i}, another tour")).await;
        let departure: i64 = sqlx::query_scalar(
            "insert into departures (tour_id, starts_at, time_zone, capacity, adult_price_minor, child_price_minor,
                                     currency)
             values ($1, $2, $3, 60, $4, $5, $6) returning id",
        )
        .bind(this)
        .bind(c.starts_at)
        .bind(c.time_zone.name())
        .bind(c.adult_price)
        .bind(c.child_price)
        .bind(c.currency)
        .fetch_one(&db.pool)
        .await
        .unwrap();
        insert_rules(&db.pool, &c.rules, this, other).await;
        let at = c.starts_at - c.ahead;

        let server: Value = sqlx::query_scalar("select td_quote($1, $2, $3, $4)")
            .bind(departure)
            .bind(c.adults as i32)
            .bind(c.children as i32)
            .bind(at)
            .fetch_one(&db.pool)
            .await
            .unwrap_or_else(|e| panic!("{}: td_quote: {e}", c.name));

        // the rules as the core loads them: active ones, in id order
        let rules: Vec<PricingRule> = c
            .rules
            .iter()
            .filter(|r| r.active)
            .map(|r| PricingRule {
                kind: r.kind.clone(),
                tour_id: match r.scope {
                    Scope::All => None,
                    Scope::This => Some(TourId(this)),
                    Scope::Other => Some(TourId(other)),
                },
                percent: r.percent,
                description: r.description.to_string(),
            })
            .collect();
        let inputs = PriceInputs {
            tour_id: TourId(this),
            starts_at: c.starts_at,
            time_zone: c.time_zone,
            adult_price_minor: c.adult_price,
            child_price_minor: c.child_price,
            currency: Currency::parse(c.currency).expect("currency"),
        };
        let domain = quote(&inputs, &rules, Party::new(c.adults, c.children).unwrap(), at);

        assert_eq!(
            serde_json::to_value(&domain).unwrap(),
            server,
            "{}: the domain (left) and td_quote (right) differ",
            c.name
        );
        assert_eq!(domain.total_minor, c.total, "{}: total by hand", c.name);
        let sum: i64 = domain.lines.iter().map(|l| l.amount_minor).sum();
        assert_eq!(sum, domain.total_minor, "{}: the lines add up to the total", c.name);
    }
}
