//! A field store is sealed (issue 11): no personal text in its bytes (the
//! file, its -wal and -shm) after a prepare, an offline sale, a check-in and
//! a sync; it opens with the PIN of whom it was prepared for and nobody
//! else's — a manager's included; a short PIN or one the server does not
//! know makes no wrap.

use super::*;
use tourdesk::booking::{BookRequest, CheckInRequest, ParticipantInput};
use tourdesk::domain::ErrorCode;
use tourdesk::field::{OfflineSale, keyholder};

/// Every byte of the store's files (the store, its -wal and -shm).
fn store_bytes(path: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let dir = path.parent().unwrap();
    [name.clone(), format!("{name}-wal"), format!("{name}-shm")]
        .into_iter()
        .filter_map(|f| std::fs::read(dir.join(&f)).ok().map(|b| (f, b)))
        .collect()
}

fn assert_absent(files: &[(String, Vec<u8>)], secrets: &[&str]) {
    assert!(!files.is_empty());
    for (file, bytes) in files {
        for secret in secrets {
            let needle = secret.as_bytes();
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "{secret:?} is readable in {file}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_personal_text_is_in_the_store_files_and_only_its_guide_opens_it() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let key = common::registered_key(&manager).await;
    let dep = departure(&db, &manager, 10).await;
    let mut req = BookRequest::new(dep, common::party(2, 0), "Zinaida Sealedova");
    req.contact_phone = "+7 914 555-83-21".into();
    req.contact_email = "zinaida.sealed@example.org".into();
    req.special_requests = "Vegetarian lunch please".into();
    req.participants = vec![
        ParticipantInput {
            name: "Zinaida Sealedova".into(),
            kind: tourdesk::domain::ParticipantKind::Adult,
            medical_notes: "Penicillin allergy".into(),
            dietary: "Gluten-free diet".into(),
            ..Default::default()
        },
        ParticipantInput {
            name: "Pavel Hiddenov".into(),
            kind: tourdesk::domain::ParticipantKind::Adult,
            ..Default::default()
        },
    ];
    let b = manager.book(&req).await.unwrap();
    let tickets = manager.tickets(&b.booking_number, &key).await.unwrap();
    let mut laptop = Laptop::new(&db, "sealed-laptop").await;
    laptop.prepare(&[dep], Some(2)).await;

    // offline: a check-in of a prepared traveller, and a walk-in sale
    let admitted = laptop
        .store
        .check_in(&CheckInRequest::scan(&tickets[1].code, Some(dep)), None)
        .await
        .unwrap();
    assert!(admitted.verdict.is_admitted(), "{:?}", admitted.verdict);
    let mut sale = OfflineSale::new(dep, common::party(1, 0), "Walkin Secretova");
    sale.contact_phone = "+7 999 123-45-67".into();
    let receipt = laptop.store.sell(&sale, None).await.unwrap();
    assert_eq!(laptop.store.pending(), 2);

    // what it holds: not one personal text, nor a ticket or booking code, in any file
    let secrets = [
        "Zinaida",
        "Sealedova",
        "Hiddenov",
        "914 555",
        "zinaida.sealed",
        "Penicillin",
        "Gluten",
        "Vegetarian",
        "Walkin Secretova",
        "999 123",
        tickets[1].code.as_str(),
        tickets[0].code.as_str(),
        b.booking_number.as_str(),
        receipt.booking_number.as_str(),
        receipt.confirmation_code.as_str(),
        laptop.guide.as_str(),
    ];
    let path = laptop.dir.store();
    assert_absent(&store_bytes(&path), &secrets);

    // synced: the server's answers are sealed too; still nothing readable
    let r = tourdesk::field::sync(&mut laptop.store, &laptop.core, |_| {})
        .await
        .unwrap();
    assert_eq!(r.applied, 2, "{r:?}");
    assert_absent(&store_bytes(&path), &secrets);

    // the modes hold
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(path.parent().unwrap()), 0o700);

    // reopened it is sealed: status works, personal data does not
    drop(laptop.store);
    laptop.store = FieldStore::open(&path, "sealed-laptop").await.unwrap();
    let status = laptop.store.status(false).await.unwrap();
    assert!(status.sealed);
    assert_eq!(status.departures, vec![dep]);
    assert_eq!(status.allotments[0].left, 1, "seats left count without a PIN");
    let e = laptop.store.manifest(dep).unwrap_err();
    assert_eq!(e.code(), ErrorCode::FieldSealed, "{e}");
    let e = laptop
        .store
        .check_in(&CheckInRequest::scan(&tickets[2].code, Some(dep)), None)
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::FieldSealed, "{e}");

    // a manager it was not prepared for cannot open it, nor a wrong PIN
    let mila = manager
        .upsert_staff("Mila Manager", tourdesk::domain::Role::Manager, "90817263")
        .await
        .unwrap();
    assert_ne!(mila, laptop.store.keyholders()[0], "not whom it was prepared for");
    assert!(
        laptop.store.unlock("90817263").await.unwrap().is_none(),
        "a manager's PIN"
    );
    assert!(laptop.store.unlock("00000000").await.unwrap().is_none(), "a wrong PIN");
    assert!(laptop.store.manifest(dep).is_err());

    // its guide's PIN opens it: the manifest names people again
    let who = laptop
        .store
        .unlock(&laptop.pin)
        .await
        .unwrap()
        .expect("the guide's PIN");
    assert_eq!(who.name, laptop.guide);
    assert_eq!(who.role, "desk");
    let m = laptop.store.manifest(dep).unwrap();
    assert!(m.rows.iter().any(|r| r.name == "Pavel Hiddenov"));
    assert!(m.rows.iter().any(|r| r.medical_notes == "Penicillin allergy"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn short_pins_unknown_pins_and_people_who_typed_none_get_no_wrap() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let dep = departure(&db, &manager, 10).await;
    let laptop = Laptop::new(&db, "wrap-laptop").await;

    manager
        .upsert_staff("Shorty Guide", tourdesk::domain::Role::Guide, "4821")
        .await
        .unwrap();
    let e = keyholder(&laptop.core, Some("Shorty Guide"), "4821").await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::ShortPin, "{e}");
    let text = e.to_string();
    assert!(
        text.contains("4 digit(s)") && text.contains("at least 6") && text.contains("tourdesk staff add"),
        "{text}"
    );

    // the server checks the PIN: a wrong one is refused (and counted there)
    let e = keyholder(&laptop.core, Some(&laptop.guide), "99999999")
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::WrongPin, "{e}");

    // the server takes only staff who typed their PIN on this laptop just now
    let manager_id = manager
        .upsert_staff("Mila Manager", tourdesk::domain::Role::Manager, "90817263")
        .await
        .unwrap();
    let e = laptop.core.field_snapshot(&[dep], &[manager_id]).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput, "{e}");
    let guide = keyholder(&laptop.core, Some(&laptop.guide), &laptop.pin).await.unwrap();
    let snap = laptop.core.field_snapshot(&[dep], &[guide.id]).await.unwrap();
    assert_eq!(snap.staff.len(), 1);
    assert_eq!(snap.staff[0].name, laptop.guide);
}
