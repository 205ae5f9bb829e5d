//! Background watchers: the database's health (a ping, for the header's
//! latency and ONLINE/OFFLINE) and the LISTEN/NOTIFY stream of changed
//! departures and check-ins, reconnecting by themselves.

use super::action::{Action, UiError};
use crate::booking::live::{self, Change};
use crate::domain::ErrorCode;
use sqlx::PgPool;
use std::time::{Duration, Instant};
use tokio::sync::mpsc::UnboundedSender;

const PING_EVERY: Duration = Duration::from_secs(5);
const PING_EVERY_OFFLINE: Duration = Duration::from_secs(1);
const PING_TIMEOUT: Duration = Duration::from_secs(2);

pub async fn health(pool: PgPool, tx: UnboundedSender<Action>) {
    loop {
        let started = Instant::now();
        let result = tokio::time::timeout(PING_TIMEOUT, live::ping(&pool)).await;
        let report = match result {
            Ok(Ok(_)) => Ok(started.elapsed()),
            Ok(Err(e)) => Err(UiError {
                code: ErrorCode::DbUnavailable,
                message: e.to_string(),
            }),
            Err(_) => Err(UiError {
                code: ErrorCode::DbUnavailable,
                message: "the database did not answer in time".into(),
            }),
        };
        let ok = report.is_ok();
        if tx.send(Action::Health(report)).is_err() {
            return;
        }
        tokio::time::sleep(if ok { PING_EVERY } else { PING_EVERY_OFFLINE }).await;
    }
}

pub async fn listen(pool: PgPool, tx: UnboundedSender<Action>) {
    loop {
        match live::subscribe(&pool).await {
            Ok(mut listener) => {
                if tx.send(Action::Listening(true)).is_err() {
                    return;
                }
                // try_recv: None means the connection dropped — resubscribe
                // ourselves so the app learns it may have missed changes
                while let Ok(Some(n)) = listener.try_recv().await {
                    let action = match Change::of(&n) {
                        Some(Change::Departure(id)) => Action::DepartureChanged(id),
                        Some(Change::CheckIns(id)) => Action::CheckInsChanged(id),
                        Some(Change::Rollcall(id)) => Action::RollcallChanged(id),
                        None => continue,
                    };
                    if tx.send(action).is_err() {
                        return;
                    }
                }
                tracing::warn!("notification listener lost its connection");
                if tx.send(Action::Listening(false)).is_err() {
                    return;
                }
            }
            Err(e) => tracing::debug!("cannot listen for notifications: {e}"),
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
}
