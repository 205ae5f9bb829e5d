//! `tourdesk audit verify`: exit 0 and the head hash on an intact chain; exit 1,
//! the first broken row and what to do once the owner has edited a sealed row.

use super::*;

#[tokio::test]
async fn audit_verify_exit_codes() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    let dep = cli.departure(48, 10);
    cli.ok(&["book", &dep, "--adults", "2", "--name", "Анна Петрова"]);

    let v = cli.ok(&["audit", "verify"]);
    assert_eq!(v["intact"], true, "{v}");
    let checked = v["checked"].as_i64().unwrap();
    assert!(checked >= 3, "{v}");
    assert_eq!(v["sealed_now"], checked, "verify seals first");
    assert_eq!(v["head_seq"], checked);
    let head = v["head_hash"].as_str().unwrap().to_string();
    assert_eq!(head.len(), 64, "{v}");
    // as text: the anchor to write down (the head may have moved on: each run
    // of the CLI may be audited itself)
    let r = cli.run(&["audit", "verify"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("intact"), "{}", r.stdout);
    let printed = r
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("anchor: "))
        .unwrap_or_else(|| panic!("no anchor line: {}", r.stdout));
    let (seq, hash) = printed.split_once(':').unwrap();
    assert!(seq.parse::<i64>().unwrap() >= checked && hash.len() == 64, "{printed}");
    // the anchor written down after the first run still holds
    let anchor = format!("{checked}:{head}");
    assert_eq!(cli.ok(&["audit", "verify", "--anchor", &anchor])["intact"], true);
    let wrong = cli.err(
        &["audit", "verify", "--anchor", &format!("{checked}:{}", "0".repeat(64))],
        "AUDIT_CHAIN_BROKEN",
        1,
    );
    assert_eq!(wrong["broken"]["problem"], "anchor_mismatch", "{wrong}");
    cli.err(&["audit", "verify", "--anchor", "yesterday"], "INVALID_INPUT", 2);

    // the owner disables the trigger and edits the booking's audit row
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

    let v = cli.err(&["audit", "verify"], "AUDIT_CHAIN_BROKEN", 1);
    assert_eq!(v["intact"], false);
    assert_eq!(v["broken"]["seq"], seq, "{v}");
    assert_eq!(v["broken"]["problem"], "hash_mismatch", "{v}");
    let r = cli.run(&["audit", "verify"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains(&format!("BROKEN at seq {seq}")) && r.stdout.contains("pg_dump"),
        "says where and what to do: {}",
        r.stdout
    );
}
