//! The internal `td_*` functions: one file each in `sql/core/`, holding its
//! current definition as one `create or replace function` (the migrations
//! that first made them stay as history; the file wins). Applied by
//! [`sqlfiles::apply`](super::sqlfiles::apply) after the migrations whenever
//! the files or the applied migrations change.
//!
//! Why `create or replace` and not drop-and-create as for `api`: triggers
//! and grants (td_audit_seal's to tourdesk_app) hang on these functions and
//! survive a replace, not a drop. The cost: `create or replace` cannot change
//! a signature — other argument types make a second overload, other OUT
//! columns or return type fail. **A signature change therefore needs a new
//! migration that drops the old function** (`drop function td_x(bigint)`,
//! and whatever depends on it, recreated in that migration); the file then
//! creates the new one on the same start, and [`drift`] (run by the tests)
//! names any overload left behind. A body change is an edit of the file
//! alone; a migration that needs a new function while it runs (a backfill)
//! creates it itself, and its file takes over after it.
//!
//! Order: the files are applied twice, first with `check_function_bodies`
//! off (so a body may call a function that a later file creates), then with
//! it on (so a body that does not compile fails the start, naming its file).

use super::sqlfiles::{SqlFile, run_files, sql_files};
use sqlx::{PgPool, Postgres, Transaction};

/// Every file of `sql/core/`, by function name, sorted. A test checks that
/// the list and the folder agree.
pub const FILES: &[SqlFile] = sql_files!("core":
    td_attention,
    td_audit_canonical,
    td_audit_guard,
    td_audit_seal,
    td_audit_verify,
    td_authorize,
    td_authorize_write,
    td_book,
    td_booking_pickup,
    td_booking_reprice,
    td_bump_rules_rev,
    td_calendar_withdrawn,
    td_cancel,
    td_cancel_departure,
    td_change_answer,
    td_change_begin,
    td_change_finish,
    td_check_booking_text,
    td_check_in,
    td_check_in_closed_notify,
    td_check_in_info,
    td_check_in_notify,
    td_check_text,
    td_close_check_in,
    td_contact_normalize,
    td_crew_unassign,
    td_departure_before_update,
    td_departure_crew_release,
    td_departure_no_delete,
    td_departure_notify,
    td_departure_span,
    td_device,
    td_extend_hold,
    td_field_check_in,
    td_field_price_check,
    td_field_sell,
    td_field_staff_check,
    td_find_names,
    td_found,
    td_guide_assign,
    td_guide_unassign,
    td_hold,
    td_lease_allotment,
    td_ledger_entry,
    td_ledger_post,
    td_lock_booking,
    td_lock_booking_number,
    td_lock_open,
    td_lock_resources,
    td_make_room,
    td_move,
    td_move_terms,
    td_name_key,
    td_name_search_bookings,
    td_name_search_participants,
    td_new_session,
    td_notify_booking,
    td_notify_reminders,
    td_offer_ttl,
    td_open_shift,
    td_owner_session,
    td_payment_status,
    td_phone,
    td_phone_e164,
    td_pickup_at,
    td_prefix_words,
    td_promote_waitlist,
    td_quote,
    td_raise,
    td_rebook_credit,
    td_rebook_outcome,
    td_rebook_refund,
    td_rebook_resolve,
    td_rebook_sweep,
    td_reclaim_expired,
    td_refund_percent,
    td_reissue_tickets,
    td_release_hold,
    td_reopen_check_in,
    td_resource_assign,
    td_resource_free,
    td_resource_outage,
    td_resource_room,
    td_resource_unassign,
    td_return,
    td_role_may,
    td_rollcall_counts,
    td_rollcall_notify,
    td_schedule_assign,
    td_schedule_check,
    td_schedule_crew,
    td_schedule_crew_differs,
    td_schedule_edit_departure,
    td_schedule_edit_rule,
    td_schedule_failure,
    td_schedule_lock_crew,
    td_schedule_occurrences,
    td_schedule_record,
    td_schedule_recrew,
    td_schedule_replay,
    td_schedule_rule_overlaps,
    td_schedule_short_seats,
    td_schedule_slot_crew,
    td_session,
    td_set_no_show,
    td_set_weather,
    td_settle,
    td_shift_create,
    td_shift_guard,
    td_shift_info,
    td_shift_tally,
    td_source,
    td_sweep_departure,
    td_ticket_id,
    td_tickets_printed,
    td_undo_check_in,
    td_void_check_ins,
    td_voucher_code,
    td_voucher_normalize,
    td_voucher_redeem,
    td_waitlist_join,
    td_waitlist_leave,
    td_waitlist_notify,
    td_waitlist_skip,
);

/// Creates or replaces every function of `sql/core/` (see the header).
pub(crate) async fn replace(tx: &mut Transaction<'_, Postgres>) -> Result<(), sqlx::Error> {
    sqlx::raw_sql("set local check_function_bodies = off")
        .execute(&mut **tx)
        .await?;
    run_files(tx, "core", FILES).await?;
    sqlx::raw_sql("set local check_function_bodies = on")
        .execute(&mut **tx)
        .await?;
    run_files(tx, "core", FILES).await
}

/// Where the database's `td_*` functions and `sql/core/` disagree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drift {
    /// A `td_*` function of schema public that no file defines (with these
    /// argument types): a stray function, or an overload a signature change
    /// left behind. Drop it in a migration, or add its file.
    NoFile { function: String },
    /// A file whose function the database does not have (with its argument
    /// types): the files were not applied since it was added.
    NotInDatabase { file: String },
    /// The database runs another definition than the file's.
    Differs { file: String },
}

impl std::fmt::Display for Drift {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Drift::NoFile { function } => write!(
                f,
                "{function} is in the database but no file of sql/core defines it: \
                 add sql/core/<name>.sql and its line in src/db/internal.rs, or drop it in a migration"
            ),
            Drift::NotInDatabase { file } => write!(
                f,
                "sql/core/{file}.sql is not in the database: run `tourdesk migrate` as the schema owner"
            ),
            Drift::Differs { file } => write!(
                f,
                "the database's {file} differs from sql/core/{file}.sql: run `tourdesk migrate` as the schema \
                 owner; if it still differs, a migration redefines it after the files were applied"
            ),
        }
    }
}

/// Compares every `td_*` function of schema public with its file: each file
/// is created in a scratch schema of a transaction that is rolled back, and
/// `pg_get_functiondef` of both must be equal (schema name aside). Needs the
/// owner's right to create a schema. Empty: they agree.
pub async fn drift(pool: &PgPool) -> Result<Vec<Drift>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::raw_sql(
        "create schema td_file_check;
         set local search_path = td_file_check, public, pg_temp;
         set local check_function_bodies = off;",
    )
    .execute(&mut *tx)
    .await?;
    run_files(&mut tx, "core", FILES).await?;
    let defs = |schema: &str| {
        format!(
            "select p.proname::text, pg_get_function_identity_arguments(p.oid),
                    replace(pg_get_functiondef(p.oid), 'FUNCTION {schema}.', 'FUNCTION .')
               from pg_proc p join pg_namespace n on n.oid = p.pronamespace
              where n.nspname = '{schema}' and p.proname like 'td\\_%'
                and not exists (select 1 from pg_depend d
                                 where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
              order by 1, 2"
        )
    };
    let from_files: Vec<(String, String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(defs("td_file_check")))
        .fetch_all(&mut *tx)
        .await?;
    let in_db: Vec<(String, String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(defs("public")))
        .fetch_all(&mut *tx)
        .await?;
    tx.rollback().await?;
    let mut out = Vec::new();
    for (name, args, def) in &in_db {
        match from_files.iter().find(|(n, a, _)| n == name && a == args) {
            None => out.push(Drift::NoFile {
                function: format!("{name}({args})"),
            }),
            Some((_, _, file_def)) if file_def != def => out.push(Drift::Differs { file: name.clone() }),
            Some(_) => {}
        }
    }
    for (name, args, _) in &from_files {
        if !in_db.iter().any(|(n, a, _)| n == name && a == args) {
            out.push(Drift::NotInDatabase { file: name.clone() });
        }
    }
    Ok(out)
}
