//! The money invariant for a whole database: every booking's paid /
//! refunded / payment status / payment method equal what its ledger rows
//! say, nothing is refunded beyond what was paid, nothing paid beyond the
//! total (the balance, total less paid, is never negative), every row is
//! audited, and every cancellation's refund is a row. Called at the end of
//! the core tests that move money and after the concurrency mixes.

use sqlx::PgPool;

#[derive(Debug, sqlx::FromRow)]
struct Money {
    booking_number: String,
    total_minor: i64,
    paid_minor: i64,
    refunded_minor: i64,
    payment_status: String,
    payment_method: String,
    rows_paid: i64,
    rows_refunded: i64,
    cancel_refund: Option<i64>,
    cancel_row: Option<i64>,
    first_method: Option<String>,
}

/// The payment status the rows give, written here again rather than read
/// from td_payment_status: the test must not trust the function it checks.
fn status_of(total: i64, paid: i64, refunded: i64, method: &str) -> &'static str {
    if refunded > 0 && refunded >= paid {
        "refunded"
    } else if refunded > 0 {
        "partially_refunded"
    } else if paid == 0 && total == 0 && method != "unpaid" {
        "paid"
    } else if paid == 0 {
        "unpaid"
    } else if paid < total {
        "partially_paid"
    } else {
        "paid"
    }
}

/// Asserts the invariant in one snapshot (one statement); returns how many
/// bookings were checked.
pub async fn assert_ledger(pool: &PgPool) -> usize {
    let rows: Vec<Money> = sqlx::query_as(
        "select b.booking_number, b.total_minor, b.paid_minor, b.refunded_minor, b.payment_status, b.payment_method,
                coalesce(sum(l.amount_minor) filter (where l.kind = 'payment'), 0)::int8 as rows_paid,
                coalesce(sum(l.amount_minor) filter (where l.kind = 'refund'), 0)::int8 as rows_refunded,
                c.refund_minor as cancel_refund,
                (select k.amount_minor from ledger k
                  where k.client_key = md5(b.idempotency_key::text || ':cancel')::uuid) as cancel_row,
                (select k.method from ledger k
                  where k.booking_id = b.id and k.kind = 'payment' order by k.id limit 1) as first_method
           from bookings b
           left join ledger l on l.booking_id = b.id
           left join cancellations c on c.booking_id = b.id
          group by b.id, c.refund_minor
          order by b.id",
    )
    .fetch_all(pool)
    .await
    .expect("ledger invariant query");
    for m in &rows {
        let n = &m.booking_number;
        assert_eq!(m.paid_minor, m.rows_paid, "{n}: paid_minor vs its payment rows");
        assert_eq!(
            m.refunded_minor, m.rows_refunded,
            "{n}: refunded_minor vs its refund rows"
        );
        assert!(m.refunded_minor <= m.paid_minor, "{n}: refunded more than paid: {m:?}");
        // the one rule of sql/core/td_settle.sql: the balance is total less
        // paid (api.pay, the gate), so whatever changed the price, the total
        // keeps what was paid beyond it (its refund is a row, not a cut of
        // the total) and never falls below what was paid
        assert!(
            m.paid_minor <= m.total_minor,
            "{n}: paid more than the total (a negative balance): {m:?}"
        );
        assert_eq!(
            m.payment_status,
            status_of(m.total_minor, m.paid_minor, m.refunded_minor, &m.payment_method),
            "{n}: payment status vs its rows: {m:?}"
        );
        // how it was paid: its first payment's method (a voucher's too)
        if let Some(first) = &m.first_method {
            assert_eq!(
                &m.payment_method, first,
                "{n}: payment_method vs its first payment: {m:?}"
            );
        }
        match m.cancel_refund {
            Some(r) if r > 0 => assert_eq!(m.cancel_row, Some(r), "{n}: the cancellation's refund row"),
            _ => assert_eq!(m.cancel_row, None, "{n}: a cancellation refund row without a refund"),
        }
    }
    let (unaudited, wrong_currency): (i64, i64) = sqlx::query_as(
        "select count(*) filter (where not exists (
                    select 1 from audit_log a
                     where a.action = case l.kind when 'payment' then 'payment.taken' else 'refund.given' end
                       and a.booking_id = l.booking_id and (a.details ->> 'ledger_id')::bigint = l.id
                       and a.staff_id is not distinct from l.staff_id
                       and a.device_id is not distinct from l.device_id)),
                count(*) filter (where l.currency <> b.currency)
           from ledger l join bookings b on b.id = l.booking_id",
    )
    .fetch_one(pool)
    .await
    .expect("ledger audit query");
    assert_eq!(
        unaudited, 0,
        "ledger rows without their audit row (same staff and device)"
    );
    assert_eq!(wrong_currency, 0, "ledger rows in another currency than their booking");
    rows.len()
}
