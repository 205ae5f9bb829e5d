//! People a field laptop sold offline, not synced yet, are in its roll-call
//! (issue 14): sold at the gate, they went out and must be counted back.
//! They are marked back — by name or with everyone — offline, and the sync,
//! which applies the sale first, records their returns once. A synced field
//! sale queues the customer's confirmation, as every sale does, once, in the
//! language of the sale (the kiosk's, `field sell --language`), else the
//! operator's.

use super::cli_commands::{GONE, as_staff};
use super::returns::forget_synced;
use super::*;
use serde_json::{Value, json};
use tourdesk::booking::{BookRequest, CheckInRequest, Language, ReturnRequest, ReturnSubject, RollcallPerson};
use tourdesk::domain::ParticipantRef;
use tourdesk::field::OfflineSale;
use tourdesk::service::Service;

/// Returns recorded on the server for the people of a booking.
async fn back_of(db: &TestDb, number: &str) -> i64 {
    sqlx::query_scalar(
        "select count(*) from returns r join participants p on p.id = r.participant_id
           join bookings b on b.id = p.booking_id where b.booking_number = $1 and r.state = 'back'",
    )
    .bind(number)
    .fetch_one(&db.pool)
    .await
    .unwrap()
}

async fn returns_on(db: &TestDb, dep: DepartureId) -> i64 {
    count(db, "select count(*) from returns where departure_id = $1", dep.0).await
}

/// A booking's language and the confirmations queued for it (details of each).
async fn confirmations(db: &TestDb, number: &str) -> (String, Vec<Value>) {
    let language: String = sqlx::query_scalar("select language from bookings where booking_number = $1")
        .bind(number)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let details: Vec<Value> = sqlx::query_scalar(
        "select o.details from notification_outbox o join bookings b on b.id = o.booking_id
          where b.booking_number = $1 and o.kind = 'booking_confirmed' order by o.id",
    )
    .bind(number)
    .fetch_all(&db.pool)
    .await
    .unwrap();
    (language, details)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn walk_ins_sold_offline_are_counted_back_on_the_laptop_and_their_returns_sync_once() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let dep = departure(&db, &manager, 10).await;
    let anna = manager.book(&request(dep, 1, 0, "Anna Petrova")).await.unwrap();
    manager
        .check_in(&CheckInRequest::booking(&anna.booking_number, Some(dep)))
        .await
        .unwrap();
    let mut laptop = Laptop::new(&db, "laptop-walkins-back").await;
    laptop.prepare(&[dep], Some(3)).await;
    let mut sale = OfflineSale::new(dep, common::party(2, 0), "Vera Walkin");
    sale.contact_phone = "+7 914 555 66 77".into();
    let receipt = laptop.store.sell(&sale, None).await.unwrap();

    // up the volcano with Anna: out, with the phone to call
    let r = laptop.store.rollcall(dep).unwrap();
    assert!(r.offline);
    assert_eq!((r.counts.checked_in, r.counts.out), (3, 3), "{r:?}");
    let walkins: Vec<&RollcallPerson> = r
        .out
        .iter()
        .filter(|p| p.booking_number == receipt.booking_number)
        .collect();
    assert_eq!(walkins.len(), 2, "{:?}", r.out);
    assert!(
        walkins
            .iter()
            .all(|p| p.phone == "+7 914 555 66 77" && p.contact_name == "Vera Walkin"),
        "{walkins:?}"
    );
    let vera = walkins[0].participant_id;
    assert!(matches!(vera, ParticipantRef::Local { position: 1, .. }), "{vera:?}");
    assert_eq!(walkins[0].name, "Vera Walkin");

    // Vera back by name; a second tick is "already back", nothing journalled
    let one = laptop
        .store
        .record_return(&ReturnRequest::back(ReturnSubject::Participant(vera), Some(dep)), None)
        .await
        .unwrap();
    assert!(one.offline && !one.replayed);
    assert_eq!(one.recorded.len(), 1, "{one:?}");
    assert_eq!(
        (one.recorded[0].participant_id, one.recorded[0].name.as_str()),
        (vera, "Vera Walkin")
    );
    let pending = laptop.store.pending();
    let again = laptop
        .store
        .record_return(&ReturnRequest::back(ReturnSubject::Participant(vera), Some(dep)), None)
        .await
        .unwrap();
    assert!(again.recorded.is_empty(), "{again:?}");
    assert_eq!(again.already[0].participant_id, vera);
    assert_eq!(laptop.store.pending(), pending);

    // everyone back: Anna and Vera's guest
    let all = laptop
        .store
        .record_return(&ReturnRequest::back(ReturnSubject::Everyone(dep), None), None)
        .await
        .unwrap();
    assert_eq!(all.recorded.len(), 2, "{all:?}");
    assert_eq!((all.counts.back, all.counts.out), (3, 0));
    // the sale, Vera, everyone
    assert_eq!(laptop.store.pending(), 3);

    let first = tourdesk::field::sync(&mut laptop.store, &laptop.core, |_| {})
        .await
        .unwrap();
    assert_eq!(first.applied, 3, "{first:?}");
    assert!(first.conflicts.is_empty() && first.failed.is_empty(), "{first:?}");
    assert_eq!(back_of(&db, &receipt.booking_number).await, 2);
    assert_eq!(returns_on(&db, dep).await, 3);
    let r = laptop.store.rollcall(dep).unwrap();
    assert_eq!((r.counts.back, r.counts.out), (3, 0), "still back here after the sync");

    // synced twice: nothing more
    forget_synced(&mut laptop, "laptop-walkins-back").await;
    assert_eq!(laptop.store.pending(), 3);
    let second = tourdesk::field::sync(&mut laptop.store, &laptop.core, |_| {})
        .await
        .unwrap();
    assert_eq!((second.applied, second.already_applied), (0, 3), "{second:?}");
    assert!(second.conflicts.is_empty(), "{second:?}");
    assert_eq!(back_of(&db, &receipt.booking_number).await, 2);
    assert_eq!(returns_on(&db, dep).await, 3);

    // the desk sees the walk-ins back, from the laptop, under the server's ids
    let desk = manager.rollcall(dep).await.unwrap();
    assert_eq!((desk.counts.checked_in, desk.counts.back), (3, 3));
    let theirs: Vec<&RollcallPerson> = desk
        .back
        .iter()
        .filter(|p| p.booking_number == receipt.booking_number)
        .collect();
    assert_eq!(theirs.len(), 2);
    assert!(
        theirs
            .iter()
            .all(|p| p.returned_device == "laptop-walkins-back" && p.participant_id.server().is_some()),
        "{theirs:?}"
    );
}

/// The kiosk's field mode: a walk-in sold in the kiosk's language, counted
/// back through the service offline — and, once the database is back but
/// before the sync, still on the laptop (only it knows them) — then one
/// confirmation in that language.
#[tokio::test]
async fn the_kiosk_counts_its_walk_ins_back_and_the_sync_confirms_them_once_in_its_language() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let dep = departure(&db, &manager, 10).await;
    let mut laptop = Laptop::new(&db, "laptop-kiosk-walkins").await;
    laptop.prepare(&[dep], Some(2)).await;
    let Laptop { store, core, dir, .. } = laptop;
    let service = Service::with_core(None, Some(store));
    let mut req = common::request(dep, 2, 0, "Ivan Walkin");
    req.contact_phone = "+79145550000".into();
    req.language = Some(Language::Ru);
    req.hold = Some(
        service
            .hold(dep, common::party(2, 0), uuid::Uuid::now_v7())
            .await
            .unwrap()
            .hold_id,
    );
    let sold = service.book(&req).await.unwrap();
    assert!(sold.offline());

    let r = service.rollcall(dep).await.unwrap();
    assert!(r.offline);
    assert_eq!(r.out.len(), 2, "{r:?}");
    let (ivan, guest) = (r.out[0].participant_id, r.out[1].participant_id);
    let one = service
        .record_return(&ReturnRequest::back(ReturnSubject::Participant(ivan), Some(dep)))
        .await
        .unwrap();
    assert!(one.offline);
    assert_eq!(one.recorded.len(), 1);

    service.attach(core.clone());
    let two = service
        .record_return(&ReturnRequest::back(ReturnSubject::Participant(guest), Some(dep)))
        .await
        .unwrap();
    assert!(two.offline, "the server does not know them before the sync: {two:?}");
    assert_eq!((two.counts.back, two.counts.out), (2, 0));
    assert_eq!(service.pending().await, 3);

    let report = service.sync(|_| {}).await.unwrap();
    assert_eq!(report.applied, 3, "{report:?}");
    assert!(report.conflicts.is_empty() && report.failed.is_empty(), "{report:?}");
    assert_eq!(back_of(&db, sold.booking_number()).await, 2);
    let (language, queued) = confirmations(&db, sold.booking_number()).await;
    assert_eq!((language.as_str(), queued.len()), ("ru", 1));
    drop(dir);
}

#[tokio::test]
async fn a_synced_field_sale_queues_one_confirmation_in_its_language_or_the_operators() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let dep = departure(&db, &manager, 10).await;
    let mut laptop = Laptop::new(&db, "laptop-confirms").await;
    laptop.prepare(&[dep], Some(4)).await;
    let mut ru = OfflineSale::new(dep, common::party(2, 0), "Olga Russkaya");
    ru.contact_phone = "+79145550001".into();
    ru.language = Some(Language::Ru);
    let ru = laptop.store.sell(&ru, None).await.unwrap();
    // an entry as written before the language was kept (none: the key is not written)
    let mut plain = OfflineSale::new(dep, common::party(1, 0), "Old Entry");
    plain.contact_phone = "+79145550002".into();
    let plain = laptop.store.sell(&plain, None).await.unwrap();

    let first = tourdesk::field::sync(&mut laptop.store, &laptop.core, |_| {})
        .await
        .unwrap();
    assert_eq!(first.applied, 2, "{first:?}");
    assert!(first.conflicts.is_empty() && first.failed.is_empty(), "{first:?}");
    // what an online sale queues: the same kind, the same details
    let online = manager
        .book(&BookRequest {
            contact_phone: "+79145550003".into(),
            ..request(dep, 2, 0, "At The Desk")
        })
        .await
        .unwrap();
    let (_, desk) = confirmations(&db, &online.booking_number).await;
    let (language, queued) = confirmations(&db, &ru.booking_number).await;
    assert_eq!((language.as_str(), queued.len()), ("ru", 1), "{queued:?}");
    assert_eq!(queued[0], desk[0], "two adults at the same price: the same message");
    assert_eq!(
        queued[0],
        json!({"adults": 2, "children": 0, "total_minor": ru.total_minor, "currency": ru.currency})
    );
    let (language, queued) = confirmations(&db, &plain.booking_number).await;
    assert_eq!(
        (language.as_str(), queued.len()),
        ("", 1),
        "no language: the operator's notify language speaks"
    );

    // synced again: the sales are answered as they were, nothing more queued
    forget_synced(&mut laptop, "laptop-confirms").await;
    let second = tourdesk::field::sync(&mut laptop.store, &laptop.core, |_| {})
        .await
        .unwrap();
    assert_eq!((second.applied, second.already_applied), (0, 2), "{second:?}");
    assert_eq!(confirmations(&db, &ru.booking_number).await.1.len(), 1);
    assert_eq!(confirmations(&db, &plain.booking_number).await.1.len(), 1);
}

/// `return`, `rollcall` and `muster` on a prepared laptop whose database is
/// unreachable: answered from the store as `checkin` is, the returns
/// journalled under the command's key and sent by `field sync`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn return_rollcall_and_muster_answer_offline_on_a_laptop_and_field_sync_sends_them() {
    const CLERK: &str = "Roll Clerk";
    const PIN: &str = "52718394";
    let db = TestDb::new().await;
    let manager = db.manager().await;
    manager.upsert_staff(CLERK, Role::Desk, PIN).await.unwrap();
    let dep = departure(&db, &manager, 10).await;
    let anna = manager.book(&request(dep, 1, 0, "Anna Petrova")).await.unwrap();
    manager
        .check_in(&CheckInRequest::booking(&anna.booking_number, Some(dep)))
        .await
        .unwrap();
    let dir = TempDir::new();
    let url = db.url.as_str();
    let d = dep.to_string();
    let run = |url: &str, args: &[&str]| as_staff(&dir, url, PIN, PIN, args);

    let (code, r) = run(
        url,
        &[
            "field",
            "prepare",
            "--json",
            "--also",
            CLERK,
            "--departure",
            &d,
            "--allotment",
            "2",
        ],
    );
    assert_eq!(code, Some(0), "{r}");
    let (code, sold) = run(
        GONE,
        &[
            "field",
            "sell",
            &d,
            "--adults",
            "2",
            "--name",
            "Lena Walkin",
            "--phone",
            "+79145550101",
            "--language",
            "ru",
            "--json",
        ],
    );
    assert_eq!((code, sold["synced"].clone()), (Some(0), Value::from(false)), "{sold}");
    let number = sold["booking_number"].as_str().unwrap().to_string();

    // the roll-call as the laptop knows it: Anna and the walk-ins, out
    let (code, r) = run(GONE, &["rollcall", &d, "--json"]);
    assert_eq!(code, Some(0), "{r}");
    assert_eq!(
        (r["offline"].clone(), r["pending"].clone()),
        (Value::from(true), 1.into()),
        "{r}"
    );
    assert_eq!(r["counts"]["out"], 3, "{r}");
    let lena = r["out"]
        .as_array()
        .and_then(|out| out.iter().find(|p| p["name"] == "Lena Walkin"))
        .cloned()
        .unwrap_or_else(|| panic!("the walk-in in the roll-call: {r}"));
    assert_eq!(lena["phone"], "+79145550101");
    let sale = lena["participant_id"]["sale"].as_i64().expect("named by the sale");
    let label = format!("{sale}/{}", lena["participant_id"]["position"]);

    // Lena back by the name the roll-call gives her, the same key again, then everyone
    let key = uuid::Uuid::now_v7().to_string();
    let back = [
        "return",
        "--participant",
        &label,
        "--departure",
        &d,
        "--key",
        &key,
        "--json",
    ];
    let (code, r) = run(GONE, &back);
    assert_eq!(code, Some(0), "{r}");
    assert_eq!(
        (r["offline"].clone(), r["replayed"].clone()),
        (Value::from(true), Value::from(false))
    );
    assert_eq!(r["recorded"][0]["name"], "Lena Walkin", "{r}");
    let (code, r) = run(GONE, &back);
    assert_eq!((code, r["replayed"].clone()), (Some(0), Value::from(true)), "{r}");
    let (code, r) = run(GONE, &["return", "--everyone", "--departure", &d, "--json"]);
    assert_eq!(code, Some(0), "{r}");
    assert_eq!(r["recorded"].as_array().map(Vec::len), Some(2), "{r}");
    assert_eq!(
        (r["counts"]["back"].clone(), r["pending"].clone()),
        (3.into(), 3.into()),
        "{r}"
    );
    let (code, r) = run(GONE, &["return", "--participant", "17/x", "--json"]);
    assert_eq!(
        (code, r["error"]["code"].as_str()),
        (Some(2), Some("INVALID_INPUT")),
        "{r}"
    );

    // the muster list and the words, offline
    let (code, r) = run(GONE, &["muster", &d, "--out", dir.0.to_str().unwrap(), "--json"]);
    assert_eq!((code, r["offline"].clone()), (Some(0), Value::from(true)), "{r}");
    let csv = std::fs::read_to_string(dir.0.join(format!("muster-{d}.csv"))).unwrap();
    assert!(csv.contains(&format!("back,{label},Lena Walkin")), "{csv}");
    let text = std::process::Command::new(env!("CARGO_BIN_EXE_tourdesk"))
        .env("DATABASE_URL", GONE)
        .env("TOURDESK_DATA_DIR", &dir.0)
        .env("TOURDESK_FIELD_STORE", dir.store())
        .env("TOURDESK_PIN", PIN)
        .args(["rollcall", &d])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout).to_string();
    assert!(
        text.contains("OFFLINE") && text.contains(&label) && text.contains("3 entries waiting to sync"),
        "{text}"
    );

    // back online: the sync sends the sale and the two returns, once
    let (code, r) = run(url, &["field", "sync", "--json"]);
    assert_eq!((code, r["applied"].clone()), (Some(0), 3.into()), "{r}");
    assert_eq!(returns_on(&db, dep).await, 3);
    assert_eq!(back_of(&db, &number).await, 2);
    let (language, queued) = confirmations(&db, &number).await;
    assert_eq!((language.as_str(), queued.len()), ("ru", 1));
    // and the commands ask the server again
    let (code, r) = run(url, &["rollcall", &d, "--json"]);
    assert_eq!((code, r["offline"].clone()), (Some(0), Value::from(false)), "{r}");
    assert_eq!(r["counts"]["back"], 3, "{r}");
}
