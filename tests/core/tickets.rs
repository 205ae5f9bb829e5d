//! Tickets: issued with the booking, revoked by cancelling, reissued, signed
//! and verified with rotating keys; what a scanner types in a Russian layout.

use super::checkin::{departure_at_ten, family, scan_at};
use super::*;
use tourdesk::booking::Verdict;
use tourdesk::domain::ErrorCode;
use tourdesk::ticket::{SignedTicket, TicketClaims, TicketKind};

#[tokio::test]
async fn tickets_are_issued_with_the_booking_and_revoked_with_it() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let (dep, starts) = departure_at_ten(&core, "Avachinsky volcano", 2, 10).await;
    let b = core.book(&family(dep)).await.unwrap();
    // a refused booking leaves nothing to print
    let small = db.departure(&core, 48, 1).await;
    assert_eq!(code(core.book(&request(small, 2, 0, "Too Many")).await), "SOLD_OUT");
    assert_eq!(
        code(core.tickets("TD-ZZZZZZ", &registered_key(&core).await).await),
        "NOT_FOUND"
    );

    let key = registered_key(&core).await;
    let tickets = core.tickets(&b.booking_number, &key).await.unwrap();
    assert_eq!(tickets[0].kind, TicketKind::Group);
    let names: Vec<&str> = tickets[1..].iter().map(|t| t.holder.as_str()).collect();
    assert_eq!(names, ["Anna Petrova", "Ivan Petrov", "Masha Petrova"]);
    for t in &tickets {
        let parsed = SignedTicket::parse(&t.code).unwrap();
        assert!(parsed.verify(&key.verifying_key()));
        assert_eq!(parsed.claims.ticket_id, t.ticket_id as u64);
        assert_eq!(parsed.claims.departure_id, dep.0 as u64);
        assert_eq!(
            parsed.claims.day,
            starts.with_timezone(&chrono_tz::Asia::Kamchatka).date_naive()
        );
    }
    // printing again gives the same codes (deterministic signatures)
    let again = core.tickets(&b.booking_number, &key).await.unwrap();
    assert_eq!(
        again.iter().map(|t| &t.code).collect::<Vec<_>>(),
        tickets.iter().map(|t| &t.code).collect::<Vec<_>>()
    );

    core.cancel(&b.booking_number, CancelReason::Customer, "")
        .await
        .unwrap();
    let c = scan_at(&core, &tickets[1].code, Some(dep), starts - Duration::minutes(20)).await;
    match c.verdict {
        Verdict::Cancelled {
            booking_number, reason, ..
        } => {
            assert_eq!(booking_number, b.booking_number);
            assert_eq!(reason, "booking cancelled");
        }
        v => panic!("expected cancelled, got {v:?}"),
    }
    assert_eq!(code(core.tickets(&b.booking_number, &key).await), "BOOKING_CANCELLED");
}

#[tokio::test]
async fn reissued_tickets_replace_the_lost_ones() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let (dep, starts) = departure_at_ten(&core, "Avachinsky volcano", 2, 10).await;
    let b = core.book(&request(dep, 2, 0, "Lost Ticket")).await.unwrap();
    let key = registered_key(&core).await;
    let old = core.tickets(&b.booking_number, &key).await.unwrap();
    assert_eq!(
        core.reissue_tickets(&b.booking_number).await.unwrap(),
        2,
        "second generation"
    );
    let new = core.tickets(&b.booking_number, &key).await.unwrap();
    assert_eq!(new.len(), 3);
    assert!(new.iter().all(|n| old.iter().all(|o| o.code != n.code)));
    let at = starts - Duration::minutes(20);
    let c = scan_at(&core, &old[1].code, Some(dep), at).await;
    assert!(
        matches!(&c.verdict, Verdict::Cancelled { reason, .. } if reason == "reissued"),
        "{c:?}"
    );
    assert!(scan_at(&core, &new[1].code, Some(dep), at).await.verdict.is_admitted());
    one_audit(&db.pool, "tickets.reissued", &core).await;
}

#[tokio::test]
async fn keys_rotate_and_retire() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let desk = db.core_as(Role::Desk, "Clerk", "desk-1").await;
    let (dep, starts) = departure_at_ten(&core, "Avachinsky volcano", 2, 10).await;
    let b1 = core.book(&request(dep, 1, 0, "First Key")).await.unwrap();
    let b2 = core.book(&request(dep, 1, 0, "Second Key")).await.unwrap();
    // printing never registers a key: one the server does not know is refused
    assert_eq!(
        code(desk.tickets(&b2.booking_number, &new_key()).await),
        "NO_SIGNING_KEY"
    );
    assert_eq!(
        code(core.tickets(&b2.booking_number, &new_key()).await),
        "NO_SIGNING_KEY"
    );
    // only a manager makes one
    assert_eq!(code(desk.create_signing_key(&new_key()).await), "FORBIDDEN");
    assert!(
        core.ticket_keys().await.unwrap().is_empty(),
        "nothing registered by trying"
    );
    let (old, new) = (registered_key(&core).await, registered_key(&core).await);
    let t_old = core.tickets(&b1.booking_number, &old).await.unwrap()[1].code.clone();
    let t_new = desk.tickets(&b2.booking_number, &new).await.unwrap()[1].code.clone();
    let keys = core.ticket_keys().await.unwrap();
    assert_eq!(keys.len(), 2, "both keys valid at once");
    let old_id = SignedTicket::parse(&t_old).unwrap().claims.key_id;
    assert_ne!(old_id, SignedTicket::parse(&t_new).unwrap().claims.key_id);

    assert_eq!(code(desk.retire_ticket_key(i32::from(old_id)).await), "FORBIDDEN");
    let retired = core.retire_ticket_key(i32::from(old_id)).await.unwrap();
    assert!(retired.retired_at.is_some());
    assert_eq!(code(core.retire_ticket_key(999).await), "NOT_FOUND");

    let at = starts - Duration::minutes(20);
    let c = scan_at(&core, &t_old, Some(dep), at).await;
    assert!(
        matches!(c.verdict, Verdict::RetiredKey { key_id, .. } if key_id == old_id),
        "{c:?}"
    );
    assert!(scan_at(&core, &t_new, Some(dep), at).await.verdict.is_admitted());
    assert_eq!(code(core.tickets(&b1.booking_number, &old).await), "KEY_RETIRED");
    // a kiosk that started before the retirement learns of it too: the database decides
    // scans at a chosen time: a manager's right
    let other_kiosk = db.core_as(Role::Manager, "Guide", "field-2").await;
    let c = scan_at(&other_kiosk, &t_old, Some(dep), at).await;
    assert!(matches!(c.verdict, Verdict::RetiredKey { .. }));
}

#[tokio::test]
async fn forged_and_foreign_codes_are_refused() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let (dep, starts) = departure_at_ten(&core, "Avachinsky volcano", 2, 10).await;
    let b = core.book(&request(dep, 1, 0, "Real Person")).await.unwrap();
    let key = registered_key(&core).await;
    let real = core.tickets(&b.booking_number, &key).await.unwrap()[1].clone();
    let real_claims = SignedTicket::parse(&real.code).unwrap().claims;
    let at = starts - Duration::minutes(20);

    // the right key id, signed by someone else
    let forged = real_claims.sign(&new_key()).unwrap();
    let c = scan_at(&core, &forged, Some(dep), at).await;
    assert!(matches!(c.verdict, Verdict::InvalidSignature { key_id } if key_id == real_claims.key_id));
    // a key id nobody registered
    let foreign = TicketClaims {
        key_id: 4242,
        ..real_claims
    }
    .sign(&new_key())
    .unwrap();
    let c = scan_at(&core, &foreign, Some(dep), at).await;
    assert!(matches!(c.verdict, Verdict::UnknownKey { key_id: 4242, .. }), "{c:?}");
    // validly signed, but no such ticket
    let ghost = TicketClaims {
        ticket_id: 987_654_321,
        ..real_claims
    }
    .sign(&key)
    .unwrap();
    let c = scan_at(&core, &ghost, Some(dep), at).await;
    assert!(
        matches!(c.verdict, Verdict::UnknownTicket { ticket_id: 987_654_321 }),
        "{c:?}"
    );
    // a generation not issued yet (a forger guessing the next reissue, with a stolen key)
    let future = TicketClaims {
        ticket_id: real_claims.ticket_id + (1 << 48),
        ..real_claims
    }
    .sign(&key)
    .unwrap();
    let c = scan_at(&core, &future, Some(dep), at).await;
    assert!(matches!(c.verdict, Verdict::UnknownTicket { .. }), "{c:?}");
    // every character of the real code changed in turn: never admitted
    let mut refused = 0;
    for i in (0..real.code.len()).step_by(9) {
        let mut chars: Vec<char> = real.code.chars().collect();
        chars[i] = if chars[i] == 'A' { 'B' } else { 'A' };
        let tampered: String = chars.into_iter().collect();
        let c = scan_at(&core, &tampered, Some(dep), at).await;
        assert!(!c.verdict.is_admitted(), "tampered at {i}: {c:?}");
        refused += 1;
    }
    assert!(refused > 10);
    assert!(scan_at(&core, &real.code, Some(dep), at).await.verdict.is_admitted());
}

#[tokio::test]
async fn russian_layout_scanner_input_checks_in() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let (dep, starts) = departure_at_ten(&core, "Avachinsky volcano", 2, 10).await;
    let b = core.book(&request(dep, 1, 0, "Scanner Test")).await.unwrap();
    let t = core
        .tickets(&b.booking_number, &registered_key(&core).await)
        .await
        .unwrap()[1]
        .clone();
    // what a scanner types for the code with the ЙЦУКЕН layout active, lower case, with CR LF
    let typed = common::typed_in_russian_layout(&t.code) + "\r\n";
    assert!(typed.starts_with("ев1"), "{typed}");
    let c = scan_at(&core, &typed, Some(dep), starts - Duration::minutes(20)).await;
    assert!(c.verdict.is_admitted(), "{c:?}");
}

#[tokio::test]
async fn a_signing_key_is_made_only_by_a_manager_audited_and_never_by_printing() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let desk = db.core_as(Role::Desk, "Clerk", "desk-1").await;
    let (dep, _) = departure_at_ten(&core, "Avachinsky volcano", 2, 10).await;
    let b = core.book(&request(dep, 1, 0, "Key Less")).await.unwrap();
    let key = new_key();
    // the desk may print with a key a manager made, never make or register one
    assert_eq!(code(desk.create_signing_key(&key).await), "FORBIDDEN");
    let e = desk.tickets(&b.booking_number, &key).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::NoSigningKey);
    assert!(e.to_string().contains("tourdesk keys new"), "{e}");
    assert!(core.ticket_keys().await.unwrap().is_empty());
    assert!(audit(&db.pool, "ticket_key.created").await.is_empty());

    let id = core.create_signing_key(&key).await.unwrap();
    let row = one_audit(&db.pool, "ticket_key.created", &core).await;
    assert_eq!(row.details["key_id"], i64::from(id));
    assert!(row.details["device"].is_string(), "{:?}", row.details);
    // again: the same id, not a second key nor a second audit row
    assert_eq!(core.create_signing_key(&key).await.unwrap(), id);
    assert_eq!(audit(&db.pool, "ticket_key.created").await.len(), 1);
    let t = desk.tickets(&b.booking_number, &key).await.unwrap();
    assert_eq!(SignedTicket::parse(&t[1].code).unwrap().claims.key_id, id);
}
