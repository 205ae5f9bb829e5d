//! Offline field mode in the app, without a terminal or a database: what the
//! header says, when a sync starts, the conflict review's keys, an offline
//! login.

use super::*;
use crate::domain::{DepartureId, ErrorCode, Role};
use crate::tui::action::{Action, Session, Timer};
use crate::tui::app::{App, Config, Screen};
use crate::tui::panes::PaneCall;
use crate::tui::strings::Lang;
use crate::tui::testing::{self, code, key, press_app};
use crate::tui::view;
use crate::tui::view::review::tests::{duplicate, failed, walk_in_failed};
use crossterm::event::KeyCode;
use std::time::{Duration, Instant};

const DEP: DepartureId = DepartureId(7);

fn app_in(lang: Lang) -> App {
    let config = Config {
        lang,
        device: "gate-2".into(),
        tz: testing::TZ,
        currency: Some(crate::domain::money::Currency::RUB),
        idle_lock: Duration::ZERO,
    };
    App::new(config, testing::now(), (100, 30))
}

fn store(pending: usize) -> FieldInfo {
    FieldInfo {
        open: true,
        pending,
        prepared: vec![DEP],
        allotments: Vec::new(),
    }
}

/// Logged in online as `role`, the store holding `pending` entries, the
/// database answering.
fn logged_in(role: Role, pending: usize) -> App {
    let mut app = app_in(Lang::En);
    app.update(Action::Field(FieldMsg::Status(store(pending))));
    app.update(Action::Health(Ok(Duration::from_millis(1))));
    login(&mut app, role, false);
    app
}

fn login(app: &mut App, role: Role, offline: bool) -> Vec<Cmd> {
    app.screen = Screen::Login {
        pin: "111111".into(),
        error: false,
        busy: true,
        locked: false,
        ended: None,
    };
    app.update(Action::LoggedIn(Ok(Session {
        name: "Дмитрий Соколов".into(),
        role,
        offline,
        staff: None,
    })))
}

fn screen(app: &App) -> String {
    testing::text(&testing::draw(app.size.0, app.size.1, |area, buf| {
        view::render(app, area, buf)
    }))
}

fn header(app: &App) -> String {
    screen(app).lines().next().unwrap_or_default().to_string()
}

fn gone() -> UiError {
    UiError {
        code: ErrorCode::DbUnavailable,
        message: "connection refused".into(),
    }
}

fn has(cmds: &[Cmd], pred: impl Fn(&Cmd) -> bool) -> bool {
    cmds.iter().any(pred)
}

fn synced(conflicts: Vec<FieldConflict>, failed: Vec<FailedEntry>) -> Action {
    Action::Field(FieldMsg::Synced(Ok(SyncReport {
        applied: 3,
        conflicts,
        failed,
        ..SyncReport::default()
    })))
}

#[test]
fn the_database_gone_turns_check_in_offline_at_once_and_the_header_counts_what_waits() {
    let mut app = logged_in(Role::Guide, 3);
    // the sync the login started did not get through
    app.update(Action::Field(FieldMsg::Synced(Err(gone()))));
    assert!(has(&app.update(Action::Health(Err(gone()))), |c| matches!(
        c,
        Cmd::Connection(false)
    )));
    assert!(app.update(Action::Health(Err(gone()))).is_empty(), "told once");
    assert_eq!(app.conn.state, ConnState::Offline);
    insta::assert_snapshot!("header_offline_waiting", header(&app));
    assert!(header(&app).contains("OFFLINE · 3 waiting"));

    app.config.lang = Lang::Ru;
    app.text = Lang::Ru.text();
    insta::assert_snapshot!("header_offline_waiting_ru", header(&app));
}

#[test]
fn an_offline_verdict_turns_the_header_offline_too() {
    let mut app = logged_in(Role::Guide, 0);
    let c = crate::booking::CheckIn {
        event_id: uuid::Uuid::nil(),
        occurred_at: testing::now(),
        replayed: false,
        verdict: crate::booking::Verdict::Malformed { reason: "x".into() },
    };
    let cmds = app.update(Action::Pane(PaneMsg::CheckIn(checkin::Msg::Offline(
        uuid::Uuid::nil(),
        Box::new(c),
    ))));
    assert_eq!(app.conn.state, ConnState::Offline);
    assert!(has(&cmds, |c| matches!(c, Cmd::Connection(false))));
}

#[test]
fn back_online_the_journal_syncs_by_itself_with_progress_in_the_header() {
    let mut app = logged_in(Role::Guide, 3);
    app.update(Action::Field(FieldMsg::Synced(Err(gone()))));
    app.update(Action::Health(Err(gone())));
    let cmds = app.update(Action::Health(Ok(Duration::from_millis(1))));
    assert!(has(&cmds, |c| matches!(c, Cmd::Connection(true))));
    assert!(has(&cmds, |c| matches!(c, Cmd::Sync)));
    assert!(header(&app).contains("SYNC 0/3"), "{}", header(&app));
    app.update(Action::Field(FieldMsg::Progress(SyncProgress { done: 2, total: 3 })));
    assert!(header(&app).contains("SYNC 2/3"), "{}", header(&app));
    // one sync at a time
    assert!(!has(
        &app.update(Action::Health(Ok(Duration::from_millis(1)))),
        |c| matches!(c, Cmd::Sync)
    ));

    let cmds = app.update(synced(Vec::new(), Vec::new()));
    app.update(Action::Field(FieldMsg::Status(store(0))));
    assert!(app.field.syncing.is_none());
    assert!(app.notice.as_ref().unwrap().0.text.contains("Synced: 3"));
    assert!(app.field.review.is_none(), "nothing to look at");
    // the manifest again, from the server
    assert!(has(&cmds, |c| matches!(
        c,
        Cmd::Call(PaneCall::CheckIn(checkin::Call::Departures { .. }))
    )));
    let head = header(&app);
    assert!(
        head.contains("ONLINE") && !head.contains("waiting") && !head.contains("SYNC"),
        "{head}"
    );
}

#[test]
fn online_but_entries_waiting_shows_them() {
    let mut app = logged_in(Role::Guide, 2);
    app.update(Action::Field(FieldMsg::Synced(Err(gone()))));
    assert!(header(&app).contains("ONLINE · 2 waiting"), "{}", header(&app));
}

#[test]
fn logging_in_with_entries_waiting_syncs_and_counts_open_conflicts() {
    let mut app = app_in(Lang::En);
    app.update(Action::Field(FieldMsg::Status(store(2))));
    let cmds = login(&mut app, Role::Guide, false);
    assert!(has(&cmds, |c| matches!(c, Cmd::Sync)));
    assert!(has(&cmds, |c| matches!(c, Cmd::Conflicts)));
    let mut app = app_in(Lang::En);
    app.update(Action::Field(FieldMsg::Status(store(0))));
    assert!(!has(&login(&mut app, Role::Guide, false), |c| matches!(c, Cmd::Sync)));
}

#[test]
fn a_failed_sync_is_tried_again_after_a_while_not_on_every_ping() {
    let mut app = logged_in(Role::Guide, 2);
    app.update(Action::Field(FieldMsg::Synced(Err(gone()))));
    let notice = &app.notice.as_ref().unwrap().0;
    assert_eq!(notice.level, Level::Warning);
    assert!(notice.text.contains("Nothing is lost"), "{}", notice.text);
    let ping = |app: &mut App| app.update(Action::Health(Ok(Duration::from_millis(1))));
    assert!(!has(&ping(&mut app), |c| matches!(c, Cmd::Sync)));
    let later = testing::now() + chrono::TimeDelta::seconds(31);
    app.update(Action::Tick(later, Instant::now()));
    assert!(has(&ping(&mut app), |c| matches!(c, Cmd::Sync)));
}

#[test]
fn a_sync_that_found_conflicts_opens_the_review() {
    let mut app = logged_in(Role::Manager, 3);
    let cmds = app.update(synced(vec![duplicate(41), walk_in_failed(42)], vec![failed()]));
    app.update(Action::Field(FieldMsg::Status(store(0))));
    assert!(has(&cmds, |c| matches!(c, Cmd::Conflicts)), "the open count");
    let review = app.field.review.as_ref().expect("the review");
    assert_eq!(review.items.len(), 3);
    assert!(app.notice.as_ref().unwrap().0.text.contains("3 need a look"));
    app.update(Action::Field(FieldMsg::Conflicts(Ok(vec![
        duplicate(41),
        walk_in_failed(42),
    ]))));
    assert_eq!(app.field.conflicts, 2);
    assert_eq!(
        app.field.review.as_ref().unwrap().items.len(),
        3,
        "the sync's list stays"
    );
    app.notice = None;
    insta::assert_snapshot!("review", screen(&app));

    app.config.lang = Lang::Ru;
    app.text = Lang::Ru.text();
    insta::assert_snapshot!("review_ru", screen(&app));
}

#[test]
fn r_resolves_the_selected_conflict_with_a_note_and_esc_closes() {
    let mut app = logged_in(Role::Manager, 0);
    app.update(synced(vec![duplicate(41), walk_in_failed(42)], vec![failed()]));
    // the pane under the review does not get the keys
    assert!(press_app(&mut app, key('2')).is_empty());
    assert_eq!(app.pane, PaneId::Departures);

    press_app(&mut app, key('r'));
    assert_eq!(app.field.review.as_ref().unwrap().note, Some(String::new()));
    for c in "ok, shared".chars() {
        press_app(&mut app, key(c));
    }
    let cmds = press_app(&mut app, code(KeyCode::Enter));
    assert!(
        matches!(&cmds[..], [Cmd::Resolve(41, note)] if note == "ok, shared"),
        "{cmds:?}"
    );
    app.field.conflicts = 2;
    app.update(Action::Field(FieldMsg::Resolved(41, Ok(()))));
    assert_eq!(app.field.conflicts, 1);
    assert!(screen(&app).contains("✓ resolved: ok, shared"));
    // a resolved one asks nothing more
    press_app(&mut app, key('r'));
    assert_eq!(app.field.review.as_ref().unwrap().note, None);

    // an empty note says the default
    press_app(&mut app, code(KeyCode::Down));
    press_app(&mut app, key('r'));
    let cmds = press_app(&mut app, code(KeyCode::Enter));
    assert!(matches!(&cmds[..], [Cmd::Resolve(42, note)] if note == "Reviewed at the gate"));

    // an entry the server refused is not a conflict to resolve: it says what to do
    press_app(&mut app, code(KeyCode::End));
    assert!(press_app(&mut app, key('r')).is_empty());
    assert!(app.notice.as_ref().unwrap().0.text.contains("--retry-failed"));

    press_app(&mut app, code(KeyCode::Esc));
    assert!(app.field.review.is_none());
}

#[test]
fn on_the_check_in_pane_a_scan_goes_on_under_the_review_and_closes_it() {
    let mut app = logged_in(Role::Guide, 0);
    app.update(synced(vec![duplicate(41)], Vec::new()));
    // a person's r comes back from the scanner's timing, to the review
    let t0 = Instant::now();
    app.update(Action::Key(key('r'), t0));
    app.update(Action::Timer(Timer::ScanIdle, t0 + Duration::from_millis(90)));
    assert_eq!(app.field.review.as_ref().unwrap().note, Some(String::new()));
    press_app(&mut app, code(KeyCode::Esc));
    assert_eq!(app.field.review.as_ref().unwrap().note, None);

    let mut cmds = Vec::new();
    let scan = format!("TD1{}", "A".repeat(crate::ticket::payload::CODE_LEN - 3));
    for (i, c) in scan.chars().enumerate() {
        cmds.extend(app.update(Action::Key(key(c), t0 + Duration::from_millis(200 + i as u64))));
    }
    cmds.extend(app.update(Action::Key(code(KeyCode::Enter), t0 + Duration::from_millis(400))));
    assert!(has(&cmds, |c| matches!(
        c,
        Cmd::Call(PaneCall::CheckIn(checkin::Call::CheckIn(_)))
    )));
    assert!(app.field.review.is_none(), "the verdict shows");
}

#[test]
fn v_on_the_check_in_pane_reviews_the_open_conflicts_of_the_server() {
    let mut app = logged_in(Role::Guide, 0);
    let review = |app: &mut App| app.update(Action::Pane(PaneMsg::CheckIn(checkin::Msg::Review)));
    assert!(matches!(&review(&mut app)[..], [Cmd::Conflicts]));
    app.update(Action::Field(FieldMsg::Conflicts(Ok(Vec::new()))));
    assert!(app.field.review.is_none());
    assert!(app.notice.as_ref().unwrap().0.text.contains("No open conflicts"));
    review(&mut app);
    app.update(Action::Field(FieldMsg::Conflicts(Ok(vec![duplicate(41)]))));
    assert_eq!(app.field.review.as_ref().unwrap().items.len(), 1);
    // an open count alone (after a login) opens nothing
    app.field.review = None;
    app.update(Action::Field(FieldMsg::Conflicts(Ok(vec![duplicate(41)]))));
    assert!(app.field.review.is_none());
    assert_eq!(app.ctx().conflicts, 1, "the pane shows how many wait");

    app.update(Action::Health(Err(gone())));
    assert!(!has(&review(&mut app), |c| matches!(c, Cmd::Conflicts)));
    assert!(
        app.notice
            .as_ref()
            .unwrap()
            .0
            .text
            .contains("when the database answers")
    );
}

#[test]
fn an_offline_login_checks_in_only_and_goes_online_when_the_database_answers() {
    let mut app = app_in(Lang::En);
    app.update(Action::Field(FieldMsg::Status(store(2))));
    app.update(Action::Health(Err(gone())));
    let cmds = login(&mut app, Role::Manager, true);
    assert!(!has(&cmds, |c| matches!(c, Cmd::Sync | Cmd::Conflicts)));
    assert_eq!(app.pane, PaneId::CheckIn, "a manager offline starts on check-in");
    assert!(app.notice.as_ref().unwrap().0.text.contains("Logged in offline"));
    press_app(&mut app, code(KeyCode::F(1)));
    assert_eq!(app.pane, PaneId::CheckIn);
    assert!(app.notice.as_ref().unwrap().0.text.contains("only check-in"));
    // walk-ins sell from this laptop's allotment
    press_app(&mut app, code(KeyCode::F(3)));
    assert_eq!(app.pane, PaneId::Walkin);
    press_app(&mut app, code(KeyCode::F(5)));

    let cmds = app.update(Action::Health(Ok(Duration::from_millis(1))));
    assert!(has(&cmds, |c| matches!(c, Cmd::Connect)));
    assert!(!has(&cmds, |c| matches!(c, Cmd::Sync)), "not before the core is made");
    let again = app.update(Action::Health(Ok(Duration::from_millis(1))));
    assert!(!has(&again, |c| matches!(c, Cmd::Connect)), "one at a time");

    let cmds = app.update(Action::Field(FieldMsg::Connected(Ok(()))));
    assert!(has(&cmds, |c| matches!(c, Cmd::Sync)));
    assert!(!app.field.offline_session);
    assert_eq!(app.session.as_ref().map(|s| s.offline), Some(false));
    press_app(&mut app, code(KeyCode::F(1)));
    assert_eq!(app.pane, PaneId::Departures);
}
