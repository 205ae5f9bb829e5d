//! Strings of the waitlist screen.

pub struct WaitlistText {
    /// (key, what it does), shown by `?`
    pub keys: &'static [(&'static str, &'static str)],
    pub title: &'static str,
}

pub const EN: WaitlistText = WaitlistText {
    keys: &[],
    title: "waitlist",
};

pub const RU: WaitlistText = WaitlistText {
    keys: &[],
    title: "waitlist",
};
