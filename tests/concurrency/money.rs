//! Money under concurrency: payments, refunds and cancellations of the same
//! bookings from several kiosks at once never take more than is due, never
//! give back more than was paid, and the booking's columns equal its ledger
//! rows in every snapshot (a checker reads the whole database meanwhile).

use super::*;
use tourdesk::booking::MoneyMoved;
use tourdesk::domain::MoneyMethod;

#[derive(Debug, Default)]
struct Told {
    paid: i64,
    refunded: i64,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_pays_refunds_and_cancels_never_exceed_what_was_paid() {
    const BOOKINGS: usize = 4;
    const PAYERS: usize = 6;
    const STEPS: usize = 12;
    let db = TestDb::with_pool(POOL).await;
    let manager = db.manager().await;
    // 60 h ahead: a customer cancellation refunds 75 % of what is held
    let dep = db.departure(&manager, 60, 40).await;
    let desks = kiosks(&db, 3).await;
    let managers = [
        db.core_as(Role::Manager, "Manager A", "office-a").await,
        db.core_as(Role::Manager, "Manager B", "office-b").await,
    ];
    let mut numbers = Vec::new();
    for i in 0..BOOKINGS {
        let mut req = request(dep, 4, 0, &format!("Family {i}"));
        req.payment.method = PaymentMethod::Unpaid;
        numbers.push(desks[0].book(&req).await.unwrap().booking_number);
    }
    let total = 4 * common::ADULT_PRICE;

    let stop = Arc::new(AtomicBool::new(false));
    let checker = {
        let (pool, stop) = (db.pool.clone(), stop.clone());
        tokio::spawn(async move {
            let mut checks = 0u64;
            while !stop.load(Ordering::Relaxed) {
                common::assert_ledger(&pool).await;
                checks += 1;
                tokio::time::sleep(Duration::from_millis(3)).await;
            }
            checks
        })
    };
    let base = seed();
    let mut tasks: Vec<JoinHandle<Vec<(String, MoneyMoved)>>> = Vec::new();
    for t in 0..PAYERS + managers.len() {
        let (numbers, core) = (
            numbers.clone(),
            if t < PAYERS {
                desks[t % desks.len()].clone()
            } else {
                managers[t - PAYERS].clone()
            },
        );
        let refunds = t >= PAYERS;
        tasks.push(tokio::spawn(async move {
            let mut rng = StdRng::seed_from_u64(base.wrapping_add(t as u64));
            let mut moved = Vec::new();
            for step in 0..STEPS {
                let number = numbers[rng.random_range(0..numbers.len())].clone();
                let amount = rng.random_range(1..=12) * 100_000;
                let key = Uuid::now_v7();
                let r = if refunds {
                    core.refund(&number, amount, "goodwill", key).await
                } else {
                    core.pay(&number, amount, MoneyMethod::Cash, "", key).await
                };
                match r {
                    Ok(m) => moved.push((number, m)),
                    Err(
                        BookingError::ExceedsBalance { .. }
                        | BookingError::ExceedsRefundable { .. }
                        | BookingError::BookingCancelled { .. },
                    ) => {}
                    Err(e) => panic!("task {t} step {step} (seed {base}): {e}"),
                }
            }
            moved
        }));
    }
    // meanwhile two of the families cancel, after some money has moved
    tokio::time::sleep(Duration::from_millis(40)).await;
    let mut cancelled = Vec::new();
    for number in &numbers[..2] {
        cancelled.push(
            desks[1]
                .cancel(number, CancelReason::Customer, "plans changed")
                .await
                .unwrap(),
        );
    }
    let mut told: std::collections::HashMap<String, Told> = Default::default();
    for t in tasks {
        for (number, m) in t.await.unwrap_or_else(|e| panic!("a task failed (seed {base}): {e}")) {
            let entry = told.entry(number).or_default();
            match m.kind {
                tourdesk::domain::LedgerKind::Payment => entry.paid += m.amount_minor,
                tourdesk::domain::LedgerKind::Refund => entry.refunded += m.amount_minor,
            }
        }
    }
    for c in &cancelled {
        told.entry(c.booking_number.clone()).or_default().refunded += c.refund_minor;
    }
    stop.store(true, Ordering::Relaxed);
    let checks = checker.await.unwrap();
    assert!(checks >= 3, "the checker ran only {checks} times");

    let mut moved_any = false;
    for number in &numbers {
        let (paid, refunded): (i64, i64) =
            sqlx::query_as("select paid_minor, refunded_minor from bookings where booking_number = $1")
                .bind(number)
                .fetch_one(&db.pool)
                .await
                .unwrap();
        let t = told.remove(number).unwrap_or_default();
        assert_eq!(
            (paid, refunded),
            (t.paid, t.refunded),
            "{number}: what the clients were told (seed {base})"
        );
        assert!(
            paid <= total && refunded <= paid,
            "{number}: {paid} paid, {refunded} refunded"
        );
        moved_any |= paid > 0 && refunded > 0;
    }
    assert!(
        moved_any,
        "the mix never paid and refunded the same booking (seed {base})"
    );
    db.assert_ledger().await;
    db.assert_consistent(dep).await;
}
