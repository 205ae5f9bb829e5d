//! The outbox worker inside a kiosk (`TOURDESK_NOTIFY=1`): the kiosk on its
//! PIN screen delivers a queued SMS through the local SMS.ru gateway
//! (tests/notify/gateways.rs) in the background, stays responsive, and
//! quits cleanly.

use super::gateways::{Gateways, TOKEN};
use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kiosk_with_notify_delivers_the_outbox_in_the_background() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    hire(&manager, Role::Desk).await;
    let dep = db.departure(&manager, 72, 10).await;
    let mut r = common::request(dep, 1, 0, "Guest");
    r.contact_phone = "+79990000001".into();
    let number = manager.book(&r).await.expect("book").booking_number;
    let gw = Gateways::start(&[]);
    let data = TempDir::new();
    let url = gw.url();
    let mut kiosk = Kiosk::start_with(
        &db.url,
        &data,
        &[
            ("TOURDESK_NOTIFY", "1"),
            ("TOURDESK_SMS_URL", &url),
            ("TOURDESK_SMS_TOKEN", TOKEN),
        ],
    );
    kiosk.wait_text("PIN");
    // delivered while nobody is logged in
    let got = gw.wait_for(1, Duration::from_secs(30));
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].recipient, "79990000001");
    assert!(got[0].text.contains(&number), "{}", got[0].text);
    let status: String = loop {
        let s: String = sqlx::query_scalar("select status from notification_outbox where channel = 'sms'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        if s != "pending" {
            break s;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(status, "sent");
    // the screen still answers
    kiosk.log_in("222222");
    kiosk.wait_text("Walk-in");
    let pid = kiosk.child.process_id().expect("pid");
    let stopped = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .expect("kill");
    assert!(stopped.success());
    assert!(wait_exit(&mut kiosk).success());
    assert_restored(&kiosk);
}

#[tokio::test]
async fn a_kiosk_with_notify_and_no_gateway_stops_saying_what_to_set() {
    let db = TestDb::new().await;
    let data = TempDir::new();
    let mut kiosk = Kiosk::start_with(&db.url, &data, &[("TOURDESK_NOTIFY", "1")]);
    let screen = kiosk.wait_text("TOURDESK_SMS_TOKEN");
    assert!(
        screen.contains("TOURDESK_SMTP_URL") && screen.contains("TOURDESK_TELEGRAM_TOKEN"),
        "{screen}"
    );
    assert!(!wait_exit(&mut kiosk).success());
}

/// On an application role the kiosk's worker logs in on its own, as the
/// notifier of TOURDESK_NOTIFY_PIN (not as whoever uses the kiosk): the
/// message is sent and audited as the notifier's, and the desk logs in as usual.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kiosks_worker_logs_in_as_the_notifier_of_tourdesk_notify_pin() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    hire(&manager, Role::Desk).await;
    hire(&manager, Role::Notifier).await;
    let dep = db.departure(&manager, 72, 10).await;
    let mut r = common::request(dep, 1, 0, "Guest");
    r.contact_phone = "+79990000002".into();
    manager.book(&r).await.expect("book");
    let gw = Gateways::start(&[]);
    let data = TempDir::new();
    let url = gw.url();
    let mut kiosk = Kiosk::start_with(
        &db.app_url().await,
        &data,
        &[
            ("TOURDESK_NOTIFY", "1"),
            ("TOURDESK_NOTIFY_PIN", "444444"),
            ("TOURDESK_SMS_URL", &url),
            ("TOURDESK_SMS_TOKEN", TOKEN),
        ],
    );
    kiosk.wait_text("PIN");
    let got = gw.wait_for(1, Duration::from_secs(30));
    assert_eq!(got.len(), 1, "{got:?}");
    let role: String = loop {
        let r: Option<String> = sqlx::query_scalar(
            "select st.role from audit_log a join staff st on st.id = a.staff_id where a.action = 'notify.sent'",
        )
        .fetch_optional(&db.pool)
        .await
        .unwrap();
        if let Some(r) = r {
            break r;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(role, "notifier");
    kiosk.log_in("222222");
    kiosk.wait_text("Walk-in");
    kiosk.keys("q");
    assert!(wait_exit(&mut kiosk).success());
}
