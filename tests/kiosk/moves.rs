//! After the sale, end to end: a desk clerk finds a booking by the phone as
//! the customer says it, moves it to another departure from its card, and
//! at the gate the old ticket answers "reissued" while the new one admits.

use super::*;
use tourdesk::booking::BookRequest;
use tourdesk::booking::IssuedTicket;

/// The group ticket of a booking as it prints now (its current generation).
async fn group_ticket(manager: &Core, number: &str, key: &ed25519_dalek::SigningKey) -> IssuedTicket {
    manager
        .tickets(number, key)
        .await
        .expect("tickets")
        .into_iter()
        .find(|t| t.kind == TicketKind::Group)
        .expect("a group ticket")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn find_by_phone_move_then_the_old_ticket_is_reissued_and_the_new_one_admits() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    hire(&manager, Role::Desk).await;
    // the party is on the later departure and moves to the sooner one,
    // which check-in shows first
    let sooner = db.departure(&manager, 1, 12).await;
    let later = db.departure(&manager, 4, 12).await;
    let mut party: BookRequest = common::request(later, 2, 0, "Anna Movers");
    party.contact_phone = "+7 914 123 45 67".into();
    let number = manager.book(&party).await.expect("book").booking_number;
    let mut other = common::request(later, 1, 0, "Boris Stays");
    other.contact_phone = "+7 900 555 66 77".into();
    manager.book(&other).await.expect("book another");
    let key = ed25519_dalek::SigningKey::from_bytes(&[7u8; 32]);
    manager.create_signing_key(&key).await.expect("a manager makes a key");
    let old = group_ticket(&manager, &number, &key).await;

    let data = TempDir::new();
    let mut kiosk = Kiosk::start(&db.url, &data);
    kiosk.log_in("222222");
    kiosk.wait_text("Avachinsky volcano");
    kiosk.settle();
    // `/` from the walk-in: the Bookings search; the phone as it is said
    kiosk.keys("/");
    kiosk.wait_text("Find:");
    kiosk.keys("8 914 123-45-67");
    kiosk.wait_for("the party among the results", |t| {
        t.contains("Anna Movers") && !t.contains("Boris Stays")
    });
    kiosk.keys("\r");
    kiosk.wait_for("its card", |t| t.contains(&number) && t.contains("m move"));
    kiosk.keys("m");
    kiosk.wait_text("Move to another departure");
    kiosk.wait_text("free");
    kiosk.keys("\r");
    kiosk.wait_text("Nothing to pay or refund.");
    kiosk.keys("y");
    kiosk.wait_text("prints new tickets (old void)");

    let booking = manager.booking(&number).await.expect("the booking");
    assert_eq!(booking.departure_id, sooner, "moved by the kiosk");
    let new = group_ticket(&manager, &number, &key).await;
    assert_ne!(new.code, old.code, "a new generation of tickets");

    kiosk.keys("5");
    kiosk.wait_text("0 / 2 in");
    kiosk.settle();
    kiosk.burst(&format!("{}\r", old.code));
    let screen = kiosk.wait_for("the old ticket's verdict", |t| {
        t.contains("(reissued)") || t.contains("ADMITTED")
    });
    assert!(screen.contains("REJECTED") && screen.contains(&number), "{screen}");
    assert!(!screen.contains("ADMITTED"), "{screen}");
    kiosk.settle();
    kiosk.burst(&format!("{}\r", new.code));
    kiosk.wait_for("the new ticket admitted", |t| {
        t.contains("ADMITTED") && t.contains("2 of 2 of the party in")
    });
    let admitted: i64 = sqlx::query_scalar(
        "select count(*) from check_ins c join participants p on p.id = c.participant_id
           join bookings b on b.id = p.booking_id
          where b.booking_number = $1 and c.status = 'accepted' and c.departure_id = $2",
    )
    .bind(&number)
    .bind(sooner.0)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(admitted, 2, "the party checked in on the departure it moved to");

    kiosk.keys("q");
    assert!(wait_exit(&mut kiosk).success());
}
