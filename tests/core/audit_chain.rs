//! The audit chain (migration 0010, booking/audit.rs): append-only for
//! everyone — the test's role is a superuser, and the trigger still refuses —,
//! lazily sealed without serialising writers, and tampering by the owner (who
//! can disable the trigger) named by `verify_audit`.

use super::*;
use tourdesk::booking::{AuditAnchor, AuditProblem, AuditVerification};

/// The error a statement raised: (SQLSTATE, message).
async fn refused(pool: &PgPool, sql: &'static str) -> (String, String) {
    match sqlx::query(sql).execute(pool).await {
        Ok(r) => panic!("{sql}: expected a refusal, {} row(s) changed", r.rows_affected()),
        Err(sqlx::Error::Database(db)) => (db.code().unwrap_or_default().to_string(), db.message().to_string()),
        Err(e) => panic!("{sql}: {e}"),
    }
}

/// `n` one-adult bookings on a fresh departure: 1 + n audit rows.
async fn bookings(db: &TestDb, core: &Core, hours: i64, n: usize) {
    let dep = db.departure(core, hours, 100).await;
    for i in 0..n {
        core.book(&request(dep, 1, 0, &format!("Guest {i}"))).await.unwrap();
    }
}

async fn count(pool: &PgPool, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

/// Runs `sql` with the append-only trigger disabled, as the owner could.
async fn as_tampering_owner(pool: &PgPool, sql: &'static str) {
    let mut tx = pool.begin().await.unwrap();
    sqlx::query("alter table audit_log disable trigger all")
        .execute(&mut *tx)
        .await
        .unwrap();
    let changed = sqlx::query(sql).execute(&mut *tx).await.unwrap().rows_affected();
    assert_eq!(changed, 1, "{sql}");
    sqlx::query("alter table audit_log enable trigger all")
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

fn broken(v: &AuditVerification) -> (i64, AuditProblem) {
    let b = v
        .broken
        .as_ref()
        .unwrap_or_else(|| panic!("expected a broken chain: {v:?}"));
    (b.seq, b.problem)
}

#[tokio::test]
async fn update_delete_and_truncate_are_refused_even_for_a_superuser() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    bookings(&db, &core, 48, 2).await;
    core.seal_audit().await.unwrap();
    // one sealed row, and one unsealed
    bookings(&db, &core, 72, 0).await;
    let before = count(&db.pool, "select count(*) from audit_log").await;
    assert!(count(&db.pool, "select count(*) from audit_log where seq is null").await > 0);
    let forbidden = ("P0001".to_string(), "FORBIDDEN".to_string());
    for sql in [
        "update audit_log set details = '{}' where seq = 1",
        "update audit_log set details = '{}' where seq is null",
        "update audit_log set action = 'x'",
        "delete from audit_log where seq = 1",
        "delete from audit_log where seq is null",
        "truncate audit_log",
        "truncate audit_log cascade",
        // sealing by hand is allowed only for the chain columns, from null
        "update audit_log set seq = 99, prev_hash = '\\x00', hash = '\\x00', details = '{}' where seq is null",
        "update audit_log set seq = 99 where seq = 1",
        "update audit_log set seq = null, prev_hash = null, hash = null where seq = 1",
    ] {
        assert_eq!(refused(&db.pool, sql).await, forbidden, "{sql}");
    }
    let total = count(&db.pool, "select count(*) from audit_log").await;
    assert_eq!(total, before, "nothing was removed");
    let v = core.verify_audit(None).await.unwrap();
    assert!(v.intact(), "{v:?}");
    assert_eq!(v.checked, total);
}

#[tokio::test]
async fn a_chain_of_many_bookings_verifies_and_names_its_head() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    bookings(&db, &core, 48, 25).await;
    let total = count(&db.pool, "select count(*) from audit_log").await;
    assert!(total >= 26);
    let v = core.verify_audit(None).await.unwrap();
    assert!(v.intact(), "{v:?}");
    assert_eq!((v.sealed_now, v.checked, v.unsealed), (total, total, 0));
    assert_eq!(v.head_seq, Some(total));
    let head = v.head_hash.clone().unwrap();
    assert!(
        head.len() == 64 && head.chars().all(|c| c.is_ascii_hexdigit()),
        "{head}"
    );
    let stored: String = sqlx::query_scalar("select encode(hash, 'hex') from audit_log where seq = $1")
        .bind(total)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(stored, head);

    // the same answer from a session in another time zone (JSON renders `at` in it)
    let mut conn = db.pool.acquire().await.unwrap();
    sqlx::query("set timezone = 'Pacific/Kiritimati'")
        .execute(&mut *conn)
        .await
        .unwrap();
    let problem: Option<String> = sqlx::query_scalar("select problem from td_audit_verify()")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert_eq!(problem, None);
    sqlx::query("reset timezone").execute(&mut *conn).await.unwrap();
}

#[tokio::test]
async fn the_owner_editing_a_sealed_row_is_named() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    bookings(&db, &core, 48, 6).await;
    assert!(core.verify_audit(None).await.unwrap().intact());
    let id: i64 = sqlx::query_scalar("select id from audit_log where seq = 4")
        .fetch_one(&db.pool)
        .await
        .unwrap();

    as_tampering_owner(
        &db.pool,
        "update audit_log set details = details || '{\"seats\": 0}' where seq = 4",
    )
    .await;
    let v = core.verify_audit(None).await.unwrap();
    assert_eq!(broken(&v), (4, AuditProblem::HashMismatch), "{v:?}");
    assert_eq!(v.broken.as_ref().unwrap().id, Some(id));

    // re-hashing the edited row moves the break to the next link, never hides it
    as_tampering_owner(
        &db.pool,
        "update audit_log a set hash = sha256(a.prev_hash || convert_to(td_audit_canonical(a), 'UTF8')) where seq = 4",
    )
    .await;
    let v = core.verify_audit(None).await.unwrap();
    assert_eq!(broken(&v), (5, AuditProblem::PrevMismatch), "{v:?}");

    // a new column (as migrations add them) that is null does not break old rows
    sqlx::query("alter table audit_log add column test_note text")
        .execute(&db.pool)
        .await
        .unwrap();
    let v = core.verify_audit(None).await.unwrap();
    assert_eq!(broken(&v), (5, AuditProblem::PrevMismatch), "{v:?}");
}

#[tokio::test]
async fn a_deleted_row_is_a_gap() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    bookings(&db, &core, 48, 5).await;
    core.seal_audit().await.unwrap();
    as_tampering_owner(&db.pool, "delete from audit_log where seq = 2").await;
    let v = core.verify_audit(None).await.unwrap();
    assert_eq!(broken(&v), (3, AuditProblem::Gap), "{v:?}");

    // the counts still cover the rest of the chain
    assert_eq!(v.checked, count(&db.pool, "select count(*) from audit_log").await);
}

#[tokio::test]
async fn the_sealer_continues_the_chain_across_calls() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let mut sealed = 0;
    for round in 0..4 {
        bookings(&db, &core, 48 + round, 3).await;
        let waiting = count(&db.pool, "select count(*) from audit_log where seq is null").await;
        assert!(waiting >= 4, "round {round}: a departure and 3 bookings");
        let n = core.seal_audit().await.unwrap();
        assert_eq!(n, waiting, "round {round}");
        sealed += n;
        assert_eq!(core.seal_audit().await.unwrap(), 0, "nothing left to seal");
    }
    // the sweeper seals too, without waiting
    bookings(&db, &core, 80, 1).await;
    assert_eq!(
        core.sweep().await.unwrap().audit_sealed,
        3,
        "a departure, a booking and its payment"
    );
    sealed += 3;
    // seq 1..n without a hole, each row linked to the one before
    let links = count(
        &db.pool,
        "select count(*) from audit_log a join audit_log b on b.seq = a.seq + 1 and b.prev_hash = a.hash",
    )
    .await;
    assert_eq!(links, sealed - 1);
    assert_eq!(count(&db.pool, "select max(seq) from audit_log").await, sealed);
    let first_prev = count(
        &db.pool,
        "select count(*) from audit_log where seq = 1 and prev_hash = '\\x0000000000000000000000000000000000000000000000000000000000000000'",
    )
    .await;
    assert_eq!(first_prev, 1, "the chain starts from 32 zero bytes");
    let v = core.verify_audit(None).await.unwrap();
    assert!(v.intact(), "{v:?}");
    assert_eq!((v.checked, v.sealed_now), (sealed, 0));
}

#[tokio::test]
async fn rows_of_open_transactions_wait_for_their_commit() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    bookings(&db, &core, 48, 1).await;
    let mut open = db.pool.begin().await.unwrap();
    let pending: i64 = sqlx::query_scalar("insert into audit_log (action) values ('test.open') returning id")
        .fetch_one(&mut *open)
        .await
        .unwrap();
    bookings(&db, &core, 72, 1).await;
    // the sealer neither waits for the open transaction nor skips its row for good
    let committed = count(&db.pool, "select count(*) from audit_log").await;
    assert_eq!(core.seal_audit().await.unwrap(), committed);
    open.commit().await.unwrap();
    assert_eq!(core.seal_audit().await.unwrap(), 1);
    let seq: i64 = sqlx::query_scalar("select seq from audit_log where id = $1")
        .bind(pending)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(
        seq,
        committed + 1,
        "sealed after the rows of later ids that committed first"
    );
    assert!(core.verify_audit(None).await.unwrap().intact());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writers_and_sealers_seal_every_row_exactly_once() {
    let db = TestDb::with_pool(12).await;
    let core = db.manager().await;
    let mut departures = Vec::new();
    for i in 0..6 {
        departures.push(db.departure(&core, 48 + i, 100).await);
    }
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut sealers = Vec::new();
    for s in 0..3 {
        let (core, done) = (core.clone(), done.clone());
        sealers.push(tokio::spawn(async move {
            let mut n = 0;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                n += if s == 0 {
                    core.sweep().await.unwrap().audit_sealed
                } else {
                    core.seal_audit().await.unwrap()
                };
            }
            n
        }));
    }
    let mut writers = Vec::new();
    for (w, dep) in departures.into_iter().enumerate() {
        let core = core.clone();
        writers.push(tokio::spawn(async move {
            for i in 0..15 {
                core.book(&request(dep, 1, 0, &format!("Writer {w} guest {i}")))
                    .await
                    .unwrap();
            }
        }));
    }
    for w in writers {
        w.await.unwrap();
    }
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut by_sealers = 0;
    for s in sealers {
        by_sealers += s.await.unwrap();
    }
    let last = core.seal_audit().await.unwrap();
    let total = count(&db.pool, "select count(*) from audit_log").await;
    assert_eq!(by_sealers + last, total, "each row sealed once");
    assert_eq!(
        count(&db.pool, "select count(distinct seq) from audit_log").await,
        total
    );
    assert_eq!(count(&db.pool, "select max(seq) from audit_log").await, total);
    let v = core.verify_audit(None).await.unwrap();
    assert!(v.intact(), "{v:?}");
    assert_eq!((v.checked, v.unsealed), (total, 0));
}

#[tokio::test]
async fn an_anchor_catches_a_chain_recomputed_after_an_edit() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    bookings(&db, &core, 48, 4).await;
    let v = core.verify_audit(None).await.unwrap();
    let anchor = AuditAnchor::parse(&format!("{}:{}", v.head_seq.unwrap(), v.head_hash.unwrap())).unwrap();
    assert!(core.verify_audit(Some(&anchor)).await.unwrap().intact());
    let wrong = AuditAnchor::parse(&format!("{}:{}", anchor.seq, "0".repeat(64))).unwrap();
    assert_eq!(
        broken(&core.verify_audit(Some(&wrong)).await.unwrap()),
        (anchor.seq, AuditProblem::AnchorMismatch)
    );
    let beyond = AuditAnchor::parse(&format!("{}:{}", anchor.seq + 1, anchor.hash)).unwrap();
    let v = core.verify_audit(Some(&beyond)).await.unwrap();
    assert_eq!(broken(&v), (anchor.seq + 1, AuditProblem::AnchorMismatch));
    assert_eq!(v.broken.unwrap().id, None, "no row has that seq");
    for bad in ["", "12", "x:abc", "0:00", &format!("3:{}", "g".repeat(64))] {
        assert_eq!(code(AuditAnchor::parse(bad)), "INVALID_INPUT", "{bad:?}");
    }

    // the owner edits row 2 and recomputes every hash after it: the chain
    // itself is consistent again, only the anchor written down tells
    let mut tx = db.pool.begin().await.unwrap();
    sqlx::raw_sql(
        "alter table audit_log disable trigger all;
         update audit_log set details = details || '{\"seats\": 9}' where seq = 2;
         do $$ declare r audit_log%rowtype; v_prev bytea;
         begin
             for r in select * from audit_log where seq >= 2 order by seq loop
                 if v_prev is null then v_prev := r.prev_hash; end if;
                 update audit_log set prev_hash = v_prev,
                        hash = sha256(v_prev || convert_to(td_audit_canonical(r), 'UTF8'))
                  where id = r.id returning hash into v_prev;
             end loop;
         end $$;
         alter table audit_log enable trigger all;",
    )
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert!(core.verify_audit(None).await.unwrap().intact());
    let v = core.verify_audit(Some(&anchor)).await.unwrap();
    assert_eq!(broken(&v), (anchor.seq, AuditProblem::AnchorMismatch), "{v:?}");
}
