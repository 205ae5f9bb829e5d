//! The `api` schema: the only functions the application role may call, one
//! file each in `sql/api/` (the file a reader opens). Schema changes stay in
//! numbered migrations; these functions are rebuilt as a whole whenever their
//! sources change — dropped with the schema and created again in one
//! transaction — so a changed signature never leaves an old overload behind
//! that a client could still call. A transaction-scoped advisory lock makes
//! two kiosks starting at once take turns; the second finds the schema
//! current and does nothing.

use sqlx::PgPool;

/// Every file of `sql/api/`, by function name. A test checks that the list
/// and the folder agree.
pub const FILES: &[(&str, &str)] = &[
    ("add_departure", include_str!("../../sql/api/add_departure.sql")),
    ("add_pricing_rule", include_str!("../../sql/api/add_pricing_rule.sql")),
    ("audit_verify", include_str!("../../sql/api/audit_verify.sql")),
    ("book", include_str!("../../sql/api/book.sql")),
    ("booking", include_str!("../../sql/api/booking.sql")),
    (
        "booking_participants",
        include_str!("../../sql/api/booking_participants.sql"),
    ),
    ("cancel", include_str!("../../sql/api/cancel.sql")),
    ("cancel_departure", include_str!("../../sql/api/cancel_departure.sql")),
    ("check_in", include_str!("../../sql/api/check_in.sql")),
    ("close_check_in", include_str!("../../sql/api/close_check_in.sql")),
    (
        "create_signing_key",
        include_str!("../../sql/api/create_signing_key.sql"),
    ),
    ("extend_hold", include_str!("../../sql/api/extend_hold.sql")),
    ("field_bookings", include_str!("../../sql/api/field_bookings.sql")),
    ("field_check_ins", include_str!("../../sql/api/field_check_ins.sql")),
    ("field_clock_check", include_str!("../../sql/api/field_clock_check.sql")),
    ("field_conflicts", include_str!("../../sql/api/field_conflicts.sql")),
    (
        "field_participants",
        include_str!("../../sql/api/field_participants.sql"),
    ),
    ("field_sell", include_str!("../../sql/api/field_sell.sql")),
    ("field_staff", include_str!("../../sql/api/field_staff.sql")),
    ("hold", include_str!("../../sql/api/hold.sql")),
    ("lease_allotment", include_str!("../../sql/api/lease_allotment.sql")),
    ("login", include_str!("../../sql/api/login.sql")),
    ("logout", include_str!("../../sql/api/logout.sql")),
    ("manifest", include_str!("../../sql/api/manifest.sql")),
    ("reissue_tickets", include_str!("../../sql/api/reissue_tickets.sql")),
    ("release_hold", include_str!("../../sql/api/release_hold.sql")),
    ("reopen_check_in", include_str!("../../sql/api/reopen_check_in.sql")),
    ("resolve_conflict", include_str!("../../sql/api/resolve_conflict.sql")),
    ("retire_ticket_key", include_str!("../../sql/api/retire_ticket_key.sql")),
    ("revoke_device", include_str!("../../sql/api/revoke_device.sql")),
    ("set_no_show", include_str!("../../sql/api/set_no_show.sql")),
    ("set_weather", include_str!("../../sql/api/set_weather.sql")),
    ("signing_key", include_str!("../../sql/api/signing_key.sql")),
    ("sweep_departure", include_str!("../../sql/api/sweep_departure.sql")),
    ("ticket_subjects", include_str!("../../sql/api/ticket_subjects.sql")),
    ("tickets_printed", include_str!("../../sql/api/tickets_printed.sql")),
    ("undo_check_in", include_str!("../../sql/api/undo_check_in.sql")),
    ("unlock_logins", include_str!("../../sql/api/unlock_logins.sql")),
    ("upsert_staff", include_str!("../../sql/api/upsert_staff.sql")),
    ("upsert_tour", include_str!("../../sql/api/upsert_tour.sql")),
    ("waitlist", include_str!("../../sql/api/waitlist.sql")),
    ("waitlist_entry", include_str!("../../sql/api/waitlist_entry.sql")),
    ("waitlist_join", include_str!("../../sql/api/waitlist_join.sql")),
    ("waitlist_leave", include_str!("../../sql/api/waitlist_leave.sql")),
    ("waitlist_skip", include_str!("../../sql/api/waitlist_skip.sql")),
];

/// All sources, in order: what `api_state.source_sha256` is a hash of.
pub fn source() -> String {
    FILES.iter().map(|(_, sql)| *sql).collect::<Vec<_>>().join("\n")
}

/// True when the api schema was built from these sources.
pub async fn current(pool: &PgPool) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("select coalesce((select source_sha256 = sha256(convert_to($1, 'UTF8')) from api_state), false)")
        .bind(source())
        .fetch_one(pool)
        .await
}

/// Rebuilds the api schema from `FILES` unless it is current. The owner's.
pub async fn apply(pool: &PgPool) -> Result<bool, sqlx::Error> {
    let source = source();
    let mut tx = pool.begin().await?;
    sqlx::query("select pg_advisory_xact_lock(hashtext('tourdesk.api'))")
        .execute(&mut *tx)
        .await?;
    let same: bool = sqlx::query_scalar(
        "select coalesce((select source_sha256 = sha256(convert_to($1, 'UTF8')) from api_state), false)",
    )
    .bind(&source)
    .fetch_one(&mut *tx)
    .await?;
    if same {
        tx.commit().await?;
        return Ok(false);
    }
    sqlx::raw_sql("drop schema if exists api cascade; create schema api;")
        .execute(&mut *tx)
        .await?;
    for (name, sql) in FILES {
        if let Err(e) = sqlx::raw_sql(sqlx::AssertSqlSafe(*sql)).execute(&mut *tx).await {
            tracing::error!("sql/api/{name}.sql does not apply: {e}");
            return Err(e);
        }
    }
    sqlx::raw_sql(
        "revoke all on schema api from public;
         revoke execute on all functions in schema api from public;
         grant usage on schema api to tourdesk_app;
         grant execute on all functions in schema api to tourdesk_app;",
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "insert into api_state (source_sha256) values (sha256(convert_to($1, 'UTF8')))
         on conflict (singleton) do update set source_sha256 = excluded.source_sha256, applied_at = clock_timestamp()",
    )
    .bind(&source)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_file_of_sql_api_is_listed_once() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sql/api");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .expect("sql/api")
            .map(|e| {
                e.expect("entry")
                    .file_name()
                    .to_string_lossy()
                    .trim_end_matches(".sql")
                    .to_string()
            })
            .collect();
        on_disk.sort();
        let listed: Vec<String> = super::FILES.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(listed, on_disk, "src/db/api.rs FILES must list sql/api/*.sql");
        for (name, sql) in super::FILES {
            assert!(
                sql.contains(&format!("create function api.{name}(")),
                "sql/api/{name}.sql must define api.{name}"
            );
        }
    }
}
