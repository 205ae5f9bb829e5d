//! Checked-in counts per departure (the kiosk's occupancy gauges).

use super::checkin::{departure_at_ten, family};
use super::*;
use tourdesk::booking::CheckInRequest;

#[tokio::test]
async fn counts_accepted_check_ins_per_departure() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let guide = // checks in at chosen times: a manager's right
    db.core_as(Role::Manager, "Guide Oleg", "field-laptop-1").await;
    let (dep, starts) = departure_at_ten(&core, "Avachinsky volcano", 2, 10).await;
    let (quiet, _) = departure_at_ten(&core, "Mutnovsky volcano", 2, 10).await;
    let fam = core.book(&family(dep)).await.unwrap();
    let solo = core.book(&request(dep, 1, 0, "Solo Sam")).await.unwrap();
    let at = starts - Duration::minutes(15);
    for number in [&fam.booking_number, &solo.booking_number] {
        let mut req = CheckInRequest::booking(number, Some(dep));
        req.occurred_at = at;
        req.at = Some(req.occurred_at);
        guide.check_in(&req).await.unwrap();
    }
    assert_eq!(
        guide.checked_in_counts(&[quiet, dep]).await.unwrap(),
        [(dep, 4), (quiet, 0)],
        "ordered by id, the quiet one with 0"
    );

    // an undone check-in and a cancelled booking no longer count
    let ivan = tourdesk::domain::ParticipantId(fam.participants[1].id.0);
    guide.undo_check_in(ivan, "wrong person").await.unwrap();
    core.cancel(&solo.booking_number, CancelReason::Customer, "")
        .await
        .unwrap();
    assert_eq!(guide.checked_in_counts(&[dep]).await.unwrap(), [(dep, 2)]);
    assert!(guide.checked_in_counts(&[]).await.unwrap().is_empty());
}
