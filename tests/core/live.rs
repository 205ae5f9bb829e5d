//! What the kiosks listen to: a sale, a check-in and a waitlist change each
//! reach a subscriber as the change of that departure.

use crate::common::{TestDb, party, request};
use std::time::Duration;
use tourdesk::booking::CheckInRequest;
use tourdesk::booking::live::{self, Change};

async fn next(listener: &mut sqlx::postgres::PgListener) -> Change {
    let n = tokio::time::timeout(Duration::from_secs(5), listener.recv())
        .await
        .expect("no notification within 5 s")
        .expect("listener");
    Change::of(&n).expect("a change this kiosk understands")
}

#[tokio::test]
async fn sales_check_ins_and_the_waitlist_are_told_to_every_kiosk() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 1, 3).await;
    live::ping(&db.pool).await.expect("the database answers");
    let mut listener = live::subscribe(&db.pool).await.expect("subscribe");

    let booking = core.book(&request(dep, 3, 0, "Sold at desk 2")).await.unwrap();
    assert_eq!(next(&mut listener).await, Change::Departure(dep), "a sale");

    let first = booking.participants[0].id;
    core.check_in(&CheckInRequest::participant(first, Some(dep)))
        .await
        .unwrap();
    assert_eq!(next(&mut listener).await, Change::CheckIns(dep), "a check-in");

    core.set_no_show(booking.participants[1].id, true, "not here")
        .await
        .unwrap();
    assert_eq!(next(&mut listener).await, Change::CheckIns(dep), "a no-show");

    // full now: joining the waitlist moves no seat, and is still told
    core.waitlist_join(dep, party(1, 0), "Waiting", "", "").await.unwrap();
    assert_eq!(next(&mut listener).await, Change::Departure(dep), "a waitlist join");
}
