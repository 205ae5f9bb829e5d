//! The `api` schema: the only functions the application role may call, one
//! file each in `sql/api/` (the file a reader opens). Schema changes stay in
//! numbered migrations; these functions are rebuilt as a whole whenever their
//! sources change — dropped with the schema and created again in one
//! transaction — so a changed signature never leaves an old overload behind
//! that a client could still call. The transaction, its advisory lock and the
//! hash that says "changed" are shared with `sql/core/`
//! ([`sqlfiles`](super::sqlfiles)).

use super::sqlfiles::{SqlFile, run_files, sql_files};
use sqlx::{Postgres, Transaction};

/// Every file of `sql/api/`, by function name, sorted. A test checks that
/// the list and the folder agree.
pub const FILES: &[SqlFile] = sql_files!("api":
    add_departure,
    add_pricing_rule,
    audit_verify,
    book,
    booking,
    booking_add_person,
    booking_audit,
    booking_change,
    booking_check_ins,
    booking_contact,
    booking_move,
    booking_participants,
    booking_people,
    booking_pickup,
    booking_remove_person,
    booking_removed,
    calendar_events,
    cancel,
    cancel_departure,
    cancel_quote,
    change_quote,
    check_in,
    check_in_window,
    close_check_in,
    create_signing_key,
    currency,
    customer_bookings,
    extend_hold,
    field_bookings,
    field_check_ins,
    field_clock_check,
    field_conflicts,
    field_participants,
    field_return,
    field_sell,
    field_staff,
    find,
    guide_assign,
    guide_unassign,
    guides,
    hold,
    lease_allotment,
    ledger,
    login,
    logout,
    manifest,
    move_quote,
    notify_claim,
    notify_result,
    notify_status,
    participant_change,
    pay,
    pickup_add,
    pickup_list,
    pickup_manifest,
    pickup_points,
    pickup_remove,
    quote,
    rebook_credit,
    rebook_move,
    rebook_plan,
    rebook_refund,
    rebookings,
    refund,
    reissue_tickets,
    release_hold,
    reminder_time,
    reopen_check_in,
    resolve_conflict,
    resource_add,
    resource_assign,
    resource_edit,
    resource_in_service,
    resource_out_of_service,
    resource_unassign,
    resources,
    retire_ticket_key,
    return_grace,
    return_record,
    revoke_device,
    rollcall,
    rollcall_missing,
    rollcall_sweep,
    schedule_add,
    schedule_add_date,
    schedule_apply,
    schedule_edit,
    schedule_edit_check,
    schedule_preview,
    schedule_skip,
    schedules,
    set_check_in_window,
    set_currency,
    set_no_show,
    set_reminder_time,
    set_return_grace,
    set_time_zone,
    set_weather,
    shift,
    shift_approve,
    shift_cash,
    shift_close,
    shift_day,
    shift_open,
    shift_report,
    shift_tally,
    shifts_awaiting,
    signing_key,
    sweep_departure,
    telegram_poll,
    telegram_update,
    ticket_subjects,
    tickets_printed,
    time_zone,
    undo_check_in,
    unlock_logins,
    upsert_staff,
    upsert_tour,
    voucher,
    waitlist,
    waitlist_entry,
    waitlist_join,
    waitlist_leave,
    waitlist_skip,
);

/// Drops the api schema and creates it again from `FILES`, with its grants.
pub(crate) async fn rebuild(tx: &mut Transaction<'_, Postgres>) -> Result<(), sqlx::Error> {
    sqlx::raw_sql("drop schema if exists api cascade; create schema api;")
        .execute(&mut **tx)
        .await?;
    run_files(tx, "api", FILES).await?;
    sqlx::raw_sql(
        "revoke all on schema api from public;
         revoke execute on all functions in schema api from public;
         grant usage on schema api to tourdesk_app;
         grant execute on all functions in schema api to tourdesk_app;",
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}
