//! The kiosk's print path end to end: TOURDESK_PRINTER points at a printer
//! listening on 127.0.0.1 (tests/common/escpos.rs), a desk clerk sells a
//! cash walk-in, and the printer receives the sale's ticket slips (their
//! QRs are the booking's signed codes) and then its receipt with the
//! drawer kick, decoded as a printer reads them.

use super::*;
use common::escpos::{self, PrinterQueue};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cash_walk_in_prints_its_tickets_and_receipt_and_opens_the_drawer() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    hire(&manager, Role::Desk).await;
    db.departure(&manager, 1, 12).await;
    let data = TempDir::new();
    // this desk's signing key, registered by a manager (`tourdesk keys new`)
    let key_file = data.join("ticket-signing.key");
    let pending = tourdesk::ticket::keys::prepare_new(&key_file, false).expect("a new key file");
    manager
        .create_signing_key(&pending.key)
        .await
        .expect("a manager registers the key");
    let key = pending.commit().expect("the key in place");

    let printer = PrinterQueue::start();
    let url = printer.url();
    let key_path = key_file.display().to_string();
    let mut kiosk = Kiosk::start_with(
        &db.url,
        &data,
        &[
            ("TOURDESK_PRINTER", url.as_str()),
            ("TOURDESK_KEY_FILE", key_path.as_str()),
        ],
    );
    kiosk.log_in("222222");
    kiosk.wait_text("Avachinsky volcano");
    kiosk.settle();
    // two adults, paid in cash (the walk-in's default)
    kiosk.keys("\r2\t0");
    kiosk.settle();
    kiosk.keys("\r");
    kiosk.settle();
    kiosk.keys("Anna Printer\t89001234567\r");
    kiosk.settle();
    kiosk.keys("\r");
    let screen = kiosk.wait_for("a booking number", |t| booking_number(t).is_some());
    let number = booking_number(&screen).unwrap();
    kiosk.wait_text(&format!("Booked {number}"));

    // the tickets first, then the receipt: two jobs (generous: the machine is busy)
    let deadline = Instant::now() + Duration::from_secs(60);
    while printer.jobs().len() < 2 {
        assert!(
            Instant::now() < deadline,
            "the printer got {} job(s); the screen:\n{}",
            printer.jobs().len(),
            kiosk.contents()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let jobs = printer.jobs();
    assert_eq!(jobs.len(), 2, "tickets and receipt, nothing more");
    let tickets = escpos::decode(&jobs[0]);
    let receipt = escpos::decode(&jobs[1]);

    // the slips: the group code and one per person, each the booking's signed ticket
    let issued = manager.tickets(&number, &key).await.expect("the booking's tickets");
    let ids: Vec<u64> = issued.iter().map(|t| t.ticket_id as u64).collect();
    assert_eq!(ids.len(), 3, "a group code and two people");
    assert_eq!((tickets.qr_printed, tickets.cuts, tickets.kicks), (3, 3, 0));
    let printed: Vec<u64> = tickets
        .qr_payloads
        .iter()
        .map(|code| {
            let t = tourdesk::ticket::SignedTicket::parse(code).expect("a ticket code");
            assert!(t.verify(&key.verifying_key()), "{code} is signed with this desk's key");
            t.claims.ticket_id
        })
        .collect();
    assert_eq!(printed, ids, "each slip's QR is one of the booking's tickets, in order");
    assert!(tickets.text.contains("Group of 2: Anna Printer"), "{}", tickets.text);
    assert!(tickets.text.contains(&number), "{}", tickets.text);

    // the receipt in the kiosk's language, then the drawer opens after the cut
    for want in [
        number.as_str(),
        "RECEIPT",
        "Customer: Anna Printer",
        "15 000.00 RUB",
        "Balance due",
    ] {
        assert!(
            receipt.text.contains(want),
            "{want:?} not on the receipt:\n{}",
            receipt.text
        );
    }
    assert_eq!(receipt.kicks, 1, "the drawer opens once");
    assert_eq!(
        receipt.events.last(),
        Some(&"kick"),
        "after the cut: {:?}",
        receipt.events
    );
    assert!(
        !kiosk.contents().contains("did not print"),
        "no printer warning: {}",
        kiosk.contents()
    );

    kiosk.keys("q");
    assert!(wait_exit(&mut kiosk).success());
}
