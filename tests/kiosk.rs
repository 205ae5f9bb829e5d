//! The kiosk end to end: the real binary in a pseudo-terminal, read through a
//! VT parser like a person reads the screen. Log in, sell a walk-in, switch to
//! check-in, type its ticket like a scanner, read ADMITTED, quit — and find
//! the terminal restored.

mod common;
#[path = "kiosk/field.rs"]
mod field;
#[path = "notify/gateways.rs"]
mod gateways;
#[path = "kiosk/moves.rs"]
mod moves;
#[path = "kiosk/notify.rs"]
mod notify;
#[path = "kiosk/printing.rs"]
mod printing;
#[path = "kiosk/rollcall.rs"]
mod rollcall;
#[path = "kiosk/shifts.rs"]
mod shifts;

use common::proxy::Proxy;
use common::{TempDir, TestDb};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tourdesk::booking::{Core, Source};
use tourdesk::domain::Role;
use tourdesk::ticket::TicketKind;

const COLS: u16 = 100;
const ROWS: u16 = 30;

/// The kiosk in a pty, its screen kept up to date by a reader thread.
struct Kiosk {
    screen: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    tty: Option<std::path::PathBuf>,
    /// the kiosk's log, shown when a wait times out
    log: std::path::PathBuf,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Kiosk {
    fn start(db_url: &str, data_dir: &std::path::Path) -> Kiosk {
        Kiosk::start_with(db_url, data_dir, &[])
    }

    fn start_with(db_url: &str, data_dir: &std::path::Path, env: &[(&str, &str)]) -> Kiosk {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_tourdesk"));
        // the kiosk's clock zone: Kamchatka unless the test names another
        let tz = env
            .iter()
            .find(|(k, _)| *k == "TOURDESK_TZ")
            .map_or("Asia/Kamchatka", |(_, v)| *v);
        cmd.args(["--lang", "en", "--device", "gate-test", "--tz", tz]);
        cmd.env("DATABASE_URL", db_url);
        cmd.env("TOURDESK_DATA_DIR", data_dir);
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "en_US.UTF-8");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pty.slave.spawn_command(cmd).expect("start the kiosk");
        let tty = pty.master.tty_name();
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let writer = pty.master.take_writer().expect("pty writer");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            ROWS.try_into().unwrap(),
            COLS.try_into().unwrap(),
            0,
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (s, r) = (screen.clone(), raw.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                s.lock().unwrap().process(&buf[..n]);
                r.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Kiosk {
            screen,
            raw,
            writer,
            child,
            tty,
            log: data_dir.join("tourdesk.log"),
            _master: pty.master,
        }
    }

    fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Waits until `pred` holds for the screen text; panics with the screen.
    /// A minute: a roll-call test once took over 30 s on this 2-core machine
    /// while five test builds ran; a pass returns as soon as the text shows.
    fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let text = self.contents();
            if pred(&text) {
                return text;
            }
            if Instant::now() > deadline {
                let log = std::fs::read_to_string(&self.log).unwrap_or_default();
                let tail: Vec<&str> = log.lines().rev().take(40).collect();
                let tail: Vec<&str> = tail.into_iter().rev().collect();
                panic!(
                    "timed out waiting for {what}; the screen:\n{text}\nthe kiosk's log (last lines):\n{}",
                    tail.join("\n")
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn wait_text(&self, needle: &str) -> String {
        self.wait_for(needle, |t| t.contains(needle))
    }

    /// Waits for the PIN screen and logs in.
    fn log_in(&mut self, pin: &str) {
        self.wait_text("PIN");
        self.keys(&format!("{pin}\r"));
    }

    /// Types like a person: one key at a time.
    fn keys(&mut self, keys: &str) {
        for c in keys.chars() {
            let mut b = [0u8; 4];
            self.writer.write_all(c.encode_utf8(&mut b).as_bytes()).unwrap();
            self.writer.flush().unwrap();
            std::thread::sleep(Duration::from_millis(120));
        }
    }

    /// Types like a scanner: the whole code in one burst.
    fn burst(&mut self, text: &str) {
        self.writer.write_all(text.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn settle(&self) {
        std::thread::sleep(Duration::from_millis(600));
    }
}

/// The demo's person for `role`, with their PIN, on the test database. A
/// desk clerk's kiosk has its cash-drawer shift open, as every morning (the
/// walk-in would ask for one first: tests/kiosk/shifts.rs), opened in a
/// session of its own that ends at once (the kiosk's is the one live session).
async fn hire(manager: &Core, role: Role) {
    let (name, pin) = match role {
        Role::Guide => ("Дмитрий Соколов", "111111"),
        Role::Desk => ("Елена Морозова", "222222"),
        Role::Manager => ("Игорь Бондаренко", "333333"),
        Role::Notifier => ("Рассылка", "444444"),
    };
    manager.upsert_staff(name, role, pin).await.expect("hire staff");
    if role == Role::Desk {
        let clerk = Core::login(manager.pool().clone(), "gate-test", Source::Desk, pin, None)
            .await
            .expect("the clerk logs in");
        clerk
            .shift_open(0, uuid::Uuid::now_v7())
            .await
            .expect("the morning's shift");
        clerk.logout("shift opened").await.expect("logout");
    }
}

fn booking_number(screen: &str) -> Option<String> {
    let i = screen.find("TD-")?;
    let n: String = screen[i..].chars().take(9).collect();
    (n.len() == 9 && n[3..].chars().all(|c| c.is_ascii_alphanumeric())).then_some(n)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sell_a_walk_in_then_admit_it_by_scanning() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    hire(&manager, Role::Desk).await;
    let departure = db.departure(&manager, 1, 12).await;
    let data = TempDir::new();

    let mut kiosk = Kiosk::start(&db.url, &data);
    kiosk.log_in("222222");
    // a desk clerk starts on the walk-in pane, the next departure preselected
    kiosk.wait_text("Avachinsky volcano");
    kiosk.settle();

    kiosk.keys("\r2\t1");
    kiosk.settle();
    kiosk.keys("\r");
    kiosk.settle();
    kiosk.keys("Anna\t89001234567\r");
    kiosk.settle();
    kiosk.keys("\r");
    let screen = kiosk.wait_for("a booking number", |t| booking_number(t).is_some());
    let number = booking_number(&screen).unwrap();
    // no signing key on this machine: the sale stands and the kiosk says why there are no tickets
    kiosk.wait_text("ticket-signing");
    assert!(!data.join("ticket-signing.key").exists(), "the kiosk made a key");

    // the sale is in the database, from this kiosk
    let booking = manager.booking(&number).await.expect("the booking exists");
    assert_eq!((booking.adults, booking.children), (2, 1));
    assert_eq!(booking.contact_name, "Anna");
    assert_eq!(booking.departure_id, departure);

    // the group ticket, as printed for the customer
    let key = ed25519_dalek::SigningKey::from_bytes(&[7u8; 32]);
    manager.create_signing_key(&key).await.expect("a manager makes a key");
    let tickets = manager.tickets(&number, &key).await.expect("tickets");
    let group = tickets
        .iter()
        .find(|t| t.kind == TicketKind::Group)
        .expect("a group ticket");

    kiosk.keys("5");
    kiosk.wait_text("Check-in");
    kiosk.settle();
    kiosk.burst(&format!("{}\r", group.code));
    let screen = kiosk.wait_text("ADMITTED");
    assert!(screen.contains("Anna") || screen.contains("3"), "{screen}");

    kiosk.keys("q");
    let status = wait_exit(&mut kiosk);
    assert!(status.success(), "the kiosk exited with {status:?}");
    assert_restored(&kiosk);
    let _ = Core::cli(db.pool.clone()).await; // the database outlived the kiosk
}

/// A kiosk as production runs it: logged in to PostgreSQL as an application
/// role, so the server decides who sells; locking it ends the session.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kiosk_on_the_application_role_sells_as_the_clerk_and_its_lock_ends_the_session() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    hire(&manager, Role::Desk).await;
    db.departure(&manager, 1, 12).await;
    let data = TempDir::new();
    let mut kiosk = Kiosk::start(&db.app_url().await, &data);
    kiosk.log_in("222222");
    kiosk.wait_text("Avachinsky volcano");
    kiosk.settle();
    kiosk.keys("\r1\t0");
    kiosk.settle();
    kiosk.keys("\r");
    kiosk.settle();
    kiosk.keys("Иван Петров\t89001234567\r");
    kiosk.settle();
    kiosk.keys("\r");
    let screen = kiosk.wait_for("a booking number", |t| booking_number(t).is_some());
    let number = booking_number(&screen).unwrap();
    let (clerk, session_id): (Option<String>, Option<i64>) = sqlx::query_as(
        "select s.name, a.session_id from audit_log a join bookings b on b.id = a.booking_id
           left join staff s on s.id = a.staff_id
          where a.action = 'booking.created' and b.booking_number = $1",
    )
    .bind(&number)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(clerk.as_deref(), Some("Елена Морозова"));
    let session_id = session_id.expect("the sale names its session");

    kiosk.keys("\x0c"); // Ctrl-L
    kiosk.wait_text("PIN");
    let mut ended = None;
    for _ in 0..50 {
        ended = sqlx::query_scalar::<_, Option<String>>(
            "select nullif(end_reason, '') from sessions where id = $1 and ended_at is not null",
        )
        .bind(session_id)
        .fetch_optional(&db.pool)
        .await
        .unwrap()
        .flatten();
        if ended.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        ended.as_deref(),
        Some("lock"),
        "the lock ended the session on the server"
    );
    let _ = kiosk.child.kill();
}

/// A session past its 12 h (aged by the owner): the next call the kiosk makes
/// is refused by the server, and the kiosk locks itself back to the PIN
/// screen saying why; the PIN brings the clerk back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_session_locks_the_kiosk_back_to_the_pin_screen() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    hire(&manager, Role::Desk).await;
    db.departure(&manager, 1, 12).await;
    let data = TempDir::new();
    let mut kiosk = Kiosk::start(&db.app_url().await, &data);
    kiosk.log_in("222222");
    kiosk.wait_text("Avachinsky volcano");
    kiosk.settle();
    // the walk-in's party (taking the departure asks for its pickup stops:
    // the session is still good then), then Enter holds seats: api.hold
    // refuses the session aged meanwhile
    kiosk.keys("\r1\t0");
    kiosk.settle();
    let aged = sqlx::query(
        "update sessions set expires_at = now() - interval '1 second'
          where ended_at is null and device_id = (select id from devices where name = 'gate-test')",
    )
    .execute(&db.pool)
    .await
    .unwrap()
    .rows_affected();
    assert_eq!(aged, 1, "the kiosk's one live session");
    kiosk.keys("\r");
    let screen = kiosk.wait_text("Your session ended");
    assert!(screen.contains("PIN"), "{screen}");
    // the same PIN: back on the walk-in with the party as typed; Ctrl-E holds it now
    kiosk.keys("222222\r");
    kiosk.wait_for("the walk-in as it was", |t| {
        t.contains("adults 1 · children 0") && !t.contains("session ended")
    });
    kiosk.settle();
    kiosk.keys("\x05");
    let mut held = 0;
    for _ in 0..50 {
        held = sqlx::query_scalar::<_, i32>("select held from departures")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        if held > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(held, 1, "the party kept across the lock was held: {}", kiosk.contents());
    let _ = kiosk.child.kill();
}

fn wait_exit(kiosk: &mut Kiosk) -> portable_pty::ExitStatus {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Some(status) = kiosk.child.try_wait().expect("child status") {
            return status;
        }
        if Instant::now() > deadline {
            let _ = kiosk.child.kill();
            panic!("the kiosk did not quit; the screen:\n{}", kiosk.contents());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Out of the alternate screen, cursor shown, mouse reporting off, and the
/// tty back in cooked mode with echo.
fn assert_restored(kiosk: &Kiosk) {
    std::thread::sleep(Duration::from_millis(200));
    let parser = kiosk.screen.lock().unwrap();
    assert!(!parser.screen().alternate_screen(), "still on the alternate screen");
    assert!(!parser.screen().hide_cursor(), "the cursor is still hidden");
    assert_eq!(
        parser.screen().mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "mouse reporting is still on"
    );
    let raw = kiosk.raw.lock().unwrap();
    let text = String::from_utf8_lossy(&raw);
    let entered = text.rfind("\x1b[?1049h").expect("the kiosk used the alternate screen");
    assert!(text[entered..].contains("\x1b[?1049l"));
    if let Some(tty) = &kiosk.tty {
        let out = std::process::Command::new("stty")
            .arg("-F")
            .arg(tty)
            .arg("-a")
            .output()
            .expect("stty");
        let modes = String::from_utf8_lossy(&out.stdout);
        if out.status.success() {
            let words: Vec<&str> = modes.split_whitespace().collect();
            assert!(words.contains(&"icanon"), "the tty is left in raw mode: {modes}");
            assert!(words.contains(&"echo"), "echo is left off: {modes}");
        }
    }
}

#[test]
fn without_a_terminal_the_kiosk_says_what_to_do() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tourdesk"))
        .env("DATABASE_URL", "postgres://nobody@127.0.0.1:1/none")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run tourdesk");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("needs a terminal"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_still_restores_the_terminal() {
    let db = TestDb::new().await;
    let data = TempDir::new();
    let mut kiosk = Kiosk::start_with(&db.url, &data, &[("TOURDESK_CRASH_TEST", "1")]);
    kiosk.wait_text("PIN");
    let status = wait_exit(&mut kiosk);
    assert!(!status.success(), "a panic ends the process with a failure code");
    assert_restored(&kiosk);
    let log = std::fs::read_to_string(data.join("tourdesk.log")).unwrap_or_default();
    assert!(log.contains("deliberate panic"), "the panic is in the log: {log}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn losing_the_database_shows_offline_and_recovers_by_itself() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    hire(&manager, Role::Manager).await;
    db.departure(&manager, 5, 12).await;
    let proxy = Proxy::start(&db.url).await;
    let data = TempDir::new();
    let mut kiosk = Kiosk::start(&proxy.url(&db.url), &data);
    kiosk.log_in("333333");
    kiosk.wait_text("Avachinsky volcano");
    kiosk.wait_text("ONLINE");

    proxy.cut();
    kiosk.wait_for("OFFLINE in the header", |t| {
        t.lines().next().unwrap_or("").contains("OFFLINE")
    });
    // what was on screen stays there while the kiosk waits
    assert!(kiosk.contents().contains("Avachinsky volcano"));

    proxy.mend();
    let screen = kiosk.wait_for("ONLINE again", |t| t.lines().next().unwrap_or("").contains("ONLINE"));
    assert!(screen.contains("Back online"), "{screen}");
    kiosk.keys("q");
    assert!(wait_exit(&mut kiosk).success());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_notifiers_pin_is_refused_at_the_pin_screen_saying_why() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    hire(&manager, Role::Notifier).await;
    hire(&manager, Role::Manager).await;
    db.departure(&manager, 5, 12).await;
    let data = TempDir::new();
    let mut kiosk = Kiosk::start(&db.url, &data);
    kiosk.log_in("444444");
    // the refusal wraps in the PIN box: its words, wherever the lines break
    let flat = |t: &str| t.chars().filter(|c| c.is_alphanumeric()).collect::<String>();
    let screen = kiosk.wait_for("the refusal", |t| {
        flat(t).contains("notificationworkersithasnoscreenhere")
    });
    assert!(screen.contains("PIN"), "{screen}");
    assert!(
        !screen.contains("Avachinsky volcano"),
        "no pane for a notifier: {screen}"
    );
    // its session was ended at once, and a person's PIN still works
    kiosk.log_in("333333");
    kiosk.wait_text("Avachinsky volcano");
    let live: i64 = sqlx::query_scalar(
        "select count(*) from sessions s join staff st on st.id = s.staff_id
          where st.role = 'notifier' and s.ended_at is null",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(live, 0, "the notifier's session is ended");
    kiosk.keys("q");
    assert!(wait_exit(&mut kiosk).success());
}

/// A fixed-offset zone whose clock reads between 11:00 and 13:00 now
/// (`Etc/GMT-5` is UTC+5: the sign is POSIX's, inverted).
fn zone_at_midday() -> String {
    use chrono::Timelike;
    let offset = 12 - chrono::Utc::now().hour() as i32;
    match offset {
        0 => "Etc/GMT".to_string(),
        o if o > 0 => format!("Etc/GMT-{o}"),
        o => format!("Etc/GMT+{}", -o),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_desks_sale_shows_on_the_occupancy_gauges_by_itself() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    hire(&manager, Role::Manager).await;
    // "today" is the kiosk's day: in a zone where it is midday now, a
    // departure an hour ahead is today's at any hour the test runs (in
    // Kamchatka, from 23:00 it was tomorrow's and the pane showed nothing)
    let zone = zone_at_midday();
    let departure = db.departure(&manager, 1, 12).await;
    let data = TempDir::new();
    let mut kiosk = Kiosk::start_with(&db.url, &data, &[("TOURDESK_TZ", &zone)]);
    kiosk.log_in("333333");
    kiosk.wait_text("Avachinsky volcano");
    kiosk.keys("2");
    kiosk.wait_text("0/12");

    // a sale at another desk: no key is pressed here
    let other = db.core_as(Role::Desk, "Елена Морозова", "front-desk-2").await;
    other
        .book(&common::request(departure, 3, 0, "Walk-in elsewhere"))
        .await
        .expect("book at the other desk");
    // (no timing asserted here: that the panes never poll is a unit test of
    // the occupancy pane; this one shows the notification path end to end)
    kiosk.wait_for("the sale on the gauge", |t| t.contains("3/12"));
    kiosk.keys("q");
    assert!(wait_exit(&mut kiosk).success());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stop_signal_quits_cleanly_even_when_locked() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    hire(&manager, Role::Desk).await;
    let data = TempDir::new();
    let mut kiosk = Kiosk::start(&db.url, &data);
    kiosk.log_in("222222");
    kiosk.wait_text("Walk-in");
    kiosk.burst("\x0c"); // Ctrl-L: locked
    kiosk.wait_text("Locked");
    kiosk.burst("\x03"); // Ctrl-C does not quit a locked kiosk
    kiosk.settle();
    assert!(kiosk.child.try_wait().expect("status").is_none(), "still running");

    let pid = kiosk.child.process_id().expect("pid");
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    assert!(wait_exit(&mut kiosk).success());
    assert_restored(&kiosk);
}
