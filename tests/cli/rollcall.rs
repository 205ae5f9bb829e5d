//! `tourdesk return`, `rollcall`, `muster` and `return-grace`: the JSON
//! contract of the return roll-call, a key's replay, NOT_CHECKED_IN with its
//! exit code, and the muster CSV with the people's contacts beside its PNG.

use super::*;

#[tokio::test]
async fn a_group_is_counted_back_listed_and_mustered() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    let dep = cli.departure(1, 5);
    let b = cli.ok(&[
        "book",
        &dep,
        "--adults",
        "3",
        "--name",
        "Anna Petrova",
        "--phone",
        "+7 914 555-12-34",
    ]);
    let ids: Vec<String> = b["participants"]
        .as_array()
        .expect("participants")
        .iter()
        .map(|p| p["id"].as_i64().expect("id").to_string())
        .collect();
    for id in &ids[..2] {
        let r = cli.run(&["checkin", "--participant", id, "--departure", &dep, "--json"]);
        assert_eq!(
            (r.code, r.json["verdict"].as_str()),
            (0, Some("admitted")),
            "{}",
            r.stdout
        );
    }

    let key = uuid::Uuid::now_v7().to_string();
    let back = cli.ok(&["return", "--participant", &ids[0], "--departure", &dep, "--key", &key]);
    assert_eq!(
        back["recorded"][0]["participant_id"].as_i64().map(|i| i.to_string()),
        Some(ids[0].clone())
    );
    assert_eq!(
        (back["counts"]["back"].as_i64(), back["counts"]["out"].as_i64()),
        (Some(1), Some(1))
    );
    assert_eq!(back["replayed"], false);
    let again = cli.ok(&["return", "--participant", &ids[0], "--departure", &dep, "--key", &key]);
    assert_eq!(
        (again["replayed"].as_bool(), again["recorded"].clone()),
        (Some(true), back["recorded"].clone())
    );
    // the third never checked in
    let e = cli.err(
        &["return", "--participant", &ids[2], "--departure", &dep],
        "NOT_CHECKED_IN",
        1,
    );
    assert_eq!(
        e["error"]["key"].as_str().map(str::len),
        Some(36),
        "a write's error names its key: {e}"
    );
    cli.err(&["return", "--left", "--participant", &ids[1]], "USAGE", 2);

    let r = cli.ok(&["rollcall", &dep]);
    assert_eq!(
        (r["counts"]["checked_in"].as_i64(), r["counts"]["out"].as_i64()),
        (Some(2), Some(1))
    );
    assert_eq!(
        r["out"][0]["phone"].as_str().map(|p| p.contains("914")),
        Some(true),
        "{r}"
    );
    assert_eq!(r["grace_minutes"], 60);
    let text = cli.run(&["rollcall", &dep]).stdout;
    assert!(text.contains("2 checked in: 1 back, 1 out, 0 missing"), "{text}");

    let left = cli.ok(&[
        "return",
        "--left",
        "--participant",
        &ids[1],
        "--note",
        "left early by taxi",
    ]);
    assert_eq!(left["state"], "left");
    let out = TempDir::new();
    let m = cli.ok(&["muster", &dep, "--out", out.0.to_str().unwrap()]);
    let csv = std::fs::read_to_string(m["csv"].as_str().expect("csv path")).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3, "a header and the two who went out: {csv}");
    assert!(lines[0].starts_with("state,participant_id,name"), "{csv}");
    assert!(csv.contains("left early by taxi"), "{csv}");
    assert!(lines[1..].iter().any(|l| l.starts_with("back,")), "{csv}");
    assert!(lines[1..].iter().any(|l| l.starts_with("left,")), "{csv}");
    // and the same list to print: one A4 page at 150 dpi, with text on it
    let pages = m["png"].as_array().expect("png pages");
    assert_eq!(pages.len(), 1, "{m}");
    let png = pages[0].as_str().unwrap();
    assert!(png.ends_with(&format!("muster-{dep}.png")), "{png}");
    let img = image::open(png).unwrap().to_luma8();
    assert_eq!(img.dimensions(), (1240, 1754));
    let dark = img.pixels().filter(|p| p.0[0] < 128).count();
    assert!(dark > 2000, "a title, a header and two people: {dark} dark pixels");

    assert_eq!(cli.ok(&["return-grace", "45"])["changed"], true);
    assert_eq!(cli.ok(&["return-grace"])["return_grace_minutes"], 45);
    cli.err(&["return-grace", "2000"], "USAGE", 2);
}
