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

    // the text form, for people
    let r = cli.run_as(&app, DESK, &["--device", "desk-1", "shift", "report", &id.to_string()]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.starts_with("Z-REPORT No. 1\n"), "{}", r.stdout);
    assert!(r.stdout.contains("counted"), "{}", r.stdout);
}
