//! The return roll-call for the kiosk and the CLI: who is out, back, left or
//! missing on a departure, and returns recorded. Online first; on a field
//! laptop whose database does not answer, from the laptop's store
//! (field/returns.rs): the same types, marked `offline`, a return journalled
//! under the request's key and synced exactly once.

use super::{Service, unavailable};
use crate::booking::{MissingDeparture, ReturnOutcome, ReturnRequest, ReturnSubject, Rollcall};
use crate::domain::DepartureId;
use crate::field::{ONLINE_TIMEOUT, Result};

impl Service {
    /// The departure's roll-call at the server's time, or the laptop's
    /// (`offline`, at its corrected clock) when the database does not answer.
    pub async fn rollcall(&self, departure: DepartureId) -> Result<Rollcall> {
        self.read(
            |c| async move { c.rollcall(departure).await },
            |s| s.rollcall(departure),
        )
        .await
    }

    /// Marks people back (or one as having left the group, with a note):
    /// on the server, else in the laptop's journal (the same key either way,
    /// so a return the server got before its answer was lost is applied once).
    ///
    /// A person of this laptop's own offline sale not synced yet (named as
    /// the laptop's roll-call names them) is known only here: the journal
    /// takes their return, and the sync applies it after the sale.
    pub async fn record_return(&self, req: &ReturnRequest) -> Result<ReturnOutcome> {
        let mut failed = unavailable("the database does not answer");
        let gone = self.offline().await;
        let laptops_own = matches!(req.subject, ReturnSubject::Participant(p) if p.server().is_none());
        if let Some(core) = self.core().filter(|_| !gone && !laptops_own) {
            match tokio::time::timeout(ONLINE_TIMEOUT * 2, core.record_return(req)).await {
                Ok(Ok(o)) => {
                    if let Some(s) = self.inner.link.lock().await.prepared_mut() {
                        s.note_return(&o);
                    }
                    return Ok(o);
                }
                Ok(Err(e)) if !e.no_answer() => return Err(e.into()),
                Ok(Err(e)) => failed = e.into(),
                Err(_) => {}
            }
        }
        let staff = self.staff();
        let mut link = self.inner.link.lock().await;
        match link.prepared_mut() {
            Some(store) => store.record_return(req, staff).await,
            None => Err(failed),
        }
    }

    /// The departures with people missing now (the header's "MISSING n").
    pub async fn rollcall_missing(&self) -> Result<Vec<MissingDeparture>> {
        Ok(self.online()?.rollcall_missing().await?)
    }
}
