//! What users type, turned against the CLI: formulas in names exported to
//! CSV, and newlines in names forging manifest lines.

use super::*;

#[tokio::test]
async fn manifest_csv_escapes_formulas_and_text_shows_control_characters() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    let dep = cli.departure(48, 10);
    let formula = r#"=HYPERLINK("http://x","y")"#;
    let b = cli.ok(&[
        "book",
        &dep,
        "--adults",
        "2",
        "--name",
        formula,
        "--phone",
        "+79001234567",
    ]);
    // the second participant: a name with a newline that forges a manifest row
    // (as a row from before names were checked, or from another client)
    let forged = "Ann\n   999  TD-FAKE00  Forged Person                adult  admitted";
    sqlx::query(
        "update participants set name = $1
          where id = (select max(p.id) from participants p join bookings b on b.id = p.booking_id
                       where b.booking_number = $2)",
    )
    .bind(forged)
    .bind(b["booking_number"].as_str().unwrap())
    .execute(&db.pool)
    .await
    .unwrap();

    let path = cli.data_dir.0.join("manifest.csv");
    cli.ok(&["manifest", &dep, "--csv", &path.display().to_string()]);
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    let names: Vec<&str> = rows.iter().map(|r| &r[col("name")]).collect();
    assert!(names.contains(&format!("'{formula}").as_str()), "{names:?}");
    assert!(
        names.contains(&forged),
        "a CSV cell keeps its newline, quoted: {names:?}"
    );
    assert_eq!(&rows[0][col("contact_phone")], "'+79001234567");
    assert_eq!(&rows[0][col("contact_name")], format!("'{formula}"));
    for r in &rows {
        for cell in r {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a spreadsheet would evaluate {cell:?}"
            );
        }
    }

    let r = cli.run(&["manifest", &dep]);
    assert_eq!(r.code, 0);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "a header and one line per participant: {}", r.stdout);
    assert!(
        !lines.iter().any(|l| l.trim_start().starts_with("999")),
        "no forged line: {}",
        r.stdout
    );
    assert!(
        r.stdout.contains(r"Ann\n   999  TD-FAKE00"),
        "the newline is shown: {}",
        r.stdout
    );
}
