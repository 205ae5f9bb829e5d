//! The laptop's clock against the server's.
//!
//! A field laptop's wall clock is not trusted: `prepare` and `sync` measure
//! it against PostgreSQL's (`select clock_timestamp()` between two local
//! readings, the midpoint), prepare refuses beyond [`MAX_SKEW`], and the
//! store keeps an *anchor*: the server's time at that moment beside the
//! laptop's wall time and its boot-time clock. Offline, "now" is the
//! server's time at the anchor plus the boot-time clock's progress since —
//! a wall clock set back or forward by hours changes nothing, and the jump
//! is recorded (a store warning, and each journal entry keeps the raw wall
//! time beside the corrected one).
//!
//! Limits: the boot-time clock (Linux `/proc/uptime`, which counts suspend
//! too) does not survive a reboot (`/proc/sys/kernel/random/boot_id`
//! changes), and other systems have none here. Then the wall clock is used,
//! corrected by the offset measured at the anchor, but never earlier than
//! the journal's last entry: a clock set back after a reboot cannot move an
//! entry before one already made; a clock set forward after a reboot is not
//! detected until the next sync measures it (and the server flags entries
//! in its future).

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use std::sync::{Arc, Mutex};

/// Beyond this difference between the laptop's clock and the server's,
/// `prepare` refuses (CLOCK_SKEW).
pub const MAX_SKEW: Duration = Duration::minutes(5);
/// A wall clock that differs from the corrected time by more than this
/// after the anchor was taken has been set (a jump is recorded).
pub const JUMP_TOLERANCE: Duration = Duration::minutes(2);

/// The environment variable that shifts the laptop's wall clock for the
/// binary-level tests (e.g. `+1d`, `-5h`, `+3m`, `90s`): a laptop whose
/// clock is wrong, without touching the system clock.
pub const TEST_OFFSET_VAR: &str = "TOURDESK_TEST_CLOCK_OFFSET";

/// A reading of a clock that only moves forward while the machine runs,
/// suspended or not, and the boot it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BootTime {
    pub boot_id: String,
    /// milliseconds since boot
    pub millis: i64,
}

/// The laptop's clocks: its wall clock (which anyone can set) and a
/// boot-time clock (which nobody can).
pub trait Clock: Send + Sync {
    fn wall(&self) -> DateTime<Utc>;
    fn boot(&self) -> Option<BootTime>;
}

/// The machine's clocks. The wall clock may be shifted by
/// [`TEST_OFFSET_VAR`] (tests of the binary).
pub struct SystemClock {
    shift: Duration,
}

impl SystemClock {
    pub fn new() -> SystemClock {
        let shift = std::env::var(TEST_OFFSET_VAR)
            .ok()
            .and_then(|v| parse_offset(&v))
            .unwrap_or_else(Duration::zero);
        if !shift.is_zero() {
            tracing::warn!("{TEST_OFFSET_VAR}: the laptop's wall clock is shifted by {shift} (a test)");
        }
        SystemClock { shift }
    }
}

impl Default for SystemClock {
    fn default() -> Self {
        SystemClock::new()
    }
}

impl Clock for SystemClock {
    fn wall(&self) -> DateTime<Utc> {
        Utc::now() + self.shift
    }

    fn boot(&self) -> Option<BootTime> {
        let uptime = std::fs::read_to_string("/proc/uptime").ok()?;
        let secs: f64 = uptime.split_whitespace().next()?.parse().ok()?;
        let boot_id = std::fs::read_to_string("/proc/sys/kernel/random/boot_id").ok()?;
        Some(BootTime {
            boot_id: boot_id.trim().to_string(),
            millis: (secs * 1000.0) as i64,
        })
    }
}

/// `+1d`, `-5h`, `3m`, `-90s`, `120` (seconds).
pub fn parse_offset(s: &str) -> Option<Duration> {
    let s = s.trim();
    let (sign, rest) = match s.strip_prefix('-') {
        Some(r) => (-1, r),
        None => (1, s.strip_prefix('+').unwrap_or(s)),
    };
    let split = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
    let n: i64 = rest[..split].parse().ok()?;
    let unit = match &rest[split..] {
        "" | "s" => 1,
        "m" | "min" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return None,
    };
    Some(Duration::seconds(sign * n.checked_mul(unit)?))
}

/// A clock for tests: a wall clock off by a settable amount, a boot-time
/// clock that follows the real one (or none, or a new boot).
#[derive(Clone, Default)]
pub struct TestClock {
    inner: Arc<Mutex<TestClockState>>,
}

#[derive(Default)]
struct TestClockState {
    wall_offset: Duration,
    boot_id: Option<String>,
}

impl TestClock {
    /// A wall clock `offset` off the real one (ahead when positive).
    pub fn off_by(offset: Duration) -> TestClock {
        let c = TestClock::default();
        c.set_offset(offset);
        c.reboot();
        c
    }

    /// Sets the wall clock, as a user changing the laptop's time.
    pub fn set_offset(&self, offset: Duration) {
        if let Ok(mut s) = self.inner.lock() {
            s.wall_offset = offset;
        }
    }

    /// A new boot: the boot-time clock of before is gone.
    pub fn reboot(&self) {
        if let Ok(mut s) = self.inner.lock() {
            s.boot_id = Some(uuid::Uuid::now_v7().to_string());
        }
    }

    /// No boot-time clock at all (another system).
    pub fn without_boot_clock(&self) {
        if let Ok(mut s) = self.inner.lock() {
            s.boot_id = None;
        }
    }
}

/// The test's boot-time clock: real time since an arbitrary origin, so it
/// moves with real elapsed time, whatever the wall clock says.
fn test_boot_millis() -> i64 {
    static ORIGIN: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    let origin = ORIGIN.get_or_init(std::time::Instant::now);
    1_000_000 + origin.elapsed().as_millis() as i64
}

impl Clock for TestClock {
    fn wall(&self) -> DateTime<Utc> {
        let off = self.inner.lock().map(|s| s.wall_offset).unwrap_or_default();
        Utc::now() + off
    }

    fn boot(&self) -> Option<BootTime> {
        let id = self.inner.lock().ok()?.boot_id.clone()?;
        Some(BootTime {
            boot_id: id,
            millis: test_boot_millis(),
        })
    }
}

/// One measurement of the laptop's clock against the server's.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClockCheck {
    /// the server's time at the midpoint of the round trip
    pub server_at: DateTime<Utc>,
    /// the laptop's wall time at the same moment
    pub laptop_at: DateTime<Utc>,
    /// laptop minus server, in milliseconds: positive when the laptop is ahead
    pub skew_ms: i64,
    /// the round trip the measurement took; the skew is known to half of it
    pub round_trip_ms: i64,
    /// the laptop's boot-time clock at the midpoint
    pub boot: Option<BootTime>,
}

impl ClockCheck {
    pub fn skew(&self) -> Duration {
        Duration::milliseconds(self.skew_ms)
    }

    /// Beyond [`MAX_SKEW`], allowing for the round trip's uncertainty.
    pub fn too_far(&self) -> bool {
        self.skew_ms.abs() - self.round_trip_ms / 2 > MAX_SKEW.num_milliseconds()
    }

    /// "1 day 0 h 3 min ahead of" / "5 h 0 min behind"
    pub fn describe(&self) -> String {
        describe_skew(self.skew())
    }
}

/// How far off a clock is, in words: "1 day 0 h 3 min ahead of the server's".
pub fn describe_skew(skew: Duration) -> String {
    let dir = if skew < Duration::zero() { "behind" } else { "ahead of" };
    format!("{} {dir} the server's", span(skew.abs()))
}

/// "1 day 0 h 3 min", "5 h 0 min", "3 min 12 s", "40 s".
pub fn span(d: Duration) -> String {
    // to the nearest second: a day measured as 86 399.998 s is a day
    let s = (d.num_milliseconds().abs() + 500) / 1000;
    let (days, h, m, sec) = (s / 86_400, s % 86_400 / 3600, s % 3600 / 60, s % 60);
    if days > 0 {
        format!("{days} day{} {h} h {m} min", if days == 1 { "" } else { "s" })
    } else if h > 0 {
        format!("{h} h {m} min")
    } else if m > 0 {
        format!("{m} min {sec} s")
    } else {
        format!("{sec} s")
    }
}

/// Measures the laptop's clock against the server's: `samples` round trips,
/// the one with the shortest round trip counts (NTP's rule).
pub async fn measure(
    core: &crate::booking::Core,
    clock: &dyn Clock,
    samples: usize,
) -> crate::booking::Result<ClockCheck> {
    let mut best: Option<ClockCheck> = None;
    for _ in 0..samples.max(1) {
        let wall0 = clock.wall();
        let boot0 = clock.boot();
        let t0 = std::time::Instant::now();
        let server = core.server_now().await?;
        let rtt = Duration::from_std(t0.elapsed()).unwrap_or_else(|_| Duration::zero());
        let laptop_at = wall0 + rtt / 2;
        let check = ClockCheck {
            server_at: server,
            laptop_at,
            skew_ms: (laptop_at - server).num_milliseconds(),
            round_trip_ms: rtt.num_milliseconds(),
            boot: boot0.map(|b| BootTime {
                millis: b.millis + rtt.num_milliseconds() / 2,
                ..b
            }),
        };
        if best.as_ref().is_none_or(|b| check.round_trip_ms < b.round_trip_ms) {
            best = Some(check);
        }
    }
    Ok(best.expect("at least one sample"))
}

/// Where the corrected time came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeSource {
    /// never measured against the server: the wall clock
    Wall,
    /// the server's time at the last measurement + the boot-time clock since
    BootClock,
    /// no boot-time clock of that boot (rebooted): the wall clock with the
    /// offset measured then
    CorrectedWall,
    /// the wall clock was before the journal's last entry: that entry's time
    LastEntry,
    /// the caller named the time (`checkin --at`): kept as given
    Given,
}

impl TimeSource {
    pub fn as_str(self) -> &'static str {
        match self {
            TimeSource::Wall => "wall",
            TimeSource::BootClock => "boot_clock",
            TimeSource::CorrectedWall => "corrected_wall",
            TimeSource::LastEntry => "last_entry",
            TimeSource::Given => "given",
        }
    }
}

/// "Now" as the laptop best knows it.
#[derive(Debug, Clone, Serialize)]
pub struct Now {
    pub at: DateTime<Utc>,
    /// the laptop's wall clock at the same moment
    pub wall: DateTime<Utc>,
    pub source: TimeSource,
    /// the wall clock was set since the last measurement: by how much
    /// (positive: set forward), when beyond [`JUMP_TOLERANCE`]
    pub jump_ms: Option<i64>,
}

/// The last measurement, kept in the store.
pub type Anchor = ClockCheck;

/// The corrected time from an anchor, the clocks now, and the journal's
/// last entry time (a floor).
pub fn corrected(anchor: Option<&Anchor>, clock: &dyn Clock, floor: Option<DateTime<Utc>>) -> Now {
    let wall = clock.wall();
    let (mut at, mut source, expected_wall) = match anchor {
        None => (wall, TimeSource::Wall, None),
        Some(a) => {
            let by_wall = wall - a.skew();
            match (&a.boot, clock.boot()) {
                (Some(b0), Some(b1)) if b0.boot_id == b1.boot_id && b1.millis >= b0.millis => {
                    let at = a.server_at + Duration::milliseconds(b1.millis - b0.millis);
                    (at, TimeSource::BootClock, Some(at + a.skew()))
                }
                _ => (by_wall, TimeSource::CorrectedWall, None),
            }
        }
    };
    // the boot clock only moves forward; a wall clock may have been set back
    if let Some(f) = floor.filter(|f| *f > at && source != TimeSource::BootClock) {
        source = TimeSource::LastEntry;
        at = f;
    }
    // the wall clock as it should read now, had nobody touched it
    let expected = match (expected_wall, anchor) {
        (Some(e), _) => Some(e),
        (None, Some(a)) => Some(at + a.skew()),
        (None, None) => None,
    };
    let jump = expected
        .map(|e| wall - e)
        .filter(|j| j.abs() > JUMP_TOLERANCE)
        .map(|j| j.num_milliseconds());
    Now {
        at,
        wall,
        source,
        jump_ms: jump,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_parse_with_units_and_signs() {
        assert_eq!(parse_offset("+1d"), Some(Duration::days(1)));
        assert_eq!(parse_offset("-5h"), Some(Duration::hours(-5)));
        assert_eq!(parse_offset("3m"), Some(Duration::minutes(3)));
        assert_eq!(parse_offset("-90"), Some(Duration::seconds(-90)));
        assert_eq!(parse_offset("1w"), None);
        assert_eq!(parse_offset(""), None);
    }

    #[test]
    fn skews_are_said_in_days_hours_and_minutes() {
        assert_eq!(
            describe_skew(Duration::days(1) + Duration::minutes(3)),
            "1 day 0 h 3 min ahead of the server's"
        );
        assert_eq!(describe_skew(Duration::hours(-5)), "5 h 0 min behind the server's");
        assert_eq!(
            describe_skew(Duration::seconds(200)),
            "3 min 20 s ahead of the server's"
        );
    }

    fn anchor(clock: &TestClock, skew: Duration) -> Anchor {
        let server_at = Utc::now();
        ClockCheck {
            server_at,
            laptop_at: server_at + skew,
            skew_ms: skew.num_milliseconds(),
            round_trip_ms: 1,
            boot: clock.boot(),
        }
    }

    #[test]
    fn a_wall_clock_set_after_the_anchor_changes_nothing_and_is_seen() {
        let clock = TestClock::off_by(Duration::minutes(3));
        let a = anchor(&clock, Duration::minutes(3));
        let now = corrected(Some(&a), &clock, None);
        assert_eq!(now.source, TimeSource::BootClock);
        assert!((now.at - Utc::now()).abs() < Duration::seconds(2));
        assert_eq!(now.jump_ms, None);
        // someone sets the laptop's clock back by 6 hours
        clock.set_offset(Duration::hours(-6));
        let now = corrected(Some(&a), &clock, None);
        assert!((now.at - Utc::now()).abs() < Duration::seconds(2), "{now:?}");
        let jump = now.jump_ms.expect("jump seen");
        assert!(
            (jump - Duration::minutes(-363).num_milliseconds()).abs() < 2000,
            "{jump}"
        );
    }

    #[test]
    fn after_a_reboot_the_corrected_wall_clock_never_goes_before_the_last_entry() {
        let clock = TestClock::off_by(Duration::zero());
        let a = anchor(&clock, Duration::zero());
        clock.reboot();
        clock.set_offset(Duration::hours(-2));
        let last = Utc::now() - Duration::minutes(1);
        let now = corrected(Some(&a), &clock, Some(last));
        assert_eq!(now.source, TimeSource::LastEntry);
        assert_eq!(now.at, last);
        assert!(now.jump_ms.is_some());
        // set forward after a reboot: taken as it is (the sync flags it)
        clock.set_offset(Duration::hours(2));
        let now = corrected(Some(&a), &clock, Some(last));
        assert_eq!(now.source, TimeSource::CorrectedWall);
    }
}
