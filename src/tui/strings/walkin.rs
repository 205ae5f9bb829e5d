//! Strings of the walkin screen.

pub struct WalkinText {
    /// (key, what it does), shown by `?`
    pub keys: &'static [(&'static str, &'static str)],
    pub title: &'static str,
}

pub const EN: WalkinText = WalkinText {
    keys: &[],
    title: "walkin",
};

pub const RU: WalkinText = WalkinText {
    keys: &[],
    title: "walkin",
};
