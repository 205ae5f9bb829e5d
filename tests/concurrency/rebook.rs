//! The bulk rebooking after a weather cancellation racing walk-ins on its
//! alternatives, and a second run of the same bulk (same key, another desk)
//! at the same time: nothing oversold, the counters equal the rows in every
//! snapshot, each party moved at most once — with exactly the money it had
//! (no payment, no refund: the ledger) — or still to rebook with its money
//! kept, and a party left unmoved truly fits nowhere. No deadlock: the
//! moves lock both departures in ascending id order, a walk-in one.

use super::*;
use std::collections::HashMap;
use tourdesk::booking::RebookMove;
use tourdesk::domain::PaymentMethod;
use tourdesk::service::{RebookRun, Service};

const PARTIES: usize = 14;
const WALK_INS: usize = 16;

/// A party of the cancelled departure as the database has it now.
#[derive(Debug, sqlx::FromRow)]
struct Party {
    booking_number: String,
    departure_id: i64,
    seats: i32,
    paid_minor: i64,
    refunded_minor: i64,
    ledger_rows: i64,
    case_status: String,
    moves: i64,
    moved_to: Option<i64>,
}

async fn parties(pool: &PgPool) -> Vec<Party> {
    sqlx::query_as(
        "select b.booking_number, b.departure_id, b.seats, b.paid_minor, b.refunded_minor,
                (select count(*) from ledger l where l.booking_id = b.id) as ledger_rows,
                r.status as case_status,
                (select count(*) from booking_moves m where m.booking_id = b.id) as moves,
                (select max(m.to_departure_id) from booking_moves m where m.booking_id = b.id) as moved_to
           from bookings b join rebookings r on r.booking_id = b.id
          order by b.id",
    )
    .fetch_all(pool)
    .await
    .expect("parties to rebook")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn bulk_rebooking_racing_walk_ins_moves_each_party_once_and_never_oversells() {
    let db = TestDb::with_pool(POOL).await;
    let manager = db.manager().await;
    let desks = kiosks(&db, 3).await;
    let base = seed();
    let mut rng = StdRng::seed_from_u64(base);
    // the storm's parties: one to three seats, paid, unpaid or half paid
    let storm = db.departure(&manager, 30, 40).await;
    for i in 0..PARTIES {
        let adults = rng.random_range(1..=2);
        let mut req = request(storm, adults, rng.random_range(0..=1), &format!("Party {i}"));
        if i % 3 != 0 {
            req.payment.method = PaymentMethod::Unpaid;
        }
        let b = desks[0].book(&req).await.unwrap();
        if i % 3 == 2 {
            desks[0]
                .pay(
                    &b.booking_number,
                    b.total_minor / 2,
                    PaymentMethod::Cash,
                    "",
                    Uuid::now_v7(),
                )
                .await
                .unwrap();
        }
    }
    manager
        .cancel_departure(storm, CancelReason::Weather, "Storm")
        .await
        .unwrap();
    let before: HashMap<String, Party> = parties(&db.pool)
        .await
        .into_iter()
        .map(|p| (p.booking_number.clone(), p))
        .collect();
    assert_eq!(before.len(), PARTIES);
    // the alternatives, nearly full: 10 of 30 and 8 of 20 seats free
    let near = db.departure(&manager, 54, 30).await;
    let far = db.departure(&manager, 78, 20).await;
    for (dep, taken) in [(near, 20), (far, 12)] {
        for i in 0..taken / 2 {
            manager.book(&request(dep, 2, 0, &format!("Early {i}"))).await.unwrap();
        }
    }
    let to = [near, far];

    let stop = Arc::new(AtomicBool::new(false));
    let checker = spawn_checker(db.pool.clone(), vec![storm, near, far], stop.clone());
    let start = Arc::new(Barrier::new(2 + WALK_INS));
    let key = Uuid::now_v7();
    // the same bulk twice at once, from two desks, under one key
    let runs: Vec<JoinHandle<RebookRun>> = (0..2)
        .map(|i| {
            let (service, start) = (Service::with_core(Some(desks[i].clone()), None), start.clone());
            tokio::spawn(async move {
                start.wait().await;
                service.rebook_all(storm, &to, key).await.expect("the bulk rebooking")
            })
        })
        .collect();
    let walk_ins: Vec<JoinHandle<u32>> = (0..WALK_INS)
        .map(|i| {
            let (core, start) = (desks[2 - i % 2].clone(), start.clone());
            let dep = to[i % 2];
            let pause = rng.random_range(0..30);
            tokio::spawn(async move {
                start.wait().await;
                tokio::time::sleep(Duration::from_millis(pause)).await;
                match core.book(&request(dep, 1, 0, &format!("Walk-in {i}"))).await {
                    Ok(_) => 1,
                    Err(e) => {
                        assert_true_sold_out(&e, 1, &format!("walk-in {i} (seed {base})"));
                        0
                    }
                }
            })
        })
        .collect();
    let mut reported: HashMap<String, Vec<RebookMove>> = HashMap::new();
    for r in runs {
        let run = r.await.unwrap_or_else(|e| panic!("a run failed (seed {base}): {e}"));
        assert!(run.failed.is_empty(), "seed {base}: parties failed: {:?}", run.failed);
        for m in run.moved {
            reported.entry(m.booking_number.clone()).or_default().push(m);
        }
    }
    let mut sold = 0;
    for w in walk_ins {
        sold += w.await.unwrap();
    }
    stop.store(true, Ordering::Relaxed);
    assert!(checker.await.unwrap() > 0, "the checker ran");

    let after = parties(&db.pool).await;
    let (mut moved_seats, mut open_seats, mut moved) = (0, 0, 0);
    for p in &after {
        let n = &p.booking_number;
        let was = &before[n];
        // the money stayed as it was: no payment, no refund, no row
        assert_eq!(
            (p.paid_minor, p.refunded_minor, p.ledger_rows),
            (was.paid_minor, 0, was.ledger_rows),
            "{n}: its money (seed {base})"
        );
        let told: Vec<&RebookMove> = reported.get(n).map(|v| v.iter().collect()).unwrap_or_default();
        let first: Vec<&&RebookMove> = told.iter().filter(|m| !m.replayed).collect();
        match p.case_status.as_str() {
            "moved" => {
                assert_eq!(p.moves, 1, "{n}: moved once (seed {base})");
                let at = p.moved_to.expect("its move's target");
                assert!(at == near.0 || at == far.0, "{n}: onto an alternative");
                assert_eq!(p.departure_id, at, "{n}: where its move put it");
                assert_eq!(first.len(), 1, "{n}: one run moved it, the other replayed: {told:?}");
                assert!(
                    told.iter().all(|m| m.to_departure_id == Some(at)),
                    "{n}: both runs name its one target: {told:?}"
                );
                moved_seats += p.seats;
                moved += 1;
            }
            "open" => {
                assert_eq!((p.moves, p.departure_id), (0, storm.0), "{n}: still on the storm");
                assert!(told.is_empty(), "{n}: reported moved but still open: {told:?}");
                open_seats += p.seats;
            }
            other => panic!("{n}: resolved as {other} by a rebooking"),
        }
        common::assert_party(&db.pool, n).await;
    }
    assert!(moved > 0, "seed {base}: nobody moved");
    assert!(
        open_seats > 0,
        "seed {base}: everybody fitted: the race was not contested"
    );
    let (_, storm_booked, _, _) = db.assert_consistent(storm).await;
    let (_, near_booked, _, _) = db.assert_consistent(near).await;
    let (_, far_booked, _, _) = db.assert_consistent(far).await;
    assert_eq!(storm_booked, open_seats, "the storm counts the parties still to rebook");
    assert_eq!(
        near_booked + far_booked,
        32 + sold as i32 + moved_seats,
        "the early sales, the walk-ins and the moved parties, each once (seed {base})"
    );
    // a party left over truly fits nowhere now: the preview places nobody
    let plan = desks[0].rebook_plan(storm, &to).await.unwrap();
    assert_eq!(plan.len(), PARTIES - moved);
    assert!(
        plan.iter().all(|p| p.to_departure.is_none()),
        "seed {base}: a party left to rebook fits: {plan:?}"
    );
    let open = desks[0].rebookings(storm).await.unwrap();
    assert_eq!(
        open.iter()
            .filter(|p| p.status == tourdesk::domain::RebookStatus::Open)
            .count(),
        PARTIES - moved,
        "the parties left are listed to rebook"
    );
    // the same run a third time: nobody moves, each moved party answers its first move
    let again = Service::with_core(Some(desks[0].clone()), None)
        .rebook_all(storm, &to, key)
        .await
        .unwrap();
    assert!(again.moved.is_empty() && again.failed.is_empty(), "{again:?}");
    for p in after.iter().filter(|p| p.case_status == "moved") {
        let m = desks[1].rebook_move(&p.booking_number, &to, key).await.unwrap();
        assert_eq!(
            (m.to_departure_id, m.replayed),
            (p.moved_to, true),
            "{}",
            p.booking_number
        );
    }
    assert_eq!(
        db.counters(near).await.1 + db.counters(far).await.1,
        near_booked + far_booked
    );
    db.assert_ledger().await;
    eprintln!("{moved} parties moved ({moved_seats} seats), {open_seats} seats left to rebook, {sold} walk-ins sold");
}
