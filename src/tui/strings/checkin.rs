//! Strings of the checkin screen.

pub struct CheckInText {
    /// (key, what it does), shown by `?`
    pub keys: &'static [(&'static str, &'static str)],
    pub title: &'static str,
}

pub const EN: CheckInText = CheckInText {
    keys: &[],
    title: "checkin",
};

pub const RU: CheckInText = CheckInText {
    keys: &[],
    title: "checkin",
};
