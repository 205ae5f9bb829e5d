//! The cash drawer's shift at the kiosk, end to end: a desk clerk logs in
//! on a device with no open shift and the walk-in asks for the opening
//! float first; the sale lands in that shift; `8` shows it, `c` counts the
//! drawer by note and coin with over/short as it is typed; a manager's PIN
//! typed on the same screen approves it, and the Z-report shows. The
//! database then says who approved: the manager the PIN named, not the
//! clerk whose session the kiosk runs.

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_walk_in_asks_for_a_shift_then_the_clerk_closes_it_and_a_manager_approves() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    // no `hire` for the clerk: that opens the morning's shift
    manager
        .upsert_staff("Елена Морозова", Role::Desk, "222222")
        .await
        .expect("hire the clerk");
    hire(&manager, Role::Manager).await;
    db.departure(&manager, 1, 12).await;
    let data = TempDir::new();
    let mut kiosk = Kiosk::start(&db.app_url().await, &data);
    kiosk.log_in("222222");
    kiosk.wait_text("Opening float");
    kiosk.settle();
    kiosk.keys("5000\r");
    kiosk.wait_text("Shift opened");
    kiosk.wait_text("float 5 000.00 RUB");
    kiosk.keys("\x1b");
    kiosk.wait_for("the walk-in again", |t| {
        !t.contains("Opening float") && !t.contains("float 5 000.00")
    });
    kiosk.settle();

    // one adult, paid in cash: 7 500.00 RUB into the drawer
    kiosk.keys("\r1\t0");
    kiosk.settle();
    kiosk.keys("\r");
    kiosk.settle();
    kiosk.keys("Иван Петров\t89001234567\r");
    kiosk.settle();
    kiosk.keys("\r");
    let screen = kiosk.wait_for("a booking number", |t| booking_number(t).is_some());
    let number = booking_number(&screen).unwrap();
    kiosk.settle();

    kiosk.keys("8");
    kiosk.wait_text("12 500.00 RUB");
    kiosk.keys("c");
    kiosk.wait_text("Close: count the drawer");
    // 2 × 5 000 ₽, then ↓↓↓ to 500 ₽: 5 of them
    kiosk.keys("2");
    kiosk.wait_text("short 2 500.00 RUB");
    for _ in 0..3 {
        kiosk.burst("\x1b[B"); // ↓, as the terminal sends it: at once
        kiosk.settle();
    }
    kiosk.keys("5");
    kiosk.wait_text("exact");
    kiosk.keys("\r");
    kiosk.wait_text("Close the shift with this count?");
    kiosk.keys("y");
    kiosk.wait_text("Awaiting a manager's approval");
    kiosk.keys("333333\r");
    kiosk.wait_text("Z-REPORT No. 1");

    let (status, approver, closer, z): (String, String, String, Option<i32>) = sqlx::query_as(
        "select s.status, a.name, c.name, s.z_number from shifts s
           join staff a on a.id = s.approved_by join staff c on c.id = s.closed_by
           join devices d on d.id = s.device_id where d.name = 'gate-test'",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(
        (status.as_str(), approver.as_str(), closer.as_str(), z),
        ("approved", "Игорь Бондаренко", "Елена Морозова", Some(1))
    );
    let in_shift: Option<i64> = sqlx::query_scalar(
        "select l.shift_id from ledger l join bookings b on b.id = l.booking_id where b.booking_number = $1",
    )
    .bind(&number)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert!(in_shift.is_some(), "the sale belongs to the shift");
    // the manager's session was for the approval only
    let live: i64 = sqlx::query_scalar(
        "select count(*) from sessions s join staff st on st.id = s.staff_id
          where s.ended_at is null and st.name = 'Игорь Бондаренко'",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(live, 0, "the approving manager's session ended");

    kiosk.keys("\x1b");
    kiosk.settle();
    kiosk.keys("q");
    assert!(wait_exit(&mut kiosk).success());
}
