//! The shape of a schedule rule as typed: days of the week and local times
//! of day, parsed once at the edge (the CLI now, the kiosk's form later)
//! into what the server stores — ISO day numbers (1 Monday … 7 Sunday) and
//! times. A bad word is refused with the word and what would do instead;
//! the server checks the same shape again (sql/core/td_schedule_check.sql).

use chrono::NaiveTime;

/// The most times of day one rule may have (every half hour).
pub const MAX_TIMES: usize = 48;

/// The days' names as the CLI takes them, Monday first (ISO order).
const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// "mon,wed,fri" (three-letter or full English names, any case; "daily",
/// "weekdays" and "weekends" too) → sorted ISO day numbers, each once.
pub fn parse_days(s: &str) -> Result<Vec<i16>, String> {
    let mut days = Vec::new();
    for word in s.split(',').map(|w| w.trim().to_lowercase()) {
        if word.is_empty() {
            return Err(format!("{s:?} has an empty day; list days as mon,wed,fri"));
        }
        match word.as_str() {
            "daily" => days.extend(1..=7),
            "weekdays" => days.extend(1..=5),
            "weekends" => days.extend(6..=7),
            w => {
                let short = w.get(..3).unwrap_or(w);
                let n = DAY_NAMES.iter().position(|d| *d == short);
                // "monday" is mon, "mondo" is not
                let full = [
                    "monday",
                    "tuesday",
                    "wednesday",
                    "thursday",
                    "friday",
                    "saturday",
                    "sunday",
                ];
                match n {
                    Some(i) if w.len() == 3 || full[i] == w => days.push(i as i16 + 1),
                    _ => {
                        return Err(format!(
                            "unknown day {word:?}; use {} (or daily, weekdays, weekends)",
                            DAY_NAMES.join(",")
                        ));
                    }
                }
            }
        }
    }
    days.sort_unstable();
    days.dedup();
    Ok(days)
}

/// "07:00,13:30" → sorted local times of day, each once; 24-hour HH:MM.
pub fn parse_times(s: &str) -> Result<Vec<NaiveTime>, String> {
    let mut times = Vec::new();
    for word in s.split(',').map(str::trim) {
        let t = parse_time(word)?;
        if times.contains(&t) {
            return Err(format!("{word} is given twice"));
        }
        times.push(t);
    }
    if times.len() > MAX_TIMES {
        return Err(format!("{} times of day; at most {MAX_TIMES}", times.len()));
    }
    times.sort_unstable();
    Ok(times)
}

/// One local time of day, 24-hour HH:MM ("07:00").
pub fn parse_time(word: &str) -> Result<NaiveTime, String> {
    let bad = || format!("{word:?} is not a time of day; use 24-hour HH:MM from 00:00 to 23:59, such as 07:00");
    let (h, m) = word.split_once(':').ok_or_else(bad)?;
    let digits = |p: &str| !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit());
    if !digits(h) || m.len() != 2 || !digits(m) {
        return Err(bad());
    }
    let (h, m): (u32, u32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    NaiveTime::from_hms_opt(h, m, 0).ok_or_else(bad)
}

/// ISO day numbers back to the CLI's names: [1, 3, 5] → "mon,wed,fri".
pub fn day_names(days: &[i16]) -> String {
    days.iter()
        .filter_map(|d| DAY_NAMES.get(usize::try_from(*d - 1).ok()?))
        .copied()
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_read_in_any_case_and_order_each_once() {
        let cases: &[(&str, &[i16])] = &[
            ("mon,wed,fri", &[1, 3, 5]),
            ("Fri, MON", &[1, 5]),
            ("sunday,saturday,sun", &[6, 7]),
            ("weekdays", &[1, 2, 3, 4, 5]),
            ("weekends,mon", &[1, 6, 7]),
            ("daily", &[1, 2, 3, 4, 5, 6, 7]),
        ];
        for (input, want) in cases {
            assert_eq!(parse_days(input).as_deref(), Ok(*want), "{input}");
        }
    }

    #[test]
    fn an_unknown_day_is_named() {
        for bad in ["mnd", "mondo", "mon,,fri", "", "1"] {
            let e = parse_days(bad).unwrap_err();
            assert!(e.contains("day"), "{bad}: {e}");
        }
        assert!(parse_days("mon,funday").unwrap_err().contains("\"funday\""));
    }

    #[test]
    fn times_are_24_hour_sorted_and_each_once() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        assert_eq!(parse_times("13:00, 07:00"), Ok(vec![t(7, 0), t(13, 0)]));
        assert_eq!(parse_times("7:05"), Ok(vec![t(7, 5)]));
        assert_eq!(parse_times("00:00,23:59"), Ok(vec![t(0, 0), t(23, 59)]));
        for bad in [
            "25:00", "24:00", "12:60", "7", "7:5", "07:00pm", "", "-1:00", "07:00:00",
        ] {
            let e = parse_times(bad).unwrap_err();
            assert!(e.contains("not a time of day"), "{bad}: {e}");
        }
        assert!(parse_times("07:00,7:00").unwrap_err().contains("twice"));
        let many: Vec<String> = (0..49).map(|i| format!("{:02}:{:02}", i / 3, (i % 3) * 10)).collect();
        assert!(parse_times(&many.join(",")).unwrap_err().contains("at most 48"));
    }

    #[test]
    fn day_names_round_trip() {
        assert_eq!(day_names(&[1, 3, 5]), "mon,wed,fri");
        assert_eq!(parse_days(&day_names(&[2, 7])), Ok(vec![2, 7]));
    }
}
