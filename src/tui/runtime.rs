//! The kiosk's runtime: terminal, input task, the tokio and channel glue
//! around the `service::Service` that answers every pane's call (online, or
//! from the field store). All the I/O of the UI is here and in `panes/*/io*`.

mod field;

use super::action::{Action, Cmd};
use super::app::{App, Config};
use super::{live, panes, view};
use crate::field::FieldStore;
use crate::service::Service;
use color_eyre::eyre::{Result, WrapErr};
use crossterm::event::{Event, EventStream};
use field::Shared;
use futures_util::StreamExt;
use ratatui::DefaultTerminal;
use sqlx::PgPool;
use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};

pub struct Options {
    pub config: Config,
    pub pool: PgPool,
    /// this laptop's field store: check-in goes on offline from it
    pub store: Option<FieldStore>,
    /// the pool was made while the database was gone (a lazy pool):
    /// migrations run once it answers
    pub migrate: bool,
}

/// Runs the kiosk until the user quits. The terminal is restored on every
/// way out, panics included.
pub async fn run(opts: Options) -> Result<()> {
    let mut terminal = ratatui::try_init().wrap_err("cannot set up the terminal")?;
    install_panic_exit();
    let _ = crossterm::execute!(
        std::io::stdout(),
        crossterm::event::EnableMouseCapture,
        crossterm::event::EnableBracketedPaste
    );
    let result = main_loop(&mut terminal, opts).await;
    let _ = crossterm::execute!(
        std::io::stdout(),
        crossterm::event::DisableBracketedPaste,
        crossterm::event::DisableMouseCapture,
        crossterm::cursor::Show
    );
    ratatui::restore();
    result
}

/// ratatui's hook restores the terminal and reports; then the whole process
/// ends, so a panic in any task never leaves a half-dead kiosk behind.
fn install_panic_exit() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = crossterm::execute!(
            std::io::stdout(),
            crossterm::event::DisableBracketedPaste,
            crossterm::event::DisableMouseCapture,
            crossterm::cursor::Show
        );
        tracing::error!("panic: {info}");
        previous(info);
        std::process::exit(101);
    }));
}

async fn main_loop(terminal: &mut DefaultTerminal, opts: Options) -> Result<()> {
    let size = terminal.size()?;
    let mut app = App::new(opts.config.clone(), chrono::Utc::now(), (size.width, size.height));
    let (tx, mut rx) = unbounded_channel::<Action>();
    let shared = Arc::new(Shared {
        service: Service::kiosk(opts.pool.clone(), &opts.config.device, opts.store, opts.migrate),
        tx: tx.clone(),
    });
    shared.report_status().await;

    tokio::spawn(input(tx.clone()));
    tokio::spawn(stop_signals(tx.clone()));
    // lets the end-to-end tests prove the terminal survives a panic in a task
    if std::env::var_os("TOURDESK_CRASH_TEST").is_some() {
        tokio::spawn(async {
            tokio::time::sleep(Duration::from_millis(1500)).await;
            panic!("TOURDESK_CRASH_TEST: a deliberate panic in a background task");
        });
    }
    tokio::spawn(live::health(opts.pool.clone(), tx.clone()));
    tokio::spawn(live::listen(opts.pool.clone(), tx.clone()));

    loop {
        if app.dirty {
            terminal.draw(|f| view::render(&app, f.area(), f.buffer_mut()))?;
            app.dirty = false;
        }
        let Some(first) = rx.recv().await else { break };
        // take everything already queued before drawing again (a scanner burst)
        let mut batch = vec![first];
        while let Ok(more) = rx.try_recv() {
            batch.push(more);
        }
        for action in batch {
            for cmd in app.update(action) {
                run_cmd(cmd, &shared);
            }
        }
        if app.quit {
            break;
        }
    }
    Ok(())
}

/// `kill`, `systemctl stop` or a closed terminal window end the kiosk the
/// normal way, so the terminal is restored.
async fn stop_signals(tx: UnboundedSender<Action>) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let (Ok(mut term), Ok(mut hup)) = (signal(SignalKind::terminate()), signal(SignalKind::hangup())) else {
            return;
        };
        tokio::select! {
            _ = term.recv() => {}
            _ = hup.recv() => {}
        }
        tracing::info!("asked to stop by a signal");
        let _ = tx.send(Action::Terminate);
    }
    #[cfg(not(unix))]
    drop(tx);
}

/// The one input task: terminal events and a one-second tick.
async fn input(tx: UnboundedSender<Action>) {
    let mut events = EventStream::new();
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        let action = tokio::select! {
            _ = tick.tick() => Action::Tick(chrono::Utc::now(), Instant::now()),
            ev = events.next() => match ev {
                Some(Ok(Event::Key(k))) => Action::Key(k, Instant::now()),
                Some(Ok(Event::Mouse(m))) => Action::Mouse(m),
                Some(Ok(Event::Paste(p))) => Action::Paste(p),
                Some(Ok(Event::Resize(w, h))) => Action::Resize(w, h),
                Some(Ok(_)) => continue,
                Some(Err(e)) => {
                    tracing::error!("terminal input failed: {e}");
                    return;
                }
                None => return,
            },
        };
        if tx.send(action).is_err() {
            return;
        }
    }
}

fn run_cmd(cmd: Cmd, shared: &Arc<Shared>) {
    let sh = shared.clone();
    match cmd {
        Cmd::Quit => {}
        Cmd::Bell => {
            let mut out = std::io::stdout();
            let _ = out.write_all(b"\x07").and_then(|_| out.flush());
        }
        Cmd::Later(after, timer) => {
            tokio::spawn(async move {
                tokio::time::sleep(after).await;
                let _ = sh.tx.send(Action::Timer(timer, Instant::now()));
            });
        }
        Cmd::Logout => {
            tokio::spawn(async move { sh.service.logout().await });
        }
        Cmd::Login(pin) => {
            tokio::spawn(async move {
                let result = field::login(&sh, &pin).await;
                let _ = sh.tx.send(Action::LoggedIn(result));
            });
        }
        Cmd::Call(call) => {
            tokio::spawn(async move {
                let touches = panes::touches_store(&call);
                if let Some(msg) = panes::exec(&sh.service, call).await {
                    let _ = sh.tx.send(Action::Pane(msg));
                }
                if touches {
                    sh.report_status().await;
                }
            });
        }
        Cmd::Connection(online) => {
            tokio::spawn(async move { sh.service.set_offline(!online).await });
        }
        Cmd::Connect => {
            tokio::spawn(async move { field::connect(&sh).await });
        }
        Cmd::Sync => {
            tokio::spawn(async move { field::sync(&sh).await });
        }
        Cmd::Conflicts => {
            tokio::spawn(async move { field::conflicts(&sh).await });
        }
        Cmd::Resolve(id, note) => {
            tokio::spawn(async move { field::resolve(&sh, id, &note).await });
        }
        Cmd::RememberLang(lang) => {
            crate::print::set_kiosk_language(lang.language());
            let dir = crate::logging::data_dir();
            if let Err(e) = super::remembered::remember_lang(&dir, lang) {
                tracing::warn!("cannot remember the language in {}: {e}", dir.display());
            }
        }
    }
}
