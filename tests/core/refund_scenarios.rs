//! One table of refund scenarios, two engines: the percent for a reason this
//! long before the start under a set of rules, from the Rust domain code
//! (`domain::refund::refund_percent`) and from the server
//! (`td_refund_percent`, what a cancellation refunds) on a real database.
//! Each case names the percent worked out by hand as well.

use super::*;
use tourdesk::domain::refund::{DEFAULT_RULES, RefundRule, refund_percent};

const fn r(reason: CancelReason, min_hours_before: Option<u32>, percent: u8) -> RefundRule {
    RefundRule {
        reason,
        min_hours_before,
        percent,
    }
}

struct Case {
    name: &'static str,
    /// in id order
    rules: Vec<RefundRule>,
    reason: CancelReason,
    before: Duration,
    percent: u8,
}

fn scenarios() -> Vec<Case> {
    use CancelReason::*;
    let h = Duration::hours;
    let s = Duration::seconds;
    let default = || DEFAULT_RULES.to_vec();
    let case = |name, rules: Vec<RefundRule>, reason, before, percent| Case {
        name,
        rules,
        reason,
        before,
        percent,
    };
    vec![
        case("customer, 100 h ahead", default(), Customer, h(100), 90),
        case("customer, exactly 72 h", default(), Customer, h(72), 90),
        case("customer, a second under 72 h", default(), Customer, h(72) - s(1), 75),
        case("customer, exactly 48 h", default(), Customer, h(48), 75),
        case("customer, a second under 48 h", default(), Customer, h(48) - s(1), 50),
        case("customer, exactly 24 h", default(), Customer, h(24), 50),
        case("customer, a second under 24 h", default(), Customer, h(24) - s(1), 0),
        case("customer, at the start", default(), Customer, s(0), 0),
        case(
            "customer, after the start: no rule reaches",
            default(),
            Customer,
            -h(2),
            0,
        ),
        case("weather, long ahead", default(), Weather, h(500), 100),
        case("weather, after the start", default(), Weather, -h(1), 100),
        case("operator, an hour ahead", default(), Operator, h(1), 100),
        case("no-show", default(), NoShow, -h(3), 0),
        case("no rules at all", vec![], Customer, h(100), 0),
        case(
            "a rule for any time under the tiers",
            vec![r(Customer, None, 10), r(Customer, Some(24), 50)],
            Customer,
            h(1),
            10,
        ),
        case(
            "a tier that is reached beats the rule for any time",
            vec![r(Customer, Some(24), 50), r(Customer, None, 10)],
            Customer,
            h(30),
            50,
        ),
        case(
            "two rules for any time: the newer one",
            vec![r(Weather, None, 100), r(Weather, None, 60)],
            Weather,
            h(5),
            60,
        ),
        case(
            "two rules for any time, other order: the newer one",
            vec![r(Weather, None, 60), r(Weather, None, 100)],
            Weather,
            h(5),
            100,
        ),
        case(
            "a 0 h tier counts from the start on",
            vec![r(Customer, Some(0), 20)],
            Customer,
            s(0),
            20,
        ),
        case(
            "another reason's rules do not apply",
            vec![r(Weather, None, 100)],
            Customer,
            h(100),
            0,
        ),
    ]
}

#[tokio::test]
async fn the_domain_and_the_server_refund_every_scenario_alike() {
    let db = TestDb::new().await;
    for c in scenarios() {
        sqlx::query("delete from refund_rules").execute(&db.pool).await.unwrap();
        for rule in &c.rules {
            sqlx::query("insert into refund_rules (reason, min_hours_before, refund_percent) values ($1, $2, $3)")
                .bind(rule.reason.as_str())
                .bind(rule.min_hours_before.map(|h| h as i32))
                .bind(i32::from(rule.percent))
                .execute(&db.pool)
                .await
                .unwrap();
        }
        // the hours as api.cancel passes them: exact, not rounded
        let server: i32 = sqlx::query_scalar("select td_refund_percent($1, $2::numeric / 3600)")
            .bind(c.reason.as_str())
            .bind(c.before.num_seconds())
            .fetch_one(&db.pool)
            .await
            .unwrap_or_else(|e| panic!("{}: td_refund_percent: {e}", c.name));
        let domain = refund_percent(&c.rules, c.reason, c.before);
        assert_eq!(
            i32::from(domain),
            server,
            "{}: the domain (left) and td_refund_percent (right) differ",
            c.name
        );
        assert_eq!(domain, c.percent, "{}: percent by hand", c.name);
    }
    db.assert_ledger().await;
}
