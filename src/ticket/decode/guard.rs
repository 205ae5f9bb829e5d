//! Isolation of rqrr calls: rqrr 0.11 can panic on some images (upstream
//! issue #54). A panic inside [`quietly`] is caught and reported as `None`,
//! and the panic hook stays silent for it, so nothing is printed over the
//! kiosk's terminal UI. Panics elsewhere still reach the previous hook.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    static SILENCED: Cell<bool> = const { Cell::new(false) };
}

static HOOK: Once = Once::new();

/// Runs `f`, turning a panic into `None` without printing it.
pub fn quietly<T>(f: impl FnOnce() -> T) -> Option<T> {
    // installed once, lazily: it wraps whatever hook the application set up first
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !SILENCED.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was = SILENCED.with(|s| s.replace(true));
    // the closure only reads borrowed pixels; nothing it touches outlives a panic half-updated
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    SILENCED.with(|s| s.set(was));
    result.ok()
}
