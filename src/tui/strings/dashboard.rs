//! Strings of the dashboard screen.

pub struct DashboardText {
    /// (key, what it does), shown by `?`
    pub keys: &'static [(&'static str, &'static str)],
    pub title: &'static str,
    pub next: &'static str,
    pub past: &'static str,
    pub revenue: &'static str,
    pub refunds: &'static str,
    pub bookings: &'static str,
    pub by_day: &'static str,
    pub by_tour: &'static str,
    pub money: &'static str,
    pub cancellations: &'static str,
    pub check_in: &'static str,
    /// customer, weather, operator, no-show
    pub reasons: [&'static str; 4],
    pub no_data: &'static str,
    pub no_cancellations: &'static str,
    pub no_today: &'static str,
    pub hint: &'static str,
}

pub const EN: DashboardText = DashboardText {
    keys: &[("r", "refresh the numbers"), ("p, Tab", "next 30 days ↔ last 30 days")],
    title: "Dashboard",
    next: "Next 30 days",
    past: "Last 30 days",
    revenue: "Revenue",
    refunds: "Refunds",
    bookings: "{} bookings",
    by_day: "Occupancy by day, %",
    by_tour: "By tour, %",
    money: "Money",
    cancellations: "Cancellations",
    check_in: "Check-in today",
    reasons: ["customer", "weather", "operator", "no-show"],
    no_data: "No departures in this period.",
    no_cancellations: "None.",
    no_today: "No departures today.",
    hint: "r refresh · p other period",
};

pub const RU: DashboardText = DashboardText {
    keys: &[
        ("r", "обновить цифры"),
        ("p, Tab", "следующие 30 дней ↔ прошедшие 30 дней"),
    ],
    title: "Сводка",
    next: "Следующие 30 дней",
    past: "Прошедшие 30 дней",
    revenue: "Выручка",
    refunds: "Возвраты",
    bookings: "Броней: {}",
    by_day: "Загрузка по дням, %",
    by_tour: "По турам, %",
    money: "Деньги",
    cancellations: "Отмены",
    check_in: "Посадка сегодня",
    reasons: ["клиент", "погода", "оператор", "неявка"],
    no_data: "В этом периоде отправлений нет.",
    no_cancellations: "Нет.",
    no_today: "Сегодня отправлений нет.",
    hint: "r — обновить · p — другой период",
};
