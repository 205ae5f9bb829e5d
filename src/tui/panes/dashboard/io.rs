//! The dashboard pane's calls on the core.

use super::{Call, Msg};
use crate::booking::Core;

pub async fn exec(_core: &Core, call: Call) -> Msg {
    match call {}
}
