//! The CLI as staff run it in production: the application role and a PIN
//! (`TOURDESK_PIN`), the server deciding who may do what.

use super::*;
use tourdesk::domain::Role;

/// A desk clerk (PIN 7364), a guide (5812) and a manager (9157), and the
/// application role's URL.
async fn staff(db: &TestDb) -> String {
    let owner = db.manager().await;
    for (name, role, pin) in [
        ("Dina Desk", Role::Desk, "7364"),
        ("Gena Guide", Role::Guide, "5812"),
        ("Max Manager", Role::Manager, "9157"),
    ] {
        owner.upsert_staff(name, role, pin).await.unwrap();
    }
    db.app_url().await
}

const DESK: &str = "7364";
const GUIDE: &str = "5812";
const MANAGER: &str = "9157";

/// `cancel --refund-percent N --refund-reason "…"`: a manager's, audited;
/// a desk clerk's is refused by the server; a bad percent or one flag
/// without the other is a usage error, and nothing is cancelled.
#[tokio::test]
async fn a_manager_overrides_a_refund_from_the_cli() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    let app = staff(&db).await;
    let dep = cli.departure(10, 5);
    let number = cli.ok(&["book", &dep, "--adults", "2", "--name", "Anna Petrova"])["booking_number"]
        .as_str()
        .unwrap()
        .to_string();
    let cancel = |pin: &str, extra: &[&str]| {
        let mut args = vec!["cancel", number.as_str()];
        args.extend_from_slice(extra);
        args.push("--json");
        cli.run_as(&app, pin, &args)
    };

    for (extra, says) in [
        (&["--refund-percent", "101", "--refund-reason", "storm"][..], "0..=100"),
        (
            &["--refund-percent", "-5", "--refund-reason", "storm"][..],
            "--refund-percent",
        ),
        (&["--refund-percent", "half", "--refund-reason", "storm"][..], "half"),
        (&["--refund-percent", "50"][..], "--refund-reason"),
        (&["--refund-reason", "storm"][..], "--refund-percent"),
    ] {
        let r = cancel(MANAGER, extra);
        assert_eq!(r.code, 2, "{extra:?}: {}", r.stdout);
        assert_eq!(r.json["error"]["code"], "USAGE", "{extra:?}: {}", r.json);
        let message = r.json["error"]["message"].as_str().unwrap();
        assert!(message.contains(says), "{extra:?}: {message}");
    }
    let r = cancel(MANAGER, &["--refund-percent", "50", "--refund-reason", " "]);
    assert_eq!(
        (r.code, r.json["error"]["code"].as_str()),
        (2, Some("INVALID_INPUT")),
        "{}",
        r.json
    );
    assert!(
        r.json["error"]["message"].as_str().unwrap().contains("needs a reason"),
        "{}",
        r.json
    );

    let r = cancel(DESK, &["--refund-percent", "100", "--refund-reason", "a friend"]);
    assert_eq!(
        (r.code, r.json["error"]["code"].as_str()),
        (1, Some("FORBIDDEN")),
        "{}",
        r.json
    );
    assert_eq!(cli.ok(&["booking", "show", &number])["status"], "confirmed");

    // 10 h before the rules give 0 %; the manager gives 80 % of 15 000.00
    let r = cancel(MANAGER, &["--refund-percent", "80", "--refund-reason", "ferry strike"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(r.json["refund_percent"], 80, "{}", r.json);
    assert_eq!(r.json["refund_minor"], 1_200_000);
    let (who, details): (String, Value) = sqlx::query_as(
        "select s.name, a.details from audit_log a join staff s on s.id = a.staff_id
          where a.action = 'refund.override'",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(who, "Max Manager");
    assert_eq!(
        (&details["rules_percent"], &details["percent"], &details["reason"]),
        (&Value::from(0), &Value::from(80), &Value::from("ferry strike"))
    );
    // without the flags a desk clerk cancels by the rules, as before
    let other = cli.ok(&["book", &dep, "--adults", "1", "--name", "Oleg Sidorov"])["booking_number"]
        .as_str()
        .unwrap()
        .to_string();
    let r = cli.run_as(&app, DESK, &["cancel", &other, "--json"]);
    assert_eq!((r.code, &r.json["refund_percent"]), (0, &Value::from(0)), "{}", r.json);
}

/// `audit verify` as the application role: a manager's (through
/// `api.audit_verify`), refused to a desk clerk and a guide, and it finds a
/// row the owner edited behind the append-only trigger.
#[tokio::test]
async fn a_manager_verifies_the_audit_chain_as_the_application_role() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    let app = staff(&db).await;
    let dep = cli.departure(48, 10);
    cli.ok(&["book", &dep, "--adults", "2", "--name", "Anna Petrova"]);

    for pin in [DESK, GUIDE] {
        let r = cli.run_as(&app, pin, &["audit", "verify", "--json"]);
        assert_eq!(
            (r.code, r.json["error"]["code"].as_str()),
            (1, Some("FORBIDDEN")),
            "{}",
            r.json
        );
    }
    let r = cli.run_as(&app, MANAGER, &["audit", "verify", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(r.json["intact"], true, "{}", r.json);
    let checked = r.json["checked"].as_i64().unwrap();
    assert!(checked >= 3 && r.json["sealed_now"].as_i64() > Some(0), "{}", r.json);
    let anchor = format!("{}:{}", r.json["head_seq"], r.json["head_hash"].as_str().unwrap());
    let r = cli.run_as(&app, MANAGER, &["audit", "verify", "--anchor", &anchor, "--json"]);
    assert_eq!((r.code, &r.json["intact"]), (0, &Value::Bool(true)), "{}", r.json);

    // the owner edits the booking's sealed audit row with the trigger off
    let mut tx = db.pool.begin().await.unwrap();
    sqlx::query("alter table audit_log disable trigger all")
        .execute(&mut *tx)
        .await
        .unwrap();
    let seq: i64 = sqlx::query_scalar(
        "update audit_log set details = details || '{\"total_minor\": 1}'
          where action = 'booking.created' returning seq",
    )
    .fetch_one(&mut *tx)
    .await
    .unwrap();
    sqlx::query("alter table audit_log enable trigger all")
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let r = cli.run_as(&app, MANAGER, &["audit", "verify", "--json"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert_eq!(r.json["error"]["code"], "AUDIT_CHAIN_BROKEN", "{}", r.json);
    assert_eq!(r.json["broken"]["seq"], seq, "{}", r.json);
    assert_eq!(r.json["broken"]["problem"], "hash_mismatch");
    // still a manager's only
    let r = cli.run_as(&app, DESK, &["audit", "verify", "--json"]);
    assert_eq!(r.json["error"]["code"], "FORBIDDEN", "{}", r.json);
}

/// `keys rotate` as the application role: a desk clerk and a guide are
/// refused by the server and the key file stays as it was; a manager gets a
/// new key, the old one retired, both audited under the manager's name.
#[tokio::test]
async fn keys_rotate_is_a_managers_as_the_application_role() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    let app = staff(&db).await;
    let first = cli.run_as(&app, MANAGER, &["keys", "new", "--json"]);
    assert_eq!(first.code, 0, "{}", first.stdout);
    let old_id = first.json["key_id"].as_i64().unwrap();
    let key = cli.data_dir.0.join("ticket-signing.key");
    let before = std::fs::read(&key).unwrap();

    for pin in [DESK, GUIDE] {
        let r = cli.run_as(&app, pin, &["keys", "rotate", "--json"]);
        assert_eq!(
            (r.code, r.json["error"]["code"].as_str()),
            (1, Some("FORBIDDEN")),
            "{}",
            r.json
        );
        assert_eq!(
            std::fs::read(&key).unwrap(),
            before,
            "a refused rotate changed the key file"
        );
    }
    let n: i64 = sqlx::query_scalar("select count(*) from ticket_keys")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(n, 1, "a refused rotate registered a key");

    let r = cli.run_as(&app, MANAGER, &["keys", "rotate", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let new_id = r.json["key_id"].as_i64().unwrap();
    assert_eq!(r.json["retired_key_id"].as_i64(), Some(old_id), "{}", r.json);
    assert_ne!(std::fs::read(&key).unwrap(), before, "the key file holds the new key");
    let audited: Vec<(String, String, Value)> = sqlx::query_as(
        "select a.action, s.name, a.details from audit_log a join staff s on s.id = a.staff_id
          where a.action like 'ticket_key.%' order by a.id",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    let seen: Vec<(&str, &str, i64)> = audited
        .iter()
        .map(|(a, s, d)| (a.as_str(), s.as_str(), d["key_id"].as_i64().unwrap_or(-1)))
        .collect();
    assert_eq!(
        seen,
        [
            ("ticket_key.created", "Max Manager", old_id),
            ("ticket_key.created", "Max Manager", new_id),
            ("ticket_key.retired", "Max Manager", old_id),
        ]
    );
    let retired: Option<chrono::DateTime<chrono::Utc>> =
        sqlx::query_scalar("select retired_at from ticket_keys where id = $1")
            .bind(old_id)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert!(retired.is_some());
}
