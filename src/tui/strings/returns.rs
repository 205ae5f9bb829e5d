//! Strings of the guide's return mode (Check-in, `R`): counting the group
//! back at the end of the trip, and who is MISSING.

pub struct ReturnsText {
    /// (key, what it does), shown by `?`
    pub keys: &'static [(&'static str, &'static str)],
    /// the mode's name in the header
    pub title: &'static str,
    /// out, back, missing, left
    pub counts: &'static str,
    /// local time after which whoever is out is missing
    pub missing_after: &'static str,
    pub loading: &'static str,
    pub nobody: &'static str,
    // a person's state in the list
    pub out: &'static str,
    pub back: &'static str,
    pub missing: &'static str,
    pub left: &'static str,
    // the left panel
    pub ready: &'static str,
    pub ready_hint: &'static str,
    pub sending: &'static str,
    /// name
    pub marked_back: &'static str,
    /// name
    pub marked_left: &'static str,
    /// name, local time
    pub already_back: &'static str,
    pub nobody_out: &'static str,
    pub party: &'static str,
    pub phone: &'static str,
    pub emergency: &'static str,
    pub medical: &'static str,
    pub note: &'static str,
    // questions and notices
    /// people still out
    pub ask_everyone: &'static str,
    /// name
    pub ask_left: &'static str,
    pub left_hint: &'static str,
    pub note_needed: &'static str,
    /// folder, the files (CSV, PNG pages)
    pub muster_written: &'static str,
    pub hint: &'static str,
    pub hint_short: &'static str,
}

pub const EN: ReturnsText = ReturnsText {
    keys: &[
        ("R / Esc", "back to check-in"),
        ("scan", "the same ticket again: marked back"),
        ("Enter, Space", "mark the selected person back"),
        ("e", "everyone back (asks first)"),
        ("l", "left the group (with a note)"),
        ("m", "write the muster list (CSV and PNG to print)"),
    ],
    title: "RETURNS",
    counts: "out {} · back {} · missing {} · left {}",
    missing_after: "missing after {}",
    loading: "Loading the roll-call…",
    nobody: "Nobody was checked in on this departure.",
    out: "out",
    back: "back",
    missing: "MISSING",
    left: "left",
    ready: "Scan tickets as people return",
    ready_hint: "Enter marks the selected person back.",
    sending: "Recording…",
    marked_back: "Back: {}",
    marked_left: "Left the group: {}",
    already_back: "Already back: {} at {}",
    nobody_out: "Nobody of this ticket was out.",
    party: "Booking",
    phone: "Phone",
    emergency: "Emergency",
    medical: "Medical",
    note: "Note",
    ask_everyone: "Mark everyone still out as back? Out now: {}",
    ask_left: "{} left the group: where, how?",
    left_hint: "type a note · Enter save · Esc cancel",
    note_needed: "Say where and how they left: a note is needed.",
    muster_written: "Muster list written to {}: {}",
    hint: "scan or Enter back · e everyone back · l left the group · m muster · R/Esc check-in",
    hint_short: "Enter back · e everyone · l left · m muster · R check-in",
};

pub const RU: ReturnsText = ReturnsText {
    keys: &[
        ("R / Esc", "назад к посадке"),
        ("скан", "тот же билет ещё раз: вернулся"),
        ("Enter, пробел", "отметить выбранного вернувшимся"),
        ("e", "все вернулись (с вопросом)"),
        ("l", "покинул группу (с примечанием)"),
        ("m", "записать список (CSV и PNG для печати)"),
    ],
    title: "ВОЗВРАТ",
    counts: "в пути {} · вернулись {} · пропали {} · ушли {}",
    missing_after: "пропавшие после {}",
    loading: "Загрузка переклички…",
    nobody: "На это отправление никто не сел.",
    out: "в пути",
    back: "вернулся",
    missing: "ПРОПАЛ",
    left: "ушёл",
    ready: "Сканируйте билеты вернувшихся",
    ready_hint: "Enter — выбранный вернулся.",
    sending: "Записываю…",
    marked_back: "Вернулся: {}",
    marked_left: "Покинул группу: {}",
    already_back: "Уже вернулся: {} в {}",
    nobody_out: "По этому билету в пути никого нет.",
    party: "Бронь",
    phone: "Телефон",
    emergency: "Экстренный",
    medical: "Медицина",
    note: "Примечание",
    ask_everyone: "Отметить вернувшимися всех, кто в пути? Сейчас в пути: {}",
    ask_left: "{} покинул группу: где, как?",
    left_hint: "введите примечание · Enter — сохранить · Esc — отмена",
    note_needed: "Укажите, где и как покинул группу: нужно примечание.",
    muster_written: "Список записан в {}: {}",
    hint: "скан или Enter — вернулся · e все · l ушёл · m список · R/Esc посадка",
    hint_short: "Enter вернулся · e все · l ушёл · m список · R посадка",
};
