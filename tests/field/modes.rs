//! The laptop's files that hold personal data are 0600 in 0700 folders, and
//! a store or folder others can read is refused with the chmod to run.

use super::*;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use tourdesk::domain::ErrorCode;

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p)
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        .permissions()
        .mode()
        & 0o777
}

fn chmod(p: &Path, m: u32) {
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_store_and_its_wal_are_0600_in_a_0700_folder_and_open_ones_are_refused() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let key = common::registered_key(&manager).await;
    let dep = departure(&db, &manager, 10).await;
    booked(&manager, &key, dep, 2, "Vera Private").await;
    let dir = TempDir::new();
    // a folder the store makes itself, two levels down
    let folder = dir.0.join("laptop/data");
    let path = folder.join("field.sqlite");
    let wal = folder.join("field.sqlite-wal");
    let shm = folder.join("field.sqlite-shm");
    {
        let mut store = FieldStore::open(&path, "private laptop").await.unwrap();
        let core = tourdesk::field::core_for(db.pool.clone(), "private laptop")
            .await
            .unwrap();
        core.upsert_staff("Private Guide", Role::Guide, "58120347")
            .await
            .unwrap();
        let holder = tourdesk::field::keyholder(&core, Some("Private Guide"), "58120347")
            .await
            .unwrap();
        prepare(&mut store, &core, &[dep], None, &[holder]).await.unwrap();
        assert_eq!(mode(&dir.0.join("laptop")), 0o700);
        assert_eq!(mode(&folder), 0o700);
        assert_eq!(mode(&path), 0o600, "the store");
        assert_eq!(mode(&wal), 0o600, "its -wal (the journal's rows land there first)");
        assert_eq!(mode(&shm), 0o600, "its -shm");
    }

    // a store others can read is refused, naming the chmod to run
    chmod(&path, 0o644);
    let e = FieldStore::open(&path, "private laptop").await.err().expect("refused");
    assert_eq!(e.code(), ErrorCode::FieldStore);
    assert!(e.to_string().contains(&format!("chmod 600 {}", path.display())), "{e}");
    chmod(&path, 0o600);

    // so is its -wal
    if wal.exists() {
        chmod(&wal, 0o640);
        let e = FieldStore::open(&path, "private laptop").await.err().expect("refused");
        assert!(e.to_string().contains(&format!("chmod 600 {}", wal.display())), "{e}");
        chmod(&wal, 0o600);
    }

    // and a folder others can list
    chmod(&folder, 0o755);
    let e = FieldStore::open(&path, "private laptop").await.err().expect("refused");
    assert!(
        e.to_string().contains(&format!("chmod 700 {}", folder.display())),
        "{e}"
    );
    chmod(&folder, 0o700);

    // put right, it opens with what was prepared
    let store = FieldStore::open(&path, "private laptop").await.unwrap();
    assert!(store.has_departure(dep));
}

#[test]
fn the_binary_writes_its_log_0600_in_a_0700_data_folder_and_refuses_an_open_one() {
    let dir = TempDir::new();
    let data = dir.0.join("fresh");
    // no database needed: the status of an unprepared laptop, offline
    let run = |data: &Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_tourdesk"))
            .env("DATABASE_URL", "postgres://nobody@127.0.0.1:9/none")
            .env("TOURDESK_DATA_DIR", data)
            .env_remove("TOURDESK_FIELD_STORE")
            .args(["field", "status", "--json"])
            .output()
            .unwrap()
    };
    run(&data);
    assert_eq!(mode(&data), 0o700, "the data folder");
    assert_eq!(mode(&data.join("tourdesk.log")), 0o600, "the log");
    assert_eq!(mode(&data.join("field.sqlite")), 0o600, "the store");

    let open = dir.0.join("open");
    std::fs::create_dir(&open).unwrap();
    chmod(&open, 0o755);
    let out = run(&open);
    assert!(!out.status.success());
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains(&format!("chmod 700 {}", open.display())), "{said}");
    assert!(!open.join("field.sqlite").exists(), "nothing written in an open folder");
}
