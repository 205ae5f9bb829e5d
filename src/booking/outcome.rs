//! Unknown outcomes: a write was sent and the connection broke before its
//! answer. It may have committed. Every idempotent write of the core goes
//! through [`Core::resend`]: the same call with the same key, a few times on a
//! fresh connection; the server replays what the first attempt did. If the
//! answer stays lost the error is OUTCOME_UNKNOWN with the key — never "not
//! reachable", which would invite a retry without the key (a double booking).

use super::{BookingError, Core, Result};
use std::time::Duration;
use uuid::Uuid;

/// Retries after the first attempt whose answer was lost.
pub const RETRIES: u32 = 3;

/// Pause before retry n (short: a clerk is waiting; the pool reconnects).
const BACKOFF_MS: [u64; RETRIES as usize] = [50, 250, 700];

/// What a transport error says about the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Transport {
    /// no connection was made, so nothing was sent: nothing happened
    NotSent,
    /// the connection broke (possibly after the request was sent)
    Lost,
}

/// Classifies sqlx's non-database errors: connecting failures (refused, no
/// route, no connection from the pool in time) sent nothing; an I/O error on
/// an open connection may have come after the request reached the server.
/// `PoolClosed` is only returned by an acquire, before anything is sent.
pub(super) fn transport(e: &sqlx::Error) -> Option<Transport> {
    use std::io::ErrorKind as K;
    match e {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Tls(_) => Some(Transport::NotSent),
        sqlx::Error::Io(io) => Some(match io.kind() {
            K::ConnectionRefused
            | K::NotFound
            | K::AddrNotAvailable
            | K::AddrInUse
            | K::HostUnreachable
            | K::NetworkUnreachable => Transport::NotSent,
            // reset, aborted, broken pipe, unexpected EOF, timed out…
            _ => Transport::Lost,
        }),
        sqlx::Error::WorkerCrashed => Some(Transport::Lost),
        _ => None,
    }
}

impl Core {
    /// Sends an idempotent write: `call` is the whole request (one api call,
    /// or one transaction), the same `key` every time. An answer — a result or
    /// the server's refusal — is returned as it is. A lost answer is retried
    /// [`RETRIES`] times; if it stays lost, OUTCOME_UNKNOWN with `key` (None:
    /// the write is idempotent by itself, e.g. a cancel). A request that was
    /// never sent stays DB_UNAVAILABLE — unless an earlier attempt was.
    pub(super) async fn resend<T, E, Fut>(&self, key: Option<Uuid>, mut call: impl FnMut() -> Fut) -> Result<T>
    where
        Fut: Future<Output = std::result::Result<T, E>>,
        BookingError: From<E>,
    {
        let mut lost: Option<String> = None;
        let mut attempts = 0u32;
        loop {
            attempts += 1;
            match call().await.map_err(BookingError::from) {
                Err(BookingError::ConnectionLost(cause)) => {
                    tracing::warn!(?key, attempts, "the answer to a write was lost: {cause}");
                    lost = Some(cause);
                }
                Err(BookingError::Unavailable(cause)) if lost.is_some() => {
                    tracing::warn!(?key, attempts, "no connection to retry a lost write: {cause}");
                }
                answer => return answer,
            }
            if attempts > RETRIES {
                return Err(BookingError::OutcomeUnknown {
                    key,
                    attempts,
                    cause: lost.unwrap_or_default(),
                });
            }
            tokio::time::sleep(Duration::from_millis(BACKOFF_MS[(attempts - 1) as usize])).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connecting_failures_sent_nothing_broken_links_may_have() {
        let io = |k| sqlx::Error::Io(std::io::Error::from(k));
        use std::io::ErrorKind as K;
        assert_eq!(transport(&io(K::ConnectionRefused)), Some(Transport::NotSent));
        assert_eq!(transport(&sqlx::Error::PoolTimedOut), Some(Transport::NotSent));
        assert_eq!(transport(&io(K::UnexpectedEof)), Some(Transport::Lost));
        assert_eq!(transport(&io(K::ConnectionReset)), Some(Transport::Lost));
        assert_eq!(transport(&io(K::BrokenPipe)), Some(Transport::Lost));
        assert_eq!(transport(&sqlx::Error::RowNotFound), None);
        assert_eq!(
            BookingError::from(io(K::ConnectionReset)).code(),
            crate::domain::ErrorCode::DbUnavailable
        );
        assert!(matches!(
            BookingError::from(io(K::ConnectionReset)),
            BookingError::ConnectionLost(_)
        ));
        assert!(matches!(
            BookingError::from(io(K::ConnectionRefused)),
            BookingError::Unavailable(_)
        ));
    }
}
