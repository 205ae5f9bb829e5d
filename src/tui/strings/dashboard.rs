//! Strings of the dashboard screen.

pub struct DashboardText {
    /// (key, what it does), shown by `?`
    pub keys: &'static [(&'static str, &'static str)],
    pub title: &'static str,
}

pub const EN: DashboardText = DashboardText {
    keys: &[],
    title: "dashboard",
};

pub const RU: DashboardText = DashboardText {
    keys: &[],
    title: "dashboard",
};
