//! Strings of the occupancy screen.

pub struct OccupancyText {
    /// (key, what it does), shown by `?`
    pub keys: &'static [(&'static str, &'static str)],
    pub title: &'static str,
}

pub const EN: OccupancyText = OccupancyText {
    keys: &[],
    title: "occupancy",
};

pub const RU: OccupancyText = OccupancyText {
    keys: &[],
    title: "occupancy",
};
