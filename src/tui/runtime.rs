//! The kiosk's runtime: terminal, input task, database, core calls. All the
//! I/O of the UI is here and in `panes/*/io.rs`.

use super::action::{Action, Cmd, Session, UiError};
use super::app::{App, Config};
use super::{live, panes, view};
use crate::booking::{Core, Source, staff};
use color_eyre::eyre::{Result, WrapErr};
use crossterm::event::{Event, EventStream};
use futures_util::StreamExt;
use ratatui::DefaultTerminal;
use sqlx::PgPool;
use std::io::Write;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};
use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};

#[derive(Debug, Clone)]
pub struct Options {
    pub config: Config,
    pub pool: PgPool,
}

/// Shared with the spawned calls: the core of whoever is logged in.
type CoreSlot = Arc<RwLock<Option<Core>>>;

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
    let core: CoreSlot = Arc::new(RwLock::new(None));
    let device = opts.config.device.clone();

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
                run_cmd(cmd, &opts.pool, &core, &device, &tx);
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

fn run_cmd(cmd: Cmd, pool: &PgPool, core: &CoreSlot, device: &str, tx: &UnboundedSender<Action>) {
    match cmd {
        Cmd::Quit => {}
        Cmd::Bell => {
            let mut out = std::io::stdout();
            let _ = out.write_all(b"\x07").and_then(|_| out.flush());
        }
        Cmd::Later(after, timer) => {
            let tx = tx.clone();
            tokio::spawn(async move {
                tokio::time::sleep(after).await;
                let _ = tx.send(Action::Timer(timer, Instant::now()));
            });
        }
        Cmd::Login(pin) => {
            let (pool, core, tx, device) = (pool.clone(), core.clone(), tx.clone(), device.to_string());
            tokio::spawn(async move {
                let result = login(&pool, &pin, &device).await.map(|(session, c)| {
                    if let Ok(mut slot) = core.write() {
                        *slot = Some(c);
                    }
                    session
                });
                let _ = tx.send(Action::LoggedIn(result));
            });
        }
        Cmd::Call(call) => {
            let current = core.read().ok().and_then(|c| c.clone());
            let Some(current) = current else {
                tracing::warn!(?call, "a core call with nobody logged in");
                return;
            };
            let tx = tx.clone();
            tokio::spawn(async move {
                let msg = panes::exec(&current, call).await;
                let _ = tx.send(Action::Pane(msg));
            });
        }
    }
}

async fn login(pool: &PgPool, pin: &str, device: &str) -> Result<(Session, Core), UiError> {
    let member = staff::login(pool, pin).await?.ok_or_else(|| UiError {
        code: "NOT_FOUND".into(),
        message: "no staff member has this PIN".into(),
    })?;
    let role = member.role();
    let core = Core::new(
        pool.clone(),
        device,
        Source::Desk,
        Some((member.id, member.name.clone())),
        role,
    )
    .await?;
    tracing::info!(staff = %member.name, role = role.as_str(), "logged in");
    Ok((
        Session {
            name: member.name,
            role,
        },
        core,
    ))
}
