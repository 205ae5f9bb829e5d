//! api.shifts_awaiting: the shifts closed and not yet approved, from every
//! device and any earlier session, oldest close first — what the kiosk's
//! shift screen lists under `w` for a manager to approve.

use super::*;
use tourdesk::domain::ShiftStatus;

#[tokio::test]
async fn shifts_awaiting_approval_are_listed_from_every_device_until_approved() {
    let db = TestDb::new().await;
    let boss = db.manager().await;
    let one = db.core_as(Role::Desk, "Dina Desk", "desk-1").await;
    let two = db.core_as(Role::Desk, "Olga Kassa", "desk-2").await;
    let three = db.core_as(Role::Desk, "Ivan Kassa", "desk-3").await;
    assert!(boss.shifts_awaiting().await.unwrap().is_empty());
    for c in [&one, &two, &three] {
        c.shift_open(0, Uuid::now_v7()).await.unwrap();
    }
    // desk-2 closes first, then desk-1; desk-3 stays open
    two.shift_close(&[], Uuid::now_v7()).await.unwrap();
    let (closed, _) = one.shift_close(&[], Uuid::now_v7()).await.unwrap();
    // no approval in desk-1's session: another session, at another desk, sees it
    let later = db.core_as(Role::Desk, "Olga Kassa", "desk-3").await;
    let listed = later.shifts_awaiting().await.unwrap();
    let seen: Vec<(&str, &str, ShiftStatus)> = listed
        .iter()
        .map(|s| (s.device.as_str(), s.closed_by.as_str(), s.status))
        .collect();
    assert_eq!(
        seen,
        [
            ("desk-2", "Olga Kassa", ShiftStatus::AwaitingApproval),
            ("desk-1", "Dina Desk", ShiftStatus::AwaitingApproval),
        ],
        "oldest close first, the open shift not among them"
    );
    boss.shift_approve(closed.shift.shift_id, Uuid::now_v7()).await.unwrap();
    let left: Vec<String> = boss
        .shifts_awaiting()
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.device)
        .collect();
    assert_eq!(left, ["desk-2"], "an approved shift leaves the list");
}
