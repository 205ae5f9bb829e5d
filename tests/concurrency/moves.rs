//! Moves in opposite directions between two nearly full departures, racing
//! walk-in sales and cancellations of the very parties being moved: no
//! deadlock (both departures are locked in ascending id order, by the server
//! and by each kiosk's gates), the counters equal the rows in every
//! snapshot, nothing is oversold, every SOLD_OUT is true, and a party that
//! moved is on its target with its participants.

use super::*;
use tourdesk::booking::{MoveRequest, Moved};
use tourdesk::domain::MoveReason;

const PARTIES: usize = 8;
const ROUNDS: usize = 3;

#[derive(Debug)]
enum Outcome {
    /// the party's last move landed it here
    Moved(Vec<Moved>),
    /// refused for want of seats (true refusal checked) after these moves
    Full(Vec<Moved>),
    /// cancelled by a racing clerk (only the parties being cancelled)
    Cancelled(Vec<Moved>),
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn opposite_moves_racing_sales_and_cancels_never_deadlock_or_oversell() {
    let db = TestDb::with_pool(POOL).await;
    let manager = db.manager().await;
    let a = db.departure(&manager, 100, 20).await;
    let b = db.departure_of(&manager, "Bay cruise", 110, 20).await;
    let kiosks = kiosks(&db, 3).await;
    // nearly full: 16 of 20 seats on each, in parties of two
    let mut parties = Vec::new();
    for (dep, other) in [(a, b), (b, a)] {
        for i in 0..PARTIES {
            let booking = manager
                .book(&request(dep, 2, 0, &format!("Party {i} of {}", dep.0)))
                .await
                .unwrap();
            parties.push((booking.booking_number, dep, other));
        }
    }
    // two parties of each side are cancelled while they are being moved
    let cancelled: Vec<String> = parties
        .iter()
        .enumerate()
        .filter(|(i, _)| i % PARTIES < 2)
        .map(|(_, p)| p.0.clone())
        .collect();

    let stop = Arc::new(AtomicBool::new(false));
    let checker = spawn_checker(db.pool.clone(), vec![a, b], stop.clone());
    let start = Arc::new(Barrier::new(parties.len() + cancelled.len() + 12));
    let mut movers = Vec::new();
    for (i, (number, home, away)) in parties.iter().cloned().enumerate() {
        let (core, start, doomed) = (
            kiosks[i % kiosks.len()].clone(),
            start.clone(),
            cancelled.contains(&number),
        );
        movers.push(tokio::spawn(async move {
            start.wait().await;
            let mut done = Vec::new();
            for round in 0..ROUNDS {
                let to = if round % 2 == 0 { away } else { home };
                let request = MoveRequest::new(&number, to, MoveReason::Customer);
                match core.move_booking(&request, Uuid::now_v7()).await {
                    Ok(m) => {
                        assert_eq!(m.to_departure_id, to.0, "{number}");
                        done.push(m);
                    }
                    Err(e @ BookingError::SoldOut { .. }) => {
                        assert_true_sold_out(&e, 2, &format!("move of {number}"));
                        return Outcome::Full(done);
                    }
                    Err(BookingError::BookingCancelled { .. }) if doomed => return Outcome::Cancelled(done),
                    Err(e) => panic!("move of {number} (round {round}): {} {e}", e.code()),
                }
            }
            Outcome::Moved(done)
        }));
    }
    let mut cancellers = Vec::new();
    for (i, number) in cancelled.iter().cloned().enumerate() {
        let (core, start) = (kiosks[(i + 1) % kiosks.len()].clone(), start.clone());
        cancellers.push(tokio::spawn(async move {
            start.wait().await;
            tokio::time::sleep(Duration::from_millis(5 * i as u64)).await;
            core.cancel(&number, CancelReason::Customer, "changed plans")
                .await
                .unwrap_or_else(|e| panic!("cancel of {number}: {} {e}", e.code()))
        }));
    }
    let mut buyers = Vec::new();
    for i in 0..12 {
        let (core, start) = (kiosks[i % kiosks.len()].clone(), start.clone());
        let dep = if i % 2 == 0 { a } else { b };
        buyers.push(tokio::spawn(async move {
            start.wait().await;
            match core.book(&request(dep, 1, 0, &format!("Walk-in {i}"))).await {
                Ok(_) => 1,
                Err(e) => {
                    assert_true_sold_out(&e, 1, &format!("walk-in {i}"));
                    0
                }
            }
        }));
    }

    let mut moves = 0;
    let mut full = 0;
    let mut expected = Vec::new();
    for (m, (number, home, _)) in movers.into_iter().zip(&parties) {
        let outcome = m.await.unwrap();
        let (done, cancelled_party) = match outcome {
            Outcome::Moved(d) => (d, false),
            Outcome::Full(d) => {
                full += 1;
                (d, false)
            }
            Outcome::Cancelled(d) => (d, true),
        };
        moves += done.len();
        if !cancelled_party {
            let at = done.last().map_or(*home, |m| DepartureId(m.to_departure_id));
            expected.push((number.clone(), at));
        }
    }
    for c in cancellers {
        assert!(!c.await.unwrap().already_cancelled);
    }
    let mut sold = 0;
    for s in buyers {
        sold += s.await.unwrap();
    }
    stop.store(true, Ordering::Relaxed);
    let checks = checker.await.unwrap();
    assert!(checks > 0, "the checker ran");
    assert!(moves > 0, "some moves went through");

    // every party that was not cancelled is where its last move put it,
    // with its participants (cancelled parties stayed wherever the cancel found them)
    for (number, at) in &expected {
        let booking = manager.booking(number).await.unwrap();
        assert_eq!(booking.departure_id, *at, "{number}");
    }
    let stray: i64 = sqlx::query_scalar(
        "select count(*) from participants p join bookings b on b.id = p.booking_id
          where p.departure_id <> b.departure_id",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(stray, 0, "participants left on the old departure");
    let (_, booked_a, _, _) = db.assert_consistent(a).await;
    let (_, booked_b, _, _) = db.assert_consistent(b).await;
    assert_eq!(
        (booked_a + booked_b) as usize,
        2 * (2 * PARTIES - cancelled.len()) + sold,
        "seats of the parties left and the walk-ins, each counted once"
    );
    db.assert_ledger().await;
    eprintln!("{moves} moves, {full} refused as full, {sold} walk-ins sold, {checks} checks");
}
