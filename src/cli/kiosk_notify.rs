//! The delivery worker inside a kiosk (`tourdesk --notify`,
//! `TOURDESK_NOTIFY=1`): for an operator with one always-on desk machine
//! and no server to run `tourdesk notify run` on as a service.
//!
//! It is a tokio task beside the UI, never in it: the Elm loop does no I/O,
//! the worker's database calls are async and its HTTP sends run on the
//! blocking pool (service/notify/http.rs), so a slow gateway never delays a
//! frame. It logs in once before the terminal is taken over (the schema
//! owner, or on an application role a notifier's `TOURDESK_NOTIFY_PIN` —
//! else `TOURDESK_PIN`/asked PIN, a manager's: the server lets only
//! notifiers and managers claim messages) and logs to the kiosk's
//! log file, never the terminal. A database error (offline, a restart)
//! pauses it for [`PAUSE`] and it logs in again; when the kiosk quits, the
//! message in flight is finished (at most [`FINISH`]), else its lease hands
//! it to another worker. Several devices may run it: claims never overlap.

use super::output::CliError;
use crate::booking::Source;
use crate::service::notify::{GatewayConfig, Gateways, Worker, WorkerConfig};
use crate::ticket::keys;
use sqlx::PgPool;
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// The wait after a database error before logging in and claiming again.
const PAUSE: Duration = Duration::from_secs(30);
/// How long a quitting kiosk waits for the message in flight.
const FINISH: Duration = Duration::from_secs(10);

/// The running worker; [`Background::stop`] when the kiosk quits.
pub struct Background {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

/// Starts the worker: the gateways from the environment (none is an error
/// before the kiosk starts, naming what to set) and a login as this device.
pub async fn start(pool: PgPool, device: &str) -> Result<Background, CliError> {
    let gateways = Gateways::new(&GatewayConfig::from_env())?;
    let core = super::auth::notifier_core(pool.clone(), device, Source::Desk).await?;
    let key = match keys::load(&keys::default_path()) {
        Ok(k) => Some(k),
        Err(keys::KeyFileError::Missing { .. }) => None,
        Err(e) => return Err(CliError::Input(e.to_string())),
    };
    let (stop, stopped) = watch::channel(false);
    let device = device.to_string();
    tracing::info!(channels = ?gateways.channels(), "the notification worker runs in this kiosk");
    let task = tokio::spawn(async move {
        let mut core = Some(core);
        loop {
            let c = match core.take() {
                Some(c) => c,
                None => match super::auth::notifier_core(pool.clone(), &device, Source::Desk).await {
                    Ok(c) => c,
                    Err(e) => {
                        tracing::warn!("the notification worker cannot log in: {e}");
                        if pause(stopped.clone()).await {
                            return;
                        }
                        continue;
                    }
                },
            };
            let worker = Worker::new(&c, gateways.clone(), WorkerConfig::default(), key.clone());
            match worker.run(until(stopped.clone())).await {
                Ok(d) => {
                    tracing::info!(?d, "the notification worker stopped");
                    return;
                }
                Err(e) => {
                    tracing::warn!("the notification worker pauses: {e}");
                    if pause(stopped.clone()).await {
                        return;
                    }
                }
            }
        }
    });
    Ok(Background { stop, task })
}

/// Resolves when the kiosk says stop.
async fn until(mut stopped: watch::Receiver<bool>) {
    let _ = stopped.wait_for(|s| *s).await;
}

/// Waits [`PAUSE`]; true when the kiosk stopped meanwhile.
async fn pause(stopped: watch::Receiver<bool>) -> bool {
    tokio::select! {
        _ = until(stopped) => true,
        _ = tokio::time::sleep(PAUSE) => false,
    }
}

impl Background {
    /// Asks the worker to stop after the message in flight and waits for it
    /// a little; a message still unsent is left to its lease.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let task = self.task;
        tokio::pin!(task);
        if tokio::time::timeout(FINISH, &mut task).await.is_err() {
            task.abort();
            tracing::warn!("the notification worker did not finish in time: its claim's lease returns the rest");
        }
    }
}
