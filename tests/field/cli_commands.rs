//! `tourdesk field prepare / sync / conflicts / resolve / release` as a
//! script reads them: their JSON and exit codes, now that each asks the
//! service (`tourdesk::service`) as the kiosk does. What a prepare seals, and
//! for whom, is checked by opening the store with those PINs.

use super::*;
use chrono::Utc;
use serde_json::Value;
use std::os::unix::fs::PermissionsExt;
use tourdesk::booking::{CheckInRequest, NewDeparture};

const GUIDE: &str = "Commands Guide";
const GUIDE_PIN: &str = "61830257";

/// The owner's CLI on this laptop's store; `url` may name a database that
/// is gone. The store opens with the guide's PIN (`--also` at prepare).
fn tourdesk(dir: &TempDir, url: &str, args: &[&str]) -> (Option<i32>, Value) {
    as_staff(dir, url, GUIDE_PIN, GUIDE_PIN, args)
}

/// The CLI on this laptop's store as whoever `pin` logs in, with `also`
/// as the PIN of the `--also` people: its exit code and JSON.
pub(super) fn as_staff(dir: &TempDir, url: &str, pin: &str, also: &str, args: &[&str]) -> (Option<i32>, Value) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tourdesk"))
        .env("DATABASE_URL", url)
        .env("TOURDESK_DATA_DIR", &dir.0)
        .env("TOURDESK_FIELD_STORE", dir.store())
        .env("TOURDESK_PIN", pin)
        .env("TOURDESK_ALSO_PINS", also)
        .args(args)
        .output()
        .unwrap();
    let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code(), v)
}

/// Nothing listens on port 1: the database is "gone".
pub(super) const GONE: &str = "postgres://postgres@127.0.0.1:1/nowhere";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn field_commands_answer_through_the_service_with_their_json_and_exit_codes() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    manager.upsert_staff(GUIDE, Role::Guide, GUIDE_PIN).await.unwrap();
    let key = common::registered_key(&manager).await;
    let dep = departure(&db, &manager, 10).await;
    let (_, tickets) = booked(&manager, &key, dep, 2, "Nina Twice").await;
    let dir = TempDir::new();
    let url = db.url.as_str();
    let d = dep.to_string();

    let (code, r) = tourdesk(
        &dir,
        url,
        &[
            "field",
            "prepare",
            "--json",
            "--also",
            GUIDE,
            "--departure",
            &d,
            "--allotment",
            "3",
        ],
    );
    assert_eq!(code, Some(0), "{r}");
    assert_eq!(r["departures"], serde_json::json!([dep.0]), "{r}");
    assert_eq!(
        r["wrapped_for"],
        serde_json::json!([GUIDE]),
        "the owner has no PIN: the --also guide only"
    );
    assert_eq!(
        (r["participants"].clone(), r["allotments"][0]["left"].clone()),
        (2.into(), 3.into())
    );
    assert_eq!(db.counters(dep).await, (10, 2, 3), "booked 2, the laptop holds 3");

    // checked in offline here and online at the gate: one duplicate to review
    let (code, r) = tourdesk(&dir, GONE, &["checkin", "--json", "--departure", &d, &tickets[1].code]);
    assert_eq!((code, r["offline"].clone()), (Some(0), Value::from(true)), "{r}");
    let gate = db.core_as(Role::Guide, "Gate Guide", "gate-kiosk").await;
    let online = gate
        .check_in(&CheckInRequest::scan(&tickets[1].code, Some(dep)))
        .await
        .unwrap();
    assert!(online.verdict.is_admitted());
    let (code, r) = tourdesk(&dir, url, &["field", "sync", "--json"]);
    assert_eq!(code, Some(1), "a conflict to review exits 1: {r}");
    assert_eq!(
        (r["conflicts"].as_array().map(Vec::len), r["pending"].clone()),
        (Some(1), 0.into()),
        "{r}"
    );

    // the server's list, then this laptop's own with the database gone
    let (code, r) = tourdesk(&dir, url, &["field", "conflicts", "--json"]);
    assert_eq!((code, r["online"].clone()), (Some(0), Value::from(true)), "{r}");
    let conflicts = r["conflicts"].as_array().cloned().unwrap_or_default();
    assert_eq!(conflicts.len(), 1, "{r}");
    let id = conflicts[0]["id"].as_i64().expect("a conflict id");
    let (code, r) = tourdesk(&dir, GONE, &["field", "conflicts", "--json"]);
    assert_eq!((code, r["online"].clone()), (Some(0), Value::from(false)), "{r}");
    assert_eq!(r["conflicts"][0]["event_id"], conflicts[0]["event_id"], "{r}");

    // resolved once: off the open list, on the whole one
    let (code, r) = tourdesk(
        &dir,
        url,
        &["field", "resolve", &id.to_string(), "--note", "one person", "--json"],
    );
    assert_eq!(code, Some(0), "{r}");
    assert_eq!(
        (r["id"].as_i64(), r["resolution"].as_str()),
        (Some(id), Some("one person")),
        "{r}"
    );
    assert!(r["resolved_at"].is_string(), "{r}");
    let (_, r) = tourdesk(&dir, url, &["field", "conflicts", "--json"]);
    assert_eq!(r["conflicts"], serde_json::json!([]), "{r}");
    let (_, r) = tourdesk(&dir, url, &["field", "conflicts", "--all", "--json"]);
    assert_eq!(r["conflicts"].as_array().map(Vec::len), Some(1), "{r}");
    let (code, r) = tourdesk(
        &dir,
        GONE,
        &["field", "resolve", &id.to_string(), "--note", "again", "--json"],
    );
    assert_eq!(
        (code, r["error"]["code"].as_str()),
        (Some(3), Some("DB_UNAVAILABLE")),
        "{r}"
    );

    // the unsold seats go back, once
    let (code, r) = tourdesk(&dir, GONE, &["field", "release", "--json"]);
    assert_eq!(
        (code, r["error"]["code"].as_str()),
        (Some(3), Some("DB_UNAVAILABLE")),
        "{r}"
    );
    let (code, r) = tourdesk(&dir, url, &["field", "release", "--json", "--departure", &d]);
    assert_eq!(code, Some(0), "{r}");
    let released = r["released"].as_array().cloned().unwrap_or_default();
    assert_eq!(released.len(), 1, "{r}");
    assert_eq!(released[0]["status"], "released", "{r}");
    assert!(released[0]["hold_id"].is_i64(), "{r}");
    assert_eq!(db.counters(dep).await.2, 0, "nothing held any more");
    let (code, r) = tourdesk(&dir, url, &["field", "release", "--json"]);
    assert_eq!((code, r), (Some(0), serde_json::json!({"released": []})));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_prepare_by_an_app_role_seals_for_the_preparer_and_also_and_nobody_else() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    manager.upsert_staff(GUIDE, Role::Guide, GUIDE_PIN).await.unwrap();
    manager
        .upsert_staff("Desk Preparer", Role::Desk, "90417263")
        .await
        .unwrap();
    manager
        .upsert_staff("Not Sealed For", Role::Guide, "50283716")
        .await
        .unwrap();
    let dep = departure(&db, &manager, 10).await;
    let app = db.app_url().await;
    let dir = TempDir::new();
    let run = |url: &str, pin: &str, args: &[&str]| as_staff(&dir, url, pin, GUIDE_PIN, args);
    let d = dep.to_string();

    // a wrong PIN among the --also ones: refused, nothing sealed
    let (code, r) = as_staff(
        &dir,
        &app,
        "90417263",
        "11112222",
        &["field", "prepare", "--json", "--also", GUIDE, "--departure", &d],
    );
    assert_eq!((code, r["error"]["code"].as_str()), (Some(1), Some("WRONG_PIN")), "{r}");

    let (code, r) = run(
        &app,
        "90417263",
        &["field", "prepare", "--json", "--also", GUIDE, "--departure", &d],
    );
    assert_eq!(code, Some(0), "{r}");
    let mut sealed_for: Vec<&str> = r["wrapped_for"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    sealed_for.sort_unstable();
    assert_eq!(sealed_for, [GUIDE, "Desk Preparer"], "{r}");

    // offline, the store opens with either PIN and with no other
    for pin in ["90417263", GUIDE_PIN] {
        let (code, r) = run(GONE, pin, &["field", "conflicts", "--json"]);
        assert_eq!((code, r["online"].clone()), (Some(0), Value::from(false)), "{pin}: {r}");
    }
    let (code, r) = run(GONE, "50283716", &["field", "conflicts", "--json"]);
    assert_eq!((code, r["error"]["code"].as_str()), (Some(1), Some("WRONG_PIN")), "{r}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_prepare_names_a_day_with_departures_or_refuses_and_never_a_store_others_can_read() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    manager.upsert_staff(GUIDE, Role::Guide, GUIDE_PIN).await.unwrap();
    // noon three days on in UTC, the zone of a fresh database's operator
    let day = Utc::now().date_naive() + chrono::Days::new(3);
    let (dep, _) = manager
        .add_departure(&NewDeparture {
            tour: "Avachinsky volcano".into(),
            starts_at: day.and_hms_opt(12, 0, 0).unwrap().and_utc(),
            time_zone: chrono_tz::Asia::Kamchatka,
            capacity: 10,
            adult_price_minor: common::ADULT_PRICE,
            child_price_minor: common::CHILD_PRICE,
            currency: "RUB".into(),
            meeting_point: "Pier 3".into(),
        })
        .await
        .unwrap();
    let dir = TempDir::new();
    let url = db.url.as_str();

    // a day with no departures is refused, not answered with today's
    let today = departure(&db, &manager, 1).await;
    let empty = (day + chrono::Days::new(1)).to_string();
    let (code, r) = tourdesk(
        &dir,
        url,
        &["field", "prepare", "--json", "--also", GUIDE, "--date", &empty],
    );
    assert_eq!(
        (code, r["error"]["code"].as_str()),
        (Some(2), Some("INVALID_INPUT")),
        "{r}"
    );
    let (code, r) = tourdesk(
        &dir,
        url,
        &["field", "prepare", "--json", "--also", GUIDE, "--date", "3 Dec"],
    );
    assert_eq!(
        (code, r["error"]["code"].as_str()),
        (Some(2), Some("INVALID_INPUT")),
        "{r}"
    );
    let (code, r) = tourdesk(
        &dir,
        url,
        &[
            "field",
            "prepare",
            "--json",
            "--also",
            GUIDE,
            "--date",
            &day.to_string(),
        ],
    );
    assert_eq!(code, Some(0), "{r}");
    assert_eq!(r["departures"], serde_json::json!([dep.0]), "not today's {today}: {r}");

    // a store folder others can list is refused before anything is sent
    let open = TempDir::new();
    std::fs::set_permissions(&open.0, std::fs::Permissions::from_mode(0o755)).unwrap();
    let (code, r) = tourdesk(
        &open,
        url,
        &[
            "field",
            "prepare",
            "--json",
            "--also",
            GUIDE,
            "--date",
            &day.to_string(),
        ],
    );
    assert_eq!(
        (code, r["error"]["code"].as_str()),
        (Some(1), Some("FIELD_STORE")),
        "{r}"
    );
    let message = r["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains(&format!("chmod 700 {}", open.0.display())), "{r}");
    assert!(!open.store().exists(), "nothing written in an open folder");
}
