//! Money under concurrency: payments, refunds and cancellations of the same
//! bookings from several kiosks at once never take more than is due, never
//! give back more than was paid, and the booking's columns equal its ledger
//! rows in every snapshot (a checker reads the whole database meanwhile).

use super::*;
use crate::money_ops::{Mix, MixReport, Op, Shared, assert_vouchers, priced};
use common::assert_party;
use tourdesk::booking::MoneyMoved;
use tourdesk::domain::PaymentMethod;

/// A task checking, over and over until told to stop, the ledger against
/// the rows for the whole database and the counters of `departures`.
fn spawn_money_checker(pool: PgPool, departures: Vec<DepartureId>, stop: Arc<AtomicBool>) -> JoinHandle<u64> {
    tokio::spawn(async move {
        let mut checks = 0u64;
        while !stop.load(Ordering::Relaxed) {
            common::assert_ledger(&pool).await;
            for d in &departures {
                assert_consistent(&pool, *d).await;
            }
            checks += 1;
            tokio::time::sleep(Duration::from_millis(3)).await;
        }
        checks
    })
}

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
    let checker = spawn_money_checker(db.pool.clone(), vec![dep], stop.clone());
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
                    core.pay(&number, amount, PaymentMethod::Cash, "", key).await
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

/// Everything a booking goes through after its sale, from several desks and
/// managers at once, seeded (TOURDESK_TEST_SEED replays one mix's choices;
/// their interleaving is the machine's): sales paid in every way or not at
/// all, payments (part or all of the balance; cash, card, transfer, a
/// voucher), a manager's partial refunds, adult <-> child, people added and
/// removed, moves by the customer and by the operator onto dearer and
/// cheaper departures, cancellations, and a weather cancellation whose
/// parties are moved, refunded or credited. A checker compares the ledger
/// with the rows and the counters with the bookings all along; at the end
/// every booking's money is what its clients were told, party by party the
/// breakdown is the booking, and a voucher's spent part is what was paid
/// with it.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_random_mix_of_everything_after_the_sale_keeps_the_ledger_equal_to_the_rows() {
    const CLIENTS: usize = 6;
    const STEPS: usize = 45;
    let db = TestDb::with_pool(POOL).await;
    let manager = db.manager().await;
    // 100 h ahead: a customer's refund is 90 %; three prices to move between
    let deps = [
        db.departure(&manager, 100, 24).await,
        priced(&manager, "Valley of Geysers", 120, 900_000, 500_000).await,
        priced(&manager, "Bay cruise", 130, 600_000, 300_000).await,
    ];
    let storm = db.departure(&manager, 100, 30).await;
    let refuge = db.departure(&manager, 110, 40).await;
    let desks = kiosks(&db, 3).await;
    let mut clients: Vec<(Core, bool)> = desks.into_iter().map(|c| (c, false)).collect();
    for i in 0..CLIENTS - clients.len() {
        let m = db
            .core_as(Role::Manager, &format!("Manager {i}"), &format!("office-{i}"))
            .await;
        clients.push((m, true));
    }
    let all: Vec<DepartureId> = deps.iter().copied().chain([storm, refuge]).collect();
    let mut told_before = Vec::new();
    let stop = Arc::new(AtomicBool::new(false));
    let checker = spawn_money_checker(db.pool.clone(), all.clone(), stop.clone());
    // the storm's parties, sold before the mix (half unpaid): the weather
    // finds some whatever the mix sold there first
    let mut sold = Vec::new();
    for i in 0..9 {
        let mut req = request(storm, 2, i % 2, "Storm Party");
        if i >= 3 && i % 2 == 0 {
            req.payment.method = PaymentMethod::Unpaid;
        }
        let b = manager.book(&req).await.unwrap();
        if i >= 3 && i % 2 == 1 {
            told_before.push((b.booking_number.clone(), b.total_minor));
        }
        // three paid ones only the weatherman knows: a credit, a move and a
        // refund each find a party, whatever the others did to theirs
        if i < 3 {
            told_before.push((b.booking_number.clone(), b.total_minor));
        } else {
            sold.push(b.booking_number);
        }
    }
    let shared = Arc::new(Shared::with(sold));
    let base = seed();
    let tasks: Vec<JoinHandle<MixReport>> = clients
        .into_iter()
        .enumerate()
        .map(|(t, (core, manages))| {
            let mix = Mix {
                core,
                manages,
                pool: db.pool.clone(),
                deps,
                storm,
                refuge,
                shared: shared.clone(),
                seed: base.wrapping_add(t as u64),
            };
            tokio::spawn(mix.run(STEPS, t == CLIENTS - 1))
        })
        .collect();
    let mut told = MixReport::default();
    for (number, paid) in told_before {
        told.paid(&number, paid);
    }
    for t in tasks {
        told.add(t.await.unwrap_or_else(|e| panic!("a client failed (seed {base}): {e}")));
    }
    stop.store(true, Ordering::Relaxed);
    let checks = checker.await.unwrap();
    assert!(checks >= 3, "the checker ran only {checks} times");

    // what the clients were told is what the rows say, booking by booking
    let rows: Vec<(String, i64, i64)> =
        sqlx::query_as("select booking_number, paid_minor, refunded_minor from bookings order by id")
            .fetch_all(&db.pool)
            .await
            .unwrap();
    for (number, paid, refunded) in &rows {
        let t = told.money.get(number).copied().unwrap_or_default();
        if (*paid, *refunded) != t {
            let trail: Vec<(String, serde_json::Value)> = sqlx::query_as(
                "select a.action, a.details from audit_log a join bookings b on b.id = a.booking_id
                  where b.booking_number = $1 order by a.id",
            )
            .bind(number)
            .fetch_all(&db.pool)
            .await
            .unwrap();
            panic!(
                "{number}: (paid, refunded) {:?} in the rows, {t:?} told to its clients (seed {base}); its trail:\n{}",
                (paid, refunded),
                trail
                    .iter()
                    .map(|(a, d)| format!("{a} {d}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            );
        }
        assert_party(&db.pool, number).await;
    }
    // no money made or lost: what came in less what went out is what the bookings hold
    let (taken, given): (i64, i64) = told.money.values().fold((0, 0), |(p, r), (tp, tr)| (p + tp, r + tr));
    let (held,): (i64,) = sqlx::query_as("select coalesce(sum(paid_minor - refunded_minor), 0)::int8 from bookings")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(taken - given, held, "seed {base}");
    assert_vouchers(&db.pool).await;
    for d in &all {
        db.assert_consistent(*d).await;
    }
    db.assert_ledger().await;
    eprintln!("seed {base}: {:?}", told.ops);
    // the mix did what it says: each kind of operation went through at least once
    for op in Op::ALL {
        assert!(
            told.ops.get(op).copied().unwrap_or(0) > 0,
            "seed {base}: no {op:?} went through: {:?}",
            told.ops
        );
    }
}
