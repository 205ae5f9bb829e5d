//! (a) Many buyers, few seats: exactly the seats are sold, every refusal is true.

use super::*;

async fn buyers_race_for_seats(kiosk_count: usize) {
    let db = TestDb::with_pool(POOL).await;
    let manager = db.manager().await;
    let dep = db.departure(&manager, 48, 40).await;
    let kiosks = kiosks(&db, kiosk_count).await;
    let start = Arc::new(Barrier::new(200));

    let buyers: Vec<_> = (0..200)
        .map(|i| {
            let core = kiosks[i % kiosks.len()].clone();
            let start = start.clone();
            tokio::spawn(async move {
                start.wait().await;
                core.book(&request(dep, 1, 0, &format!("Buyer {i}"))).await
            })
        })
        .collect();
    let mut numbers = HashSet::new();
    let mut sold_out = 0;
    for b in buyers {
        match b.await.unwrap() {
            Ok(booking) => {
                assert!(!booking.replayed);
                assert!(numbers.insert(booking.booking_number));
            }
            Err(e) => {
                assert_true_sold_out(&e, 1, "buyer");
                sold_out += 1;
            }
        }
    }
    assert_eq!(numbers.len(), 40, "every seat sold, none twice");
    assert_eq!(sold_out, 160);
    assert_eq!(db.counters(dep).await, (40, 40, 0));
    assert_eq!(manager.booked_seats(dep).await.unwrap(), 40);
    db.assert_consistent(dep).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_buyers_for_forty_seats_through_one_ungated_kiosk() {
    buyers_race_for_seats(1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_buyers_for_forty_seats_through_four_kiosks() {
    buyers_race_for_seats(4).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parties_of_mixed_sizes_fill_the_departure_exactly() {
    // 1–4 seats each: no party is refused while it would still fit
    let db = TestDb::with_pool(POOL).await;
    let manager = db.manager().await;
    let dep = db.departure(&manager, 48, 57).await;
    let kiosks = kiosks(&db, 3).await;
    let mut rng = StdRng::seed_from_u64(seed());
    let sizes: Vec<u32> = (0..120).map(|_| rng.random_range(1..=4)).collect();
    let buyers: Vec<_> = sizes
        .iter()
        .enumerate()
        .map(|(i, &n)| {
            let core = kiosks[i % kiosks.len()].clone();
            tokio::spawn(async move { (n, core.book(&request(dep, n, 0, "Party")).await) })
        })
        .collect();
    let mut sold = 0;
    let mut smallest_refused = u32::MAX;
    for b in buyers {
        let (n, r) = b.await.unwrap();
        match r {
            Ok(_) => sold += n,
            Err(e) => {
                assert_true_sold_out(&e, i64::from(n), "mixed party");
                smallest_refused = smallest_refused.min(n);
            }
        }
    }
    let (capacity, booked, _, _) = db.assert_consistent(dep).await;
    assert_eq!(booked as u32, sold);
    // the last refusal said fewer than its party were free; the smallest
    // refused party therefore did not fit into what was left at the end
    assert!(
        (capacity as u32 - sold) < smallest_refused,
        "{} seats left, yet a party of {smallest_refused} was refused",
        capacity as u32 - sold
    );
}
