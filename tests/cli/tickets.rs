//! Tickets and check-in through the CLI: print, scan-by-typing, stdin
//! scanner, manifest CSV, keys.

use super::*;
use std::io::Write;
use std::process::Stdio;

/// A departure at 10:00 Kamchatka time two local days ahead, and that date.
fn departure_at_ten(cli: &Cli) -> (String, String) {
    let (day, starts_at) = common::ten_in_kamchatka(2);
    let v = cli.ok(&[
        "departure",
        "add",
        "--tour",
        "Avachinsky volcano ascent",
        "--starts-at",
        &starts_at.to_rfc3339(),
        "--time-zone",
        "Asia/Kamchatka",
        "--capacity",
        "10",
        "--adult-price",
        "750000",
        "--meeting-point",
        "Pier 3",
    ]);
    (
        v["departure_id"].as_i64().unwrap().to_string(),
        day.format("%Y-%m-%d").to_string(),
    )
}

#[tokio::test]
async fn print_tickets_check_in_and_list_the_manifest() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    let (dep, day) = departure_at_ten(&cli);
    let b = cli.ok(&[
        "book",
        &dep,
        "--adults",
        "2",
        "--name",
        "Пётр Иванов",
        "--payment",
        "unpaid",
    ]);
    let number = b["booking_number"].as_str().unwrap().to_string();
    let out = cli.data_dir.0.join("tickets");
    let out_s = out.display().to_string();
    let key = cli.data_dir.0.join("ticket-signing.key");

    // printing never makes a key: none here is NO_SIGNING_KEY, and nothing is written
    let e = cli.err(&["ticket", &number, "--out", &out_s], "NO_SIGNING_KEY", 1);
    let message = e["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("this machine has no ticket-signing key") && message.contains("tourdesk keys new"),
        "{e}"
    );
    assert!(!key.exists(), "printing made a key file");
    assert_eq!(std::fs::read_dir(&out).map_or(0, |d| d.count()), 0, "no ticket files");
    // a manager (here the owner) makes it explicitly
    let made = cli.ok(&["keys", "new"]);
    assert!(made["key_id"].as_i64().is_some(), "{made}");
    let t = cli.ok(&["ticket", &number, "--out", &out_s]);
    let tickets = t["tickets"].as_array().unwrap().clone();
    assert_eq!(tickets.len(), 3, "group code and two participants: {t}");
    assert_eq!(tickets[0]["kind"], "group");
    for ticket in &tickets {
        let png = std::path::PathBuf::from(ticket["png"].as_str().unwrap());
        let img = image::open(&png).unwrap_or_else(|e| panic!("{}: {e}", png.display()));
        assert!(img.width() >= 400, "{}", img.width());
    }
    // the key file `keys new` made is private
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&key).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let code = tickets[1]["code"].as_str().unwrap().to_string();
    let at = format!("{day} 09:30");

    let r = cli.run(&[
        "checkin",
        &code,
        "--departure",
        &dep,
        "--device",
        "gate-1",
        "--at",
        &at,
        "--json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(r.json["verdict"], "admitted");
    assert_eq!(r.json["admitted"][0]["name"], "Пётр Иванов");
    assert_eq!(r.json["party_in"], 1);
    assert_eq!(r.json["unpaid_minor"], 1_500_000);
    let r = cli.run(&["checkin", &code, "--departure", &dep, "--at", &at, "--json"]);
    assert_eq!(r.code, 1, "a refused check-in exits 1");
    assert_eq!(r.json["verdict"], "already_checked_in");
    assert_eq!(r.json["already"][0]["device"], "gate-1");
    let text = cli.run(&["checkin", &code, "--departure", &dep, "--at", &at]).stdout;
    assert!(text.starts_with("ALREADY CHECKED IN"), "{text}");
    assert!(text.contains("09:30 +12 on gate-1"), "{text}");

    // a USB scanner on stdin, Russian layout, one code per line, CR LF
    let typed = common::typed_in_russian_layout(tickets[0]["code"].as_str().unwrap());
    let mut child = Command::new(env!("CARGO_BIN_EXE_tourdesk"))
        .args(["checkin", "-", "--departure", &dep, "--json"])
        .env("DATABASE_URL", &db.url)
        .env("TOURDESK_DATA_DIR", &cli.data_dir.0)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    // scans happen "now", before the check-in window of a departure two days ahead
    // then a line of bytes that are not UTF-8 (a scanner in the wrong mode): refused, and the loop goes on
    let mut input = format!("{typed}\r\n\r\n").into_bytes();
    input.extend_from_slice(b"\xff\xfe\n");
    // two codes typed back to back by a scanner without Enter
    input.extend_from_slice(format!("{}{}\n", tickets[1]["code"].as_str().unwrap(), typed).as_bytes());
    input.extend_from_slice(b"not a ticket\n");
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let out = child.wait_with_output().unwrap();
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let verdicts: Vec<&str> = lines.iter().map(|l| l["verdict"].as_str().unwrap()).collect();
    assert_eq!(
        verdicts,
        ["not_today", "malformed", "not_today", "not_today", "malformed"],
        "one JSON line per scan, blank lines skipped: {lines:?}"
    );
    assert_eq!(lines[0]["booking_number"], number.as_str());
    assert_eq!(out.status.code(), Some(1));

    // everyone else of the booking by number
    let r = cli.run(&["checkin", "--booking", &number, "--at", &at, "--json"]);
    assert_eq!(r.json["verdict"], "admitted", "{}", r.json);
    assert_eq!(r.json["party_in"], 2);

    let csv_path = cli.data_dir.0.join("manifest.csv");
    let m = cli.ok(&["manifest", &dep, "--csv", &csv_path.display().to_string()]);
    assert_eq!(m["admitted"], 2);
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 3, "{csv}");
    assert!(rows[0].starts_with("participant_id,booking_number,name,kind,state"));
    assert!(
        rows[1].contains("Пётр Иванов") && rows[1].contains(",admitted,"),
        "{csv}"
    );
    assert!(rows[1].contains("unpaid"), "{csv}");

    let pid = m["rows"][1]["participant_id"].as_i64().unwrap().to_string();
    cli.err(&["undo-checkin", &pid, "--reason", " "], "INVALID_INPUT", 2);
    cli.ok(&["undo-checkin", &pid, "--reason", "wrong person"]);
    cli.err(&["undo-checkin", &pid, "--reason", "again"], "NOT_CHECKED_IN", 1);
    cli.ok(&["no-show", &pid, "--reason", "phoned"]);
    cli.err(&["close-checkin", &dep], "CHECK_IN_NOT_OPEN", 1);
    let c = cli.ok(&["close-checkin", &dep, "--force"]);
    assert_eq!((c["admitted"].as_i64(), c["no_shows"].as_i64()), (Some(1), Some(1)));
    let r = cli.run(&["checkin", &code, "--departure", &dep, "--at", &at, "--json"]);
    assert_eq!(r.json["verdict"], "check_in_closed");
}

#[tokio::test]
async fn keys_rotate_and_retire_from_the_cli() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    let (dep, day) = departure_at_ten(&cli);
    let number = cli.ok(&["book", &dep, "--adults", "1", "--name", "Key Test"])["booking_number"]
        .as_str()
        .unwrap()
        .to_string();
    let out = cli.data_dir.0.join("t").display().to_string();
    let first = cli.ok(&["keys", "new"]);
    let old_id = first["key_id"].as_i64().unwrap();
    // never over an existing key by accident
    let e = cli.err(&["keys", "new"], "INVALID_INPUT", 2);
    assert!(e["error"]["message"].as_str().unwrap().contains("--replace"), "{e}");
    let old_code = cli.ok(&["ticket", &number, "--out", &out])["tickets"][1]["code"]
        .as_str()
        .unwrap()
        .to_string();
    // rotate: a new key, and the old one retired (both audited)
    let rotated = cli.ok(&["keys", "rotate"]);
    let new_id = rotated["key_id"].as_i64().unwrap();
    assert_eq!(rotated["retired_key_id"].as_i64(), Some(old_id), "{rotated}");
    let new_code = cli.ok(&["ticket", &number, "--out", &out])["tickets"][1]["code"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(old_code, new_code);
    let again = cli.run(&["ticket", &number, "--out", &out]).stdout;
    assert!(again.contains("already printed 2 time(s)"), "a reprint warns: {again}");
    let keys = cli.ok(&["keys", "list"]);
    assert_eq!(keys["keys"].as_array().unwrap().len(), 2);
    assert_eq!(keys["keys"][0]["id"].as_i64(), Some(old_id));
    assert!(
        keys["keys"][0]["retired_at"].is_string(),
        "rotate retired the old key: {keys}"
    );
    assert!(keys["keys"][1]["retired_at"].is_null());
    assert_ne!(old_id, new_id);
    for action in ["ticket_key.created", "ticket_key.retired"] {
        let n: i64 = sqlx::query_scalar("select count(*) from audit_log where action = $1")
            .bind(action)
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(n, if action == "ticket_key.created" { 2 } else { 1 }, "{action}");
    }
    cli.ok(&["keys", "retire", &old_id.to_string()]);
    cli.err(&["keys", "retire", "999"], "NOT_FOUND", 1);
    let at = format!("{day} 09:30");
    let r = cli.run(&["checkin", &old_code, "--departure", &dep, "--at", &at, "--json"]);
    assert_eq!(r.json["verdict"], "retired_key");
    let r = cli.run(&["checkin", &new_code, "--departure", &dep, "--at", &at, "--json"]);
    assert_eq!(r.json["verdict"], "admitted");

    // a key file others can read is refused, saying how to fix it
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let key = cli.data_dir.0.join("ticket-signing.key");
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
        let e = cli.err(&["ticket", &number, "--out", &out], "INVALID_INPUT", 2);
        assert!(e["error"]["message"].as_str().unwrap().contains("chmod 600"), "{e}");
    }
}

#[tokio::test]
async fn checkin_benchmark_admits_everyone_once() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    // benchmarks run only on a database named with --database-url and marked as a bench one
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "comment on database {} is 'tourdesk bench'",
        db.name
    )))
    .execute(&db.pool)
    .await
    .unwrap();
    let r = cli.ok(&["bench", "checkin", "--participants", "9", "--database-url", &db.url]);
    // a fifth of the tickets come as photos: decoded, then checked in
    assert_eq!(r["photo_decode"]["n"], 1, "{r}");
    let unread = r["photos_unread"].as_i64().unwrap();
    assert_eq!(r["photo_scans"]["n"].as_i64().unwrap() + unread, 1);
    assert_eq!(r["admitted"].as_i64().unwrap() + unread, 9, "{r}");
    assert_eq!(r["refused_first"], 0);
    assert_eq!(r["first_scans"]["n"], 8);
    assert_eq!(r["repeat_scans"]["n"], 8);
    let admitted: i64 = sqlx::query_scalar("select count(*) from check_ins where status = 'accepted'")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(
        admitted,
        r["admitted"].as_i64().unwrap(),
        "the benchmark ran against the database it was given"
    );
}

#[tokio::test]
async fn scan_reads_photos_and_checks_signatures() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    let (dep, _) = departure_at_ten(&cli);
    let number = cli.ok(&["book", &dep, "--adults", "1", "--name", "Photo Test"])["booking_number"]
        .as_str()
        .unwrap()
        .to_string();
    let out = cli.data_dir.0.join("t");
    cli.ok(&["keys", "new"]);
    let t = cli.ok(&["ticket", &number, "--out", &out.display().to_string()]);
    let png = t["tickets"][1]["png"].as_str().unwrap().to_string();
    let code = t["tickets"][1]["code"].as_str().unwrap().to_string();

    // the printed ticket, photographed at an angle
    let tilted = tourdesk::ticket::corpus::photo(&code, tourdesk::ticket::corpus::Kind::Perspective, 3);
    let photo = cli.data_dir.0.join("photo.jpg");
    tilted.to_rgb8().save(&photo).unwrap();
    let photo = photo.display().to_string();
    let r = cli.ok(&["scan", &png, &photo]);
    let images = r["images"].as_array().unwrap();
    assert_eq!(images.len(), 2);
    for img in images {
        assert_eq!(img["codes"][0]["code"], code.as_str(), "{img}");
        assert_eq!(img["codes"][0]["signature"], "valid");
        assert_eq!(img["codes"][0]["ticket_state"], "live");
        assert_eq!(img["codes"][0]["claims"]["departure_id"], dep.parse::<i64>().unwrap());
    }

    // after a reissue the printed ticket still has a valid signature, but is revoked: exit 1
    let re = cli
        .run(&["ticket", &number, "--out", &out.display().to_string(), "--reissue"])
        .stdout;
    assert!(
        !re.contains("already printed"),
        "new codes were never printed before: {re}"
    );
    let r = cli.run(&["scan", &photo, "--json"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert_eq!(r.json["images"][0]["codes"][0]["ticket_state"], "revoked (reissued)");

    // a forged code and a file that is no picture: reported, exit 1
    let mut forged: Vec<char> = code.chars().collect();
    forged[40] = if forged[40] == 'A' { 'B' } else { 'A' };
    let forged: String = forged.into_iter().collect();
    let fake = cli.data_dir.0.join("fake.png");
    tourdesk::ticket::corpus::photo(&forged, tourdesk::ticket::corpus::Kind::Clean, 1)
        .save(&fake)
        .unwrap();
    let notes = cli.data_dir.0.join("notes.png");
    std::fs::write(&notes, "not a picture").unwrap();
    let r = cli.run(&[
        "scan",
        &fake.display().to_string(),
        &notes.display().to_string(),
        "--json",
    ]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let images = r.json["images"].as_array().unwrap();
    assert_ne!(images[0]["codes"][0]["signature"], "valid", "{}", r.json);
    assert!(images[1]["error"].as_str().unwrap().contains("notes.png"), "{}", r.json);
}

/// A USB scanner on a terminal: `checkin -` in a pseudo-terminal (util-linux
/// `script`), one code without Enter (ended by silence), one with Enter.
#[tokio::test]
async fn a_scanner_at_a_terminal_with_and_without_enter() {
    use std::io::Read;
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    let (dep, _) = departure_at_ten(&cli);
    let number = cli.ok(&["book", &dep, "--adults", "2", "--name", "Tty Test"])["booking_number"]
        .as_str()
        .unwrap()
        .to_string();
    cli.ok(&["keys", "new"]);
    let t = cli.ok(&[
        "ticket",
        &number,
        "--out",
        &cli.data_dir.0.join("t").display().to_string(),
    ]);
    let (a, b) = (
        t["tickets"][1]["code"].as_str().unwrap().to_string(),
        t["tickets"][2]["code"].as_str().unwrap().to_string(),
    );
    let command = format!("{} checkin - --departure {dep} --json", env!("CARGO_BIN_EXE_tourdesk"));
    let mut child = Command::new("script")
        .args(["-q", "-e", "-c", &command, "/dev/null"])
        .env("DATABASE_URL", &db.url)
        .env("TOURDESK_DATA_DIR", &cli.data_dir.0)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("util-linux script");
    let mut stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut seen = String::new();
    let wait_for = |what: &str, seen: &mut String| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while !seen.contains(what) {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match rx.recv_timeout(left) {
                Ok(bytes) => seen.push_str(&String::from_utf8_lossy(&bytes)),
                Err(_) => panic!("waited for {what:?}; the terminal showed {seen:?}"),
            }
        }
    };
    wait_for("Scan tickets now", &mut seen);
    let mut stdin = child.stdin.take().unwrap();
    // no Enter: the silence after the burst ends the scan
    stdin.write_all(a.to_lowercase().as_bytes()).unwrap();
    stdin.flush().unwrap();
    wait_for("\"verdict\"", &mut seen);
    stdin.write_all(format!("{b}\r").as_bytes()).unwrap();
    stdin.flush().unwrap();
    while seen.matches("\"verdict\"").count() < 2 {
        let more = rx
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("a second verdict");
        seen.push_str(&String::from_utf8_lossy(&more));
    }
    stdin.write_all(b"\x03").unwrap();
    stdin.flush().unwrap();
    let status = child.wait().unwrap();
    // the rest of what the terminal showed
    while let Ok(more) = rx.recv_timeout(std::time::Duration::from_secs(5)) {
        seen.push_str(&String::from_utf8_lossy(&more));
    }
    let verdicts: Vec<Value> = seen
        .split("\r\n")
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l:?}")))
        .collect();
    assert_eq!(verdicts.len(), 2, "{seen:?}");
    for v in &verdicts {
        // scanned now, two days before the departure
        assert_eq!(v["verdict"], "not_today", "{v}");
        assert_eq!(v["booking_number"], number.as_str());
    }
    assert_eq!(status.code(), Some(1), "refused scans exit 1");
}

/// `keys new` is a manager's: a desk clerk's session is refused by the server
/// and no key file is left behind; a manager's makes a private key file and an
/// audit row naming the device and the person.
#[tokio::test]
async fn keys_new_is_a_managers_and_audited() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    let owner = db.manager().await;
    owner
        .upsert_staff("Dina Desk", tourdesk::domain::Role::Desk, "7364")
        .await
        .unwrap();
    owner
        .upsert_staff("Max Manager", tourdesk::domain::Role::Manager, "9157")
        .await
        .unwrap();
    drop(db.app_pool(1).await); // makes the application role
    let app_url = db
        .url
        .replacen("://postgres@", "://tourdesk_test_app:tourdesk_test_app@", 1);
    assert_ne!(app_url, db.url, "{}", db.url);
    let key = cli.data_dir.0.join("ticket-signing.key");
    let as_staff = |pin: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_tourdesk"))
            .args(["keys", "new", "--json"])
            .env("DATABASE_URL", &app_url)
            .env("TOURDESK_DATA_DIR", &cli.data_dir.0)
            .env("TOURDESK_PIN", pin)
            .output()
            .expect("run tourdesk");
        let v: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
        (out.status.code(), v)
    };
    let (exit, v) = as_staff("7364");
    assert_eq!(v["error"]["code"], "FORBIDDEN", "{v}");
    assert_eq!(exit, Some(1));
    assert!(!key.exists(), "a refused key left a file");
    assert!(!cli.data_dir.0.join("ticket-signing.key.new").exists());

    let (exit, v) = as_staff("9157");
    assert_eq!(exit, Some(0), "{v}");
    let id = v["key_id"].as_i64().unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&key).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let (staff, device, details): (Option<i64>, Option<i64>, Value) =
        sqlx::query_as("select staff_id, device_id, details from audit_log where action = 'ticket_key.created'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    let max: i64 = sqlx::query_scalar("select id from staff where name = 'Max Manager'")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(staff, Some(max));
    assert!(device.is_some());
    assert_eq!(details["key_id"], id);
}
