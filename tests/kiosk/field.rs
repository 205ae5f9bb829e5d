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
    manager.create_signing_key(&key).await.expect("a manager makes a key");
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
    let proxy = Proxy::start(&db.url).await;
    let data = TempDir::new();
    let mut kiosk = Kiosk::start(&proxy.url(&db.url), &data);
    kiosk.log_in("111111");
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

/// `tourdesk field prepare` for `departure`, into the store at `store`,
/// sealed for the demo's guide (the owner connects: `--also` names them).
fn prepare_with_the_cli(db_url: &str, data: &std::path::Path, store: &std::path::Path, departure: i64) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tourdesk"))
        .args(["--device", "gate-test", "--store"])
        .arg(store)
        .args([
            "field",
            "prepare",
            "--also",
            "Дмитрий Соколов",
            "--departure",
            &departure.to_string(),
        ])
        .env("TOURDESK_ALSO_PINS", "111111")
        .env("DATABASE_URL", db_url)
        .env("TOURDESK_DATA_DIR", data)
        .output()
        .expect("run tourdesk field prepare");
    assert!(
        out.status.success(),
        "prepare failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_prepared_laptop_starts_and_logs_in_without_the_database_and_syncs_when_it_comes() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    hire(&manager, Role::Guide).await;
    let departure = db.departure(&manager, 1, 12).await;
    let (participant, code) = booked(&manager, departure).await;
    let data = TempDir::new();
    let store = data.join("laptop.sqlite");
    prepare_with_the_cli(&db.url, &data, &store, departure.0);

    let proxy = Proxy::start(&db.url).await;
    proxy.cut();
    let store_env = store.to_string_lossy().to_string();
    let mut kiosk = Kiosk::start_with(
        &proxy.url(&db.url),
        &data,
        &[("TOURDESK_FIELD_STORE", store_env.as_str())],
    );
    kiosk.wait_for("OFFLINE on the PIN screen", |t| {
        header(t).contains("OFFLINE") && t.contains("PIN")
    });
    kiosk.log_in("111111");
    kiosk.wait_text("Logged in offline");
    // the prepared departure, from the store
    kiosk.wait_text("Avachinsky volcano");
    kiosk.settle();
    kiosk.burst(&format!("{code}\r"));
    let screen = kiosk.wait_text("ADMITTED");
    assert!(screen.contains("OFFLINE · saved here"), "{screen}");
    kiosk.wait_for("one entry waiting", |t| header(t).contains("OFFLINE · 1 waiting"));

    proxy.mend();
    kiosk.wait_for("online, nothing waiting", |t| {
        header(t).contains("ONLINE") && !header(t).contains("waiting") && !header(t).contains("SYNC")
    });
    kiosk.wait_for("the sync's result", |t| t.contains("Synced") || t.contains("1 / 1 in"));
    assert_eq!(check_ins_of(&db, participant).await, (1, 1));
    // online now: the other screens open again
    kiosk.keys("1");
    let screen = kiosk.wait_for("the departures screen", |t| t.contains(" departures"));
    assert!(!screen.contains("only check-in"), "{screen}");
    kiosk.keys("q");
    assert!(wait_exit(&mut kiosk).success());
}

#[test]
fn an_unprepared_laptop_without_the_database_says_so_and_stops() {
    let data = TempDir::new();
    let mut kiosk = Kiosk::start("postgres://postgres@127.0.0.1:1/none", &data);
    let status = wait_exit(&mut kiosk);
    assert!(!status.success());
    let screen = kiosk.contents();
    assert!(screen.contains("cannot reach PostgreSQL"), "{screen}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_walk_ins_sell_only_from_the_laptops_allotment() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    hire(&manager, Role::Desk).await;
    let departure = db.departure(&manager, 2, 12).await;
    let data = TempDir::new();
    let store = data.join("laptop.sqlite");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tourdesk"))
        .args(["--device", "gate-test", "--store"])
        .arg(&store)
        .args([
            "field",
            "prepare",
            "--also",
            "Елена Морозова",
            "--departure",
            &departure.0.to_string(),
            "--allotment",
            "2",
        ])
        .env("TOURDESK_ALSO_PINS", "222222")
        .env("DATABASE_URL", &db.url)
        .env("TOURDESK_DATA_DIR", &data)
        .output()
        .expect("run tourdesk field prepare");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let proxy = Proxy::start(&db.url).await;
    proxy.cut();
    let store_env = store.to_string_lossy().to_string();
    let mut kiosk = Kiosk::start_with(
        &proxy.url(&db.url),
        &data,
        &[("TOURDESK_FIELD_STORE", store_env.as_str())],
    );
    kiosk.log_in("222222");
    kiosk.wait_text("Logged in offline");
    // a clerk starts on the walk-in pane: the departure this laptop may sell
    kiosk.wait_text("Avachinsky volcano");
    kiosk.settle();

    // three do not fit in the two seats leased
    kiosk.keys("\r3");
    kiosk.settle();
    kiosk.keys("\r");
    kiosk.wait_text("Not enough seats left in this laptop's allotment");
    // back to the party, two this time
    kiosk.keys("\x1b");
    kiosk.settle();
    kiosk.keys("2");
    kiosk.wait_text("2 × adult");
    kiosk.keys("\r");
    kiosk.settle();
    kiosk.keys("Olga Walk\r");
    kiosk.settle();
    // no phone: asked once, then on to payment
    kiosk.keys("\r");
    kiosk.settle();
    kiosk.keys("\r");
    let screen = kiosk.wait_text("everyone is checked in");
    let number = booking_number(&screen).expect("a booking number");
    kiosk.wait_for("one entry waiting", |t| header(t).contains("OFFLINE · 1 waiting"));

    proxy.mend();
    kiosk.wait_for("synced", |t| {
        header(t).contains("ONLINE") && !header(t).contains("waiting") && !header(t).contains("SYNC")
    });
    let booking = manager
        .booking(&number)
        .await
        .expect("the offline sale is on the server");
    assert_eq!((booking.adults, booking.children), (2, 0));
    assert_eq!(booking.departure_id, departure);
    let admitted: i64 = sqlx::query_scalar(
        "select count(*) from check_ins c join participants p on p.id = c.participant_id
          where p.booking_id = $1 and c.status = 'accepted'",
    )
    .bind(booking.booking_id.0)
    .fetch_one(&db.pool)
    .await
    .expect("count");
    assert_eq!(admitted, 2, "everyone of the walk-in is checked in");
    kiosk.keys("q");
    assert!(wait_exit(&mut kiosk).success());
}
