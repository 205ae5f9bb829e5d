//! The test harness itself.

use super::*;

#[tokio::test]
async fn the_test_database_url_reaches_this_tests_own_database() {
    use sqlx::Connection;
    let db = TestDb::new().await;
    let other = TestDb::new().await;
    assert_ne!(db.name, other.name);
    let mut conn = sqlx::PgConnection::connect(&db.url).await.unwrap();
    let name: String = sqlx::query_scalar("select current_database()")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(name, db.name);
    // migrated: the seeded refund rules are there
    let rules: i64 = sqlx::query_scalar("select count(*) from refund_rules")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(rules, 7);
    conn.close().await.unwrap();
    let gone = other.name.clone();
    drop(other);
    let left: i64 = sqlx::query_scalar("select count(*) from pg_database where datname = $1")
        .bind(&gone)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(left, 0, "a dropped TestDb drops its database");
}
