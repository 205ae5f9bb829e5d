//! The return roll-call on two kiosks (issue 14): a party went out and the
//! trip's end plus the grace period passed with nobody counted back — the
//! desk's kiosk shows "MISSING 2" in red in its header and on Occupancy,
//! told by `rollcall_changed` (the sweep's announcement), with no key
//! pressed; the guide's return mode counts them back and the red goes.

use super::*;
use tourdesk::booking::CheckInRequest;

/// Where `needle` starts on the screen (row, column).
fn at(kiosk: &Kiosk, needle: &str) -> Option<(u16, u16)> {
    let parser = kiosk.screen.lock().unwrap();
    let screen = parser.screen();
    let rows: Vec<String> = screen.rows(0, COLS).collect();
    rows.iter().enumerate().find_map(|(r, line)| {
        let byte = line.find(needle)?;
        Some((r as u16, line[..byte].chars().count() as u16))
    })
}

/// The background colour of the screen's cell.
fn bg(kiosk: &Kiosk, (row, col): (u16, u16)) -> vt100::Color {
    let parser = kiosk.screen.lock().unwrap();
    parser.screen().cell(row, col).map(|c| c.bgcolor()).unwrap_or_default()
}

const RED: vt100::Color = vt100::Color::Idx(1);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_after_the_grace_period_shows_on_a_second_kiosk_until_counted_back() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    hire(&manager, Role::Desk).await;
    hire(&manager, Role::Guide).await;
    let dep = db.departure(&manager, 1, 12).await;
    let number = manager
        .book(&common::request(dep, 2, 0, "Anna Climbers"))
        .await
        .expect("book")
        .booking_number;
    manager
        .check_in(&CheckInRequest::booking(&number, Some(dep)))
        .await
        .expect("both checked in");

    let desk_data = TempDir::new();
    let mut desk = Kiosk::start(&db.url, &desk_data);
    desk.log_in("222222");
    desk.wait_text("Avachinsky volcano");
    desk.keys("2");
    desk.wait_text("checked in 2/2");

    let guide_data = TempDir::new();
    let mut guide = Kiosk::start(&db.url, &guide_data);
    guide.log_in("111111");
    guide.wait_text("2 / 2 in");
    guide.settle();
    guide.keys("R");
    guide.wait_text("out 2 · back 0 · missing 0 · left 0");
    assert!(!desk.contents().contains("MISSING"), "nobody missing before the end");

    // the trip ended 61 minutes ago, the grace period is 60 (the server's clock decides)
    sqlx::query(
        "update departures set starts_at = now() - interval '8 hours', ends_at = now() - interval '61 minutes'
          where id = $1",
    )
    .bind(dep.0)
    .execute(&db.pool)
    .await
    .unwrap();
    let announced = Instant::now();
    assert_eq!(manager.sweep().await.expect("sweep").missing_departures, 1);
    // the notification, not the 20 s re-check, brings it
    desk.wait_for("MISSING in the header and on the card", |t| {
        t.matches("MISSING 2").count() >= 2
    });
    assert!(
        announced.elapsed() < Duration::from_secs(10),
        "{:?}",
        announced.elapsed()
    );
    let head = at(&desk, "MISSING 2").expect("on screen");
    assert_eq!(head.0, 0, "the header's line:\n{}", desk.contents());
    assert_eq!(bg(&desk, head), RED);
    // the desk's other panes keep it in the header
    desk.keys("1");
    desk.settle();
    let head = at(&desk, "MISSING 2").expect("on the Departures pane too");
    assert_eq!((head.0, bg(&desk, head)), (0, RED));

    // the guide's list says so too, then counts Anna's party back one by one
    guide.wait_text("out 0 · back 0 · missing 2 · left 0");
    let row = at(&guide, "MISSING ").expect("the state on a row");
    assert_eq!(bg(&guide, row), RED);
    guide.keys("\r");
    guide.wait_text("back 1 · missing 1");
    desk.wait_text("MISSING 1");
    guide.keys("e");
    guide.wait_text("Mark everyone still out as back? Out now: 1");
    guide.keys("y");
    guide.wait_text("out 0 · back 2 · missing 0 · left 0");
    desk.wait_for("no red any more", |t| !t.contains("MISSING"));
    let back: i64 = sqlx::query_scalar("select count(*) from returns r join participants p on p.id = r.participant_id join bookings b on b.id = p.booking_id where b.booking_number = $1 and r.state = 'back'")
        .bind(&number)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(back, 2);
}
