//! `tourdesk pay` and `tourdesk refund`: the JSON contract, exit codes, the
//! key for safe retries, and who may (the application role with a PIN).

use super::*;
use tourdesk::domain::Role;

const DESK: &str = "7364";
const MANAGER: &str = "9157";

async fn staff(db: &TestDb) -> String {
    let owner = db.manager().await;
    owner.upsert_staff("Dina Desk", Role::Desk, DESK).await.unwrap();
    owner.upsert_staff("Max Manager", Role::Manager, MANAGER).await.unwrap();
    db.app_url().await
}

#[tokio::test]
async fn pay_and_refund_through_the_cli() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    let app = staff(&db).await;
    let dep = cli.departure(100, 5);
    let number = cli.ok(&["book", &dep, "--adults", "2", "--name", "Anna", "--payment", "unpaid"])["booking_number"]
        .as_str()
        .unwrap()
        .to_string();
    let run = |pin: &str, args: &[&str]| {
        let mut a = args.to_vec();
        a.push("--json");
        cli.run_as(&app, pin, &a)
    };

    let key = uuid::Uuid::now_v7().to_string();
    let (n, k) = (number.as_str(), key.as_str());
    let pay = [
        "pay",
        n,
        "--amount",
        "500000",
        "--method",
        "card",
        "--reference",
        "SLIP-9",
        "--key",
        k,
    ];
    let r = run(DESK, &pay);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let j = &r.json;
    assert_eq!(
        (
            &j["booking_number"],
            &j["kind"],
            &j["amount_minor"],
            &j["method"],
            &j["reference"]
        ),
        (
            &Value::from(number.as_str()),
            &Value::from("payment"),
            &Value::from(500_000),
            &Value::from("card"),
            &Value::from("SLIP-9")
        )
    );
    assert_eq!(
        (
            &j["paid_minor"],
            &j["balance_minor"],
            &j["payment_status"],
            &j["replayed"]
        ),
        (
            &Value::from(500_000),
            &Value::from(1_000_000),
            &Value::from("partially_paid"),
            &Value::from(false)
        )
    );
    // the same command again: the first answer, marked as replayed
    let again = run(DESK, &pay);
    assert_eq!(again.code, 0);
    assert_eq!(again.json["entry_id"], j["entry_id"]);
    assert_eq!(again.json["replayed"], true);
    // the same key, another amount: refused, with the key to retry with
    let r = run(
        DESK,
        &[
            "pay",
            n,
            "--amount",
            "400000",
            "--method",
            "card",
            "--reference",
            "SLIP-9",
            "--key",
            k,
        ],
    );
    assert_eq!(
        (r.code, &r.json["error"]["code"]),
        (1, &Value::from("IDEMPOTENCY_CONFLICT")),
        "{}",
        r.json
    );

    for (args, code, exit) in [
        (
            &["pay", n, "--amount", "1000001", "--method", "cash"][..],
            "EXCEEDS_BALANCE",
            1,
        ),
        (
            &["pay", n, "--amount", "100", "--method", "card"][..],
            "INVALID_INPUT",
            2,
        ),
        (
            &[
                "pay",
                n,
                "--amount",
                "100",
                "--method",
                "voucher",
                "--reference",
                "V-22222-22222",
            ][..],
            "NOT_FOUND",
            1,
        ),
        (
            &["pay", n, "--amount", "-100", "--method", "cash"][..],
            "INVALID_INPUT",
            2,
        ),
        (&["pay", n, "--amount", "100", "--method", "cheque"][..], "USAGE", 2),
        (
            &["pay", n, "--amount", "100", "--method", "cash", "--key", "nope"][..],
            "INVALID_INPUT",
            2,
        ),
        (
            &["pay", "TD-NONE", "--amount", "100", "--method", "cash"][..],
            "NOT_FOUND",
            1,
        ),
        (
            &["refund", n, "--amount", "100", "--reason", "goodwill"][..],
            "FORBIDDEN",
            1,
        ),
        (&["refund", n, "--amount", "100"][..], "USAGE", 2),
    ] {
        let r = run(DESK, args);
        assert_eq!(r.json["error"]["code"], code, "{args:?}: {}", r.json);
        assert_eq!(r.code, exit, "{args:?}");
    }
    let r = run(DESK, &["pay", n, "--amount", "1000001", "--method", "cash"]);
    assert_eq!(r.json["error"]["balance_minor"], 1_000_000, "{}", r.json);

    let r = run(MANAGER, &["refund", n, "--amount", "200000", "--reason", "late start"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(
        (
            &r.json["kind"],
            &r.json["method"],
            &r.json["reason"],
            &r.json["refunded_minor"],
            &r.json["payment_status"]
        ),
        (
            &Value::from("refund"),
            &Value::from("card"),
            &Value::from("late start"),
            &Value::from(200_000),
            &Value::from("partially_refunded")
        )
    );
    let r = run(MANAGER, &["refund", n, "--amount", "300001", "--reason", "too much"]);
    assert_eq!(
        (r.code, &r.json["error"]["code"]),
        (1, &Value::from("EXCEEDS_REFUNDABLE")),
        "{}",
        r.json
    );
    assert_eq!(r.json["error"]["refundable_minor"], 300_000);

    // text for people names the booking and what is still due
    let r = cli.run_as(&app, DESK, &["pay", n, "--amount", "1000000", "--method", "cash"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(
        r.stdout.contains(&number) && r.stdout.contains("still due 0.00 RUB"),
        "{}",
        r.stdout
    );
    db.assert_ledger().await;
}
