//! The runtime's side of offline field mode: the service's answers about
//! logging in, the store, the sync and its conflicts, turned into the app's
//! actions. What they do is `service::Service`'s; this is channel glue.

use crate::service::Service;
use crate::tui::action::{Action, FieldInfo, FieldMsg, Session, UiError};
use tokio::sync::mpsc::UnboundedSender;

/// Shared by the runtime and every spawned call.
pub struct Shared {
    pub service: Service,
    pub tx: UnboundedSender<Action>,
}

impl Shared {
    fn send(&self, msg: FieldMsg) {
        let _ = self.tx.send(Action::Field(msg));
    }

    /// Tells the app how the store stands now.
    pub async fn report_status(&self) {
        let info = match self.service.store_status().await {
            Some(s) => FieldInfo {
                open: true,
                pending: s.pending,
                prepared: s.prepared,
                allotments: s.allotments,
            },
            None => FieldInfo::default(),
        };
        self.send(FieldMsg::Status(info));
    }
}

pub async fn login(sh: &Shared, pin: &str) -> Result<Session, UiError> {
    let l = sh.service.login(pin).await?;
    Ok(Session {
        name: l.name,
        role: l.role,
        offline: l.offline,
        staff: l.staff,
    })
}

/// Replays the journal, reporting progress, then the report and the store.
pub async fn sync(sh: &Shared) {
    let tx = sh.tx.clone();
    let result = sh
        .service
        .sync(|p| {
            let _ = tx.send(Action::Field(FieldMsg::Progress(p)));
        })
        .await
        .map_err(UiError::from);
    if let Err(e) = &result {
        tracing::warn!("sync stopped: {}", e.message);
    }
    sh.send(FieldMsg::Synced(result));
    sh.report_status().await;
}

pub async fn connect(sh: &Shared) {
    let result = sh.service.connect().await.map_err(UiError::from);
    sh.send(FieldMsg::Connected(result));
}

/// The open conflicts on the server.
pub async fn conflicts(sh: &Shared) {
    let result = sh.service.conflicts().await.map_err(UiError::from);
    sh.send(FieldMsg::Conflicts(result));
}

pub async fn resolve(sh: &Shared, id: i64, note: &str) {
    // the review list marks its own row resolved: the row returned is not needed
    let result = sh.service.resolve(id, note).await.map(drop).map_err(UiError::from);
    sh.send(FieldMsg::Resolved(id, result));
}
