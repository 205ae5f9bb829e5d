//! What the guide must know about a participant at the gate: medical notes,
//! diet, equipment, the booking's special requests and what it still owes.
//! The server builds it (td_attention, inside td_check_in's verdict) and the
//! field laptop builds the same offline (field::verdict); both are this
//! struct, so the kiosk and the CLI read named fields rather than keys of a
//! JSON map. Empty flags are left out of the JSON, as td_attention does.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attention {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub medical_notes: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub dietary: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub equipment: String,
    /// the booking's, said for each of its people
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub special_requests: String,
    /// what the booking still owes, in `currency`; 0 when it is paid
    #[serde(default, skip_serializing_if = "is_zero")]
    pub unpaid_minor: i64,
    /// the booking's currency, named with an unpaid amount
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub currency: String,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

/// One of a participant's own flags (not the booking's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonalFlag {
    MedicalNotes,
    Dietary,
    Equipment,
}

impl PersonalFlag {
    /// As the JSON names it.
    pub fn key(self) -> &'static str {
        match self {
            PersonalFlag::MedicalNotes => "medical_notes",
            PersonalFlag::Dietary => "dietary",
            PersonalFlag::Equipment => "equipment",
        }
    }
}

impl Attention {
    /// The flags of one person (their notes) in their booking (its requests
    /// and balance): td_attention's rule, kept once for the manifest and the
    /// laptop — a currency only with something to collect.
    pub fn of(person: [&str; 3], special_requests: &str, unpaid_minor: i64, currency: &str) -> Attention {
        let [medical_notes, dietary, equipment] = person.map(str::to_string);
        Attention {
            medical_notes,
            dietary,
            equipment,
            special_requests: special_requests.to_string(),
            unpaid_minor: unpaid_minor.max(0),
            currency: if unpaid_minor > 0 {
                currency.to_string()
            } else {
                String::new()
            },
        }
    }

    /// Nothing to tell the guide.
    pub fn is_empty(&self) -> bool {
        *self == Attention::default()
    }

    /// The participant's own flags that are set, medical first (what a
    /// guide must not miss).
    pub fn personal(&self) -> Vec<(PersonalFlag, &str)> {
        [
            (PersonalFlag::MedicalNotes, &self.medical_notes),
            (PersonalFlag::Dietary, &self.dietary),
            (PersonalFlag::Equipment, &self.equipment),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(f, v)| (f, v.as_str()))
        .collect()
    }

    /// What is owed and in which currency, when anything is.
    pub fn unpaid(&self) -> Option<(i64, &str)> {
        (self.unpaid_minor > 0).then_some((self.unpaid_minor, self.currency.as_str()))
    }

    /// Names the currency of an unpaid amount recorded without one (scans
    /// recorded before td_attention said it): the booking's, from the verdict.
    pub fn owed_in(&mut self, currency: &str) {
        if self.unpaid_minor > 0 && self.currency.is_empty() {
            self.currency = currency.to_string();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_what_td_attention_writes_and_writes_it_back_the_same() {
        let sql = json!({"medical_notes": "asthma", "special_requests": "window seat",
                         "unpaid_minor": 4500, "currency": "EUR"});
        let a: Attention = serde_json::from_value(sql.clone()).unwrap();
        assert_eq!(a.personal(), vec![(PersonalFlag::MedicalNotes, "asthma")]);
        assert_eq!(a.unpaid(), Some((4500, "EUR")));
        assert_eq!(serde_json::to_value(&a).unwrap(), sql);
        let none: Attention = serde_json::from_value(json!({})).unwrap();
        assert!(none.is_empty());
        assert_eq!(none.unpaid(), None);
    }

    #[test]
    fn an_unpaid_amount_recorded_without_a_currency_takes_the_bookings() {
        let mut a: Attention = serde_json::from_value(json!({"unpaid_minor": 100})).unwrap();
        a.owed_in("EUR");
        assert_eq!(a.unpaid(), Some((100, "EUR")));
        let mut named: Attention = serde_json::from_value(json!({"unpaid_minor": 100, "currency": "USD"})).unwrap();
        named.owed_in("EUR");
        assert_eq!(named.unpaid(), Some((100, "USD")), "the recorded currency stands");
    }
}
