//! Offline field mode in the kiosk, end to end: prepared from the check-in
//! pane, the database cut away (a TCP proxy), a ticket admitted offline, the
//! database back, the journal synced by itself — and the server holding
//! exactly one check-in.

use super::*;
use tourdesk::domain::ParticipantId;

/// A one-person booking on `departure` and its participant's ticket code.
async fn booked(manager: &Core, departure: tourdesk::domain::DepartureId) -> (ParticipantId, String) {
    let booking = manager
        .book(&common::request(departure, 1, 0, "Anna Field"))
        .await
        .expect("book");
    let key = ed25519_dalek::SigningKey::from_bytes(&[9u8; 32]);
    let tickets = manager.tickets(&booking.booking_number, &key).await.expect("tickets");
    let t = tickets
        .iter()
        .find(|t| t.kind == TicketKind::Participant)
        .expect("a participant ticket");
    (t.participant_id.expect("its participant"), t.code.clone())
}

/// The server's check-ins of one participant: (accepted, all).
async fn check_ins_of(db: &TestDb, p: ParticipantId) -> (i64, i64) {
    sqlx::query_as(
        "select count(*) filter (where status = 'accepted'), count(*) from check_ins where participant_id = $1",
    )
    .bind(p.0)
    .fetch_one(&db.pool)
    .await
    .expect("count check-ins")
}

fn header(screen: &str) -> &str {
    screen.lines().next().unwrap_or("")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scan_with_the_database_cut_is_admitted_offline_and_synced_once_when_it_returns() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    hire(&manager, Role::Guide).await;
    let departure = db.departure(&manager, 1, 12).await;
    let (participant, code) = booked(&manager, departure).await;
    let proxy = Proxy::start(host_port(&db.url)).await;
    let data = tempdir();
    let mut kiosk = Kiosk::start(&proxy.url(&db.url), &data);
    kiosk.log_in("1111");
    // a guide starts on check-in, the next departure shown
    kiosk.wait_text("Avachinsky volcano");
    kiosk.wait_for("ONLINE", |t| header(t).contains("ONLINE"));
    kiosk.settle();

    kiosk.keys("p");
    kiosk.wait_text("Ready offline");
    kiosk.wait_text("ready offline");

    proxy.cut();
    kiosk.wait_for("OFFLINE in the header", |t| header(t).contains("OFFLINE"));
    kiosk.burst(&format!("{code}\r"));
    let screen = kiosk.wait_text("ADMITTED");
    assert!(screen.contains("Anna Field"), "{screen}");
    assert!(
        screen.contains("OFFLINE · saved here"),
        "the verdict says it was offline: {screen}"
    );
    kiosk.wait_for("one entry waiting", |t| header(t).contains("OFFLINE · 1 waiting"));
    assert_eq!(
        check_ins_of(&db, participant).await,
        (0, 0),
        "nothing reached the server"
    );

    proxy.mend();
    let screen = kiosk.wait_for("synced by itself", |t| {
        header(t).contains("ONLINE") && !header(t).contains("waiting") && !header(t).contains("SYNC")
    });
    assert!(!header(&screen).contains("OFFLINE"), "{screen}");
    // the sync's notice (or, a moment later, the manifest from the server)
    kiosk.wait_for("the sync's result", |t| t.contains("Synced") || t.contains("1 / 1 in"));
    assert_eq!(
        check_ins_of(&db, participant).await,
        (1, 1),
        "exactly one check-in on the server"
    );

    kiosk.keys("q");
    assert!(wait_exit(&mut kiosk).success());
    assert_restored(&kiosk);
}
