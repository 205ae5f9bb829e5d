//! (d) Sweeps running concurrently while holds expire and seats are sold.

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_sweeps_while_holds_expire_keep_the_counters_right() {
    let db = TestDb::with_pool(POOL).await;
    let manager = db.manager().await;
    let departures = vec![
        db.departure(&manager, 48, 30).await,
        db.departure(&manager, 72, 20).await,
        db.departure_of(&manager, "Avacha Bay boat trip", 48, 25).await,
    ];
    let kiosks = kiosks(&db, 4).await;
    let stop = Arc::new(AtomicBool::new(false));
    let checker = spawn_checker(db.pool.clone(), departures.clone(), stop.clone());
    let base = seed();

    // holders: hold, and now and then let time pass for a random live hold
    let holders: Vec<_> = (0..12)
        .map(|i| {
            let core = kiosks[i % kiosks.len()].clone();
            let pool = db.pool.clone();
            let departures = departures.clone();
            tokio::spawn(async move {
                let mut rng = StdRng::seed_from_u64(base ^ (0xd00d + i as u64));
                let mut sold_out = 0;
                for step in 0..40 {
                    let dep = departures[rng.random_range(0..departures.len())];
                    let n = rng.random_range(1..=3);
                    if rng.random_bool(0.7) {
                        match core.hold(dep, party(n, 0), Some(5)).await {
                            Ok(_) => {}
                            Err(e) => {
                                assert_true_sold_out(&e, i64::from(n), &format!("holder {i} step {step}"));
                                sold_out += 1;
                            }
                        }
                    } else {
                        match core.book(&request(dep, n, 0, "Buyer")).await {
                            Ok(_) => {}
                            Err(e) => {
                                assert_true_sold_out(&e, i64::from(n), &format!("buyer {i} step {step}"));
                                sold_out += 1;
                                if rng.random_bool(0.5) {
                                    match core.waitlist_join(dep, party(n, 0), "Queue", "", "").await {
                                        Ok(_) | Err(BookingError::SeatsAvailable { .. }) => {}
                                        Err(e) => panic!("waitlist join: {} {e}", e.code()),
                                    }
                                }
                            }
                        }
                    }
                    if rng.random_bool(0.4) {
                        sqlx::query(
                            "update holds set expires_at = now() - interval '1 second'
                              where status = 'active'
                                and id = (select id from holds where status = 'active' and purpose = 'walk_in'
                                           order by random() limit 1)",
                        )
                        .execute(&pool)
                        .await
                        .unwrap();
                    }
                }
                sold_out
            })
        })
        .collect();
    // sweepers: every kiosk sweeps, all the time
    let swept = Arc::new(AtomicU64::new(0));
    let sweepers: Vec<_> = (0..4)
        .map(|i| {
            let core = kiosks[i].clone();
            let stop = stop.clone();
            let swept = swept.clone();
            tokio::spawn(async move {
                let mut runs = 0;
                while !stop.load(Ordering::Relaxed) {
                    let r = core.sweep().await.unwrap_or_else(|e| panic!("sweep: {} {e}", e.code()));
                    swept.fetch_add(r.expired_seats as u64, Ordering::Relaxed);
                    runs += 1;
                    tokio::time::sleep(Duration::from_millis(1)).await;
                }
                runs
            })
        })
        .collect();
    let mut refusals = 0;
    for h in holders {
        refusals += h.await.unwrap();
    }
    assert!(refusals > 0, "seats never ran out (seed {base}): nothing was contested");
    // the end of the day: every walk-in hold and offer runs out; four sweeps at once
    sqlx::query("update holds set expires_at = now() - interval '1 second' where status = 'active'")
        .execute(&db.pool)
        .await
        .unwrap();
    let finals: Vec<_> = kiosks
        .iter()
        .map(|k| {
            let k = k.clone();
            tokio::spawn(async move { k.sweep().await.unwrap() })
        })
        .collect();
    for f in finals {
        f.await.unwrap();
    }
    stop.store(true, Ordering::Relaxed);
    for s in sweepers {
        assert!(s.await.unwrap() > 0);
    }
    let checks = checker.await.unwrap();
    assert!(checks >= 10, "the checker ran only {checks} times");

    // the last sweeps may have made fresh offers to the queue: those are the
    // only seats still held, and the counters say exactly that
    for dep in &departures {
        let (_, booked, held, _) = db.assert_consistent(*dep).await;
        let offers: i64 = sqlx::query_scalar(
            "select coalesce(sum(seats), 0)::int8 from holds
              where departure_id = $1 and status = 'active' and purpose = 'waitlist_offer'",
        )
        .bind(dep.0)
        .fetch_one(&db.pool)
        .await
        .unwrap();
        assert_eq!(i64::from(held), offers, "departure {dep}");
        assert_eq!(i64::from(booked), manager.booked_seats(*dep).await.unwrap());
    }
    assert_no_hold_expired_early(&db.pool).await;
    // every expired seat was reclaimed exactly once: the audit trail of
    // reclaims adds up to the seats of the expired holds
    let (expired_seats, audited): (i64, i64) = sqlx::query_as(
        "select (select coalesce(sum(seats), 0)::int8 from holds where status = 'expired'),
                (select coalesce(sum((details ->> 'seats')::int), 0)::int8 from audit_log
                  where action = 'holds.expired')",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(expired_seats, audited);
    assert!(expired_seats > 0);
    assert!(
        swept.load(Ordering::Relaxed) as i64 <= expired_seats,
        "sweeps reported more seats than ever expired"
    );
}
