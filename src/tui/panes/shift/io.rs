//! The shift screen's calls, on the service (only the server keeps shifts:
//! offline each answers DB_UNAVAILABLE). NO_OPEN_SHIFT is an answer here,
//! not an error: the screen shows "no open shift" and offers to open one.

use super::{Call, Msg};
use crate::domain::ErrorCode;
use crate::field::FieldError;
use crate::service::Service;
use crate::tui::action::UiError;

pub async fn exec(service: &Service, call: Call) -> Msg {
    match call {
        Call::Status { prompt } => {
            let result = async {
                match service.shift_status(None).await {
                    Ok(st) => {
                        let dens = service.shift_denominations(&st.shift.currency).await?;
                        Ok(Some((st, dens)))
                    }
                    Err(e) if e.code() == ErrorCode::NoOpenShift => Ok(None),
                    Err(e) => Err(e),
                }
            }
            .await
            .map_err(|e: FieldError| UiError::from(e));
            Msg::Status {
                prompt,
                result: Box::new(result),
            }
        }
        Call::Open { float_minor, key } => Msg::Opened(Box::new(
            service.shift_open(float_minor, key).await.map_err(UiError::from),
        )),
        Call::Cash {
            kind,
            amount_minor,
            reason,
            key,
        } => Msg::CashMoved(Box::new(
            service
                .shift_cash(kind, amount_minor, &reason, key)
                .await
                .map_err(UiError::from),
        )),
        Call::Close { counts, key } => {
            Msg::Closed(Box::new(service.shift_close(&counts, key).await.map_err(UiError::from)))
        }
        Call::Awaiting => Msg::Awaiting(Box::new(service.shifts_awaiting().await.map_err(UiError::from))),
        Call::Review(shift) => Msg::Reviewed(Box::new(service.shift_status(Some(shift)).await.map_err(UiError::from))),
        Call::Approve { pin, shift, key } => {
            let result = async {
                service.shift_approve_with_pin(&pin, shift, key).await?;
                service.shift_report(shift).await
            }
            .await
            .map_err(UiError::from);
            Msg::Approved(Box::new(result))
        }
    }
}
