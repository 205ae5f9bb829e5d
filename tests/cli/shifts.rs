//! `tourdesk shift …`: the JSON contract of open, status, cash-in/out,
//! close, approve and report, their exit codes, and who may (the
//! application role with a PIN, on the device named by --device).

use super::*;
use tourdesk::domain::Role;

const DESK: &str = "7364";
const MANAGER: &str = "9157";

#[tokio::test]
async fn a_shift_through_the_cli() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    let owner = db.manager().await;
    owner.upsert_staff("Dina Desk", Role::Desk, DESK).await.unwrap();
    owner.upsert_staff("Max Manager", Role::Manager, MANAGER).await.unwrap();
    let app = db.app_url().await;
    let run = |pin: &str, args: &[&str]| {
        let mut a = vec!["--device", "desk-1"];
        a.extend_from_slice(args);
        a.push("--json");
        cli.run_as(&app, pin, &a)
    };
    let ok = |pin: &str, args: &[&str]| {
        let r = run(pin, args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stdout);
        r.json
    };
    let err = |pin: &str, args: &[&str], code: &str, exit: i32| {
        let r = run(pin, args);
        assert_eq!(
            (r.code, r.json["error"]["code"].as_str()),
            (exit, Some(code)),
            "{args:?}: {}",
            r.stdout
        );
        r.json
    };

    err(DESK, &["shift", "status"], "NO_OPEN_SHIFT", 1);
    let key = uuid::Uuid::now_v7().to_string();
    let open = ok(DESK, &["shift", "open", "--float", "500000", "--key", &key]);
    let id = open["shift_id"].as_i64().expect("shift_id");
    assert_eq!(
        (
            &open["device"],
            &open["status"],
            &open["currency"],
            &open["opened_by"],
            &open["replayed"]
        ),
        (
            &Value::from("desk-1"),
            &Value::from("open"),
            &Value::from("RUB"),
            &Value::from("Dina Desk"),
            &Value::from(false)
        )
    );
    assert!(open["z_number"].is_null());
    let again = ok(DESK, &["shift", "open", "--float", "500000", "--key", &key]);
    assert_eq!(
        (again["shift_id"].as_i64(), &again["replayed"]),
        (Some(id), &Value::from(true))
    );
    let e = err(DESK, &["shift", "open", "--float", "0"], "SHIFT_ALREADY_OPEN", 1);
    assert_eq!(e["error"]["shift_id"], id);

    // a payment at this device belongs to the shift
    let dep = cli.departure(100, 5);
    let number = cli.ok(&["book", &dep, "--adults", "1", "--name", "Anna", "--payment", "unpaid"])["booking_number"]
        .as_str()
        .unwrap()
        .to_string();
    ok(DESK, &["pay", &number, "--amount", "750000", "--method", "cash"]);
    let out = ok(
        DESK,
        &["shift", "cash-out", "--amount", "20000", "--reason", "fuel for the bus"],
    );
    assert_eq!(
        (&out["kind"], &out["amount_minor"], &out["shift_id"]),
        (&Value::from("out"), &Value::from(20_000), &Value::from(id))
    );
    err(
        DESK,
        &["shift", "cash-in", "--amount", "100", "--reason", ""],
        "INVALID_INPUT",
        2,
    );

    let st = ok(DESK, &["shift", "status"]);
    assert_eq!(st["shift_id"], id);
    let cash = &st["tally"][0];
    assert_eq!(
        (
            &cash["method"],
            &cash["expected_minor"],
            &cash["payments_minor"],
            &cash["cash_out_minor"]
        ),
        (
            &Value::from("cash"),
            &Value::from(1_230_000),
            &Value::from(750_000),
            &Value::from(20_000)
        )
    );
    assert!(cash["counted_minor"].is_null());

    err(
        DESK,
        &["shift", "close", "--count", "300000=1"],
        "UNKNOWN_DENOMINATION",
        1,
    );
    err(DESK, &["shift", "close", "--count", "5000.00=1"], "INVALID_INPUT", 2);
    err(MANAGER, &["shift", "approve", &id.to_string()], "SHIFT_NOT_CLOSED", 1);
    let closed = ok(DESK, &["shift", "close", "--count", "500000=2", "--count", "10000=23"]);
    assert_eq!(closed["status"], "awaiting_approval");
    let cash = &closed["tally"][0];
    assert_eq!(
        (
            &cash["expected_minor"],
            &cash["counted_minor"],
            &cash["over_short_minor"]
        ),
        (&Value::from(1_230_000), &Value::from(1_230_000), &Value::from(0))
    );
    err(DESK, &["shift", "close", "--count", "500000=2"], "NO_OPEN_SHIFT", 1);

    err(DESK, &["shift", "approve", &id.to_string()], "FORBIDDEN", 1);
    let approved = ok(MANAGER, &["shift", "approve", &id.to_string()]);
    assert_eq!(
        (&approved["status"], &approved["z_number"]),
        (&Value::from("approved"), &Value::from(1))
    );
    let e = err(MANAGER, &["shift", "approve", &id.to_string()], "SHIFT_APPROVED", 1);
    assert_eq!(e["error"]["z_number"], 1);

    let dir = common::TempDir::new();
    let dir_arg = dir.0.display().to_string();
    let report = ok(DESK, &["shift", "report", &id.to_string(), "--out", &dir_arg]);
    assert_eq!(
        (&report["z_number"], &report["shift_id"]),
        (&Value::from(1), &Value::from(id))
    );
    assert_eq!(report["by_tour"][0]["payments_minor"], 750_000);
    assert_eq!(report["by_staff"][0]["label"], "Dina Desk");
    assert_eq!(report["cash_moves"][0]["reason"], "fuel for the bus");
    let csv = std::fs::read_to_string(dir.0.join("Z-1.csv")).expect("Z-1.csv");
    assert!(csv.starts_with("section,label,value,currency,"), "{csv}");
    assert!(csv.contains("shift,z_number,1,RUB"), "{csv}");
    assert!(csv.contains("method,cash,,RUB,1,750000,0,0,1230000,1230000,0"), "{csv}");
    assert!(csv.contains("cash_out,fuel for the bus,Dina Desk,RUB,,20000"), "{csv}");
    // and the same report to print and sign: one A4 page with text on it
    let pages = report["png"].as_array().expect("png pages");
    assert_eq!(pages.len(), 1, "{report}");
    let png = pages[0].as_str().unwrap();
    assert!(png.ends_with("Z-1.png"), "{png}");
    let img = image::open(png).unwrap().to_luma8();
    assert_eq!(img.dimensions(), (1240, 1754));
    let dark = img.pixels().filter(|p| p.0[0] < 128).count();
    assert!(
        dark > 3000,
        "a title, a header, methods, a tour, a clerk, a movement: {dark} dark pixels"
    );

    // the text form, for people
    let r = cli.run_as(&app, DESK, &["--device", "desk-1", "shift", "report", &id.to_string()]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.starts_with("Z-REPORT No. 1\n"), "{}", r.stdout);
    assert!(r.stdout.contains("counted"), "{}", r.stdout);
}

#[tokio::test]
async fn the_days_report_shows_shifts_and_money_outside_them() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    let owner = db.manager().await;
    owner.upsert_staff("Dina Desk", Role::Desk, DESK).await.unwrap();
    let app = db.app_url().await;
    let ok = |device: &str, args: &[&str]| {
        let mut a = vec!["--device", device];
        a.extend_from_slice(args);
        a.push("--json");
        let r = cli.run_as(&app, DESK, &a);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stdout);
        r.json
    };
    let dep = cli.departure(100, 9);
    let book = || {
        cli.ok(&["book", &dep, "--adults", "1", "--name", "Anna", "--payment", "unpaid"])["booking_number"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let (inside, outside) = (book(), book());
    let id = ok("desk-1", &["shift", "open", "--float", "100000"])["shift_id"].clone();
    ok("desk-1", &["pay", &inside, "--amount", "750000", "--method", "cash"]);
    // desk-2 has no shift open: its payment belongs to none
    ok(
        "desk-2",
        &[
            "pay",
            &outside,
            "--amount",
            "750000",
            "--method",
            "card",
            "--reference",
            "slip 42",
        ],
    );

    let d = ok("desk-1", &["shift", "day"]);
    let shifts = d["shifts"].as_array().expect("shifts");
    assert_eq!(shifts.len(), 1, "{d}");
    assert_eq!(
        (&shifts[0]["shift_id"], &shifts[0]["status"]),
        (&id, &Value::from("open"))
    );
    let cash = &shifts[0]["tally"][0];
    assert_eq!(
        (&cash["method"], &cash["payments_minor"], &cash["expected_minor"]),
        (&Value::from("cash"), &Value::from(750_000), &Value::from(850_000)),
        "{d}"
    );
    let out = d["outside"].as_array().expect("outside");
    assert_eq!(out.len(), 1, "only desk-2's payment is outside a shift: {d}");
    assert_eq!(
        (
            &out[0]["booking_number"],
            &out[0]["device"],
            &out[0]["staff"],
            &out[0]["kind"],
            &out[0]["method"],
            &out[0]["amount_minor"],
            &out[0]["reference"]
        ),
        (
            &Value::from(outside.as_str()),
            &Value::from("desk-2"),
            &Value::from("Dina Desk"),
            &Value::from("payment"),
            &Value::from("card"),
            &Value::from(750_000),
            &Value::from("slip 42")
        )
    );
    // the server said which day "today" was; that date again is the same report
    let date = d["date"].as_str().expect("date").to_string();
    let again = ok("desk-2", &["shift", "day", "--date", &date]);
    assert_eq!((&again["shifts"], &again["outside"]), (&d["shifts"], &d["outside"]));
    // a day long ago has neither
    let old = ok("desk-1", &["shift", "day", "--date", "2000-01-01"]);
    assert_eq!(
        (
            old["shifts"].as_array().map(Vec::len),
            old["outside"].as_array().map(Vec::len)
        ),
        (Some(0), Some(0))
    );
    let r = cli.run_as(
        &app,
        DESK,
        &["--device", "desk-1", "shift", "day", "--date", "01.12.2026"],
    );
    assert_eq!(r.code, 2, "{}", r.stdout);
    // and in words
    let r = cli.run_as(&app, DESK, &["--device", "desk-1", "shift", "day"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains("Outside any shift (1)"), "{}", r.stdout);
    assert!(r.stdout.contains(&format!("booking {outside}")), "{}", r.stdout);
}
