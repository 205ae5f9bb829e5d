//! Strings of the departures screen.

pub struct DeparturesText {
    /// (key, what it does), shown by `?`
    pub keys: &'static [(&'static str, &'static str)],
    pub title: &'static str,
}

pub const EN: DeparturesText = DeparturesText {
    keys: &[],
    title: "departures",
};

pub const RU: DeparturesText = DeparturesText {
    keys: &[],
    title: "departures",
};
