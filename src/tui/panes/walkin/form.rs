//! The fields of the walk-in: counters, contact, participant details, and
//! what is checked before the core sees them.

use crate::booking::{ParticipantInput, PaymentMethod};
use crate::domain::{ParticipantKind, Party};

/// Longest text a field takes (the core refuses more than 500 characters).
pub const MAX_TEXT: usize = 200;

/// A counter typed with digits. Right after it gets focus, the first digit
/// replaces the value (the default 1 becomes the 2 the customer asked for).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub text: String,
    pub fresh: bool,
}

impl Default for Field {
    fn default() -> Self {
        Field::new(0)
    }
}

impl Field {
    pub fn new(n: u32) -> Field {
        Field {
            text: n.to_string(),
            fresh: true,
        }
    }

    pub fn number(&self) -> u32 {
        self.text.parse().unwrap_or(0)
    }

    /// Types a digit; false when the key is not one.
    pub fn digit(&mut self, c: char) -> bool {
        if !c.is_ascii_digit() {
            return false;
        }
        if self.fresh || self.text == "0" {
            self.text.clear();
        }
        self.fresh = false;
        if self.text.len() < 3 {
            self.text.push(c);
        }
        true
    }

    pub fn backspace(&mut self) {
        self.fresh = false;
        self.text.pop();
    }

    pub fn step(&mut self, up: bool) {
        let n = self.number();
        let n = if up {
            n.saturating_add(1).min(999)
        } else {
            n.saturating_sub(1)
        };
        self.text = n.to_string();
        self.fresh = true;
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PartyField {
    #[default]
    Adults,
    Children,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ContactField {
    #[default]
    Name,
    Phone,
    Email,
    Special,
}

impl ContactField {
    pub const ALL: [ContactField; 4] = [
        ContactField::Name,
        ContactField::Phone,
        ContactField::Email,
        ContactField::Special,
    ];

    pub fn next(self, back: bool) -> ContactField {
        cycle(&Self::ALL, self, back)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PersonField {
    #[default]
    Name,
    Medical,
    Emergency,
    Dietary,
    Equipment,
}

impl PersonField {
    pub const ALL: [PersonField; 5] = [
        PersonField::Name,
        PersonField::Medical,
        PersonField::Emergency,
        PersonField::Dietary,
        PersonField::Equipment,
    ];

    pub fn next(self, back: bool) -> PersonField {
        cycle(&Self::ALL, self, back)
    }
}

fn cycle<T: Copy + PartialEq>(all: &[T], at: T, back: bool) -> T {
    let i = all.iter().position(|x| *x == at).unwrap_or(0);
    let n = all.len();
    all[if back { (i + n - 1) % n } else { (i + 1) % n }]
}

/// Types into a text field; `phone` keeps only what a phone number has.
pub fn type_char(text: &mut String, c: char, phone: bool) -> bool {
    if c.is_control() || text.chars().count() >= MAX_TEXT {
        return false;
    }
    if phone && !(c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '(' | ')')) {
        return false;
    }
    text.push(c);
    true
}

/// Why the contact cannot go to payment yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactProblem {
    NoName,
    BadPhone,
    BadEmail,
    /// neither phone nor email: allowed on the second Enter
    NoWayToReach,
}

pub fn check_contact(c: &super::Contact, warned: bool) -> Result<(), ContactProblem> {
    if c.name.trim().is_empty() {
        return Err(ContactProblem::NoName);
    }
    let phone = c.phone.trim();
    if !phone.is_empty() {
        let digits = phone.chars().filter(char::is_ascii_digit).count();
        let plus_first = phone.find('+').is_none_or(|i| i == 0) && phone.matches('+').count() <= 1;
        if !(5..=15).contains(&digits) || !plus_first {
            return Err(ContactProblem::BadPhone);
        }
    }
    let email = c.email.trim();
    let looks_like_email = email.contains('@') && !email.starts_with('@') && !email.ends_with('@');
    if !email.is_empty() && !looks_like_email {
        return Err(ContactProblem::BadEmail);
    }
    if phone.is_empty() && email.is_empty() && !warned {
        return Err(ContactProblem::NoWayToReach);
    }
    Ok(())
}

/// One entry per seat (adults first), keeping what was typed before.
pub fn fit_people(people: &mut Vec<ParticipantInput>, party: Party) {
    let mut out: Vec<ParticipantInput> = Vec::new();
    for i in 0..party.seats() {
        let mut p = people.get(i as usize).cloned().unwrap_or_default();
        p.kind = ParticipantKind::of_seat(i, party);
        out.push(p);
    }
    *people = out;
}

/// Whether any participant detail was typed (the list shows who has some).
pub fn any_details(people: &[ParticipantInput]) -> bool {
    people.iter().any(|p| {
        [
            &p.name,
            &p.medical_notes,
            &p.emergency_contact,
            &p.dietary,
            &p.equipment,
        ]
        .iter()
        .any(|s| !s.trim().is_empty())
    })
}

/// The participant list for the booking, one per seat: unnamed ones get
/// the contact's name (the first) or `guest` filled with it and the seat
/// number, in the kiosk's language — left to the core they would read
/// "(guest 2)" in a Russian desk's manifest and tickets.
pub fn people_for_booking(people: &[ParticipantInput], contact: &str, guest: &str) -> Vec<ParticipantInput> {
    people
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut p = p.clone();
            if p.name.trim().is_empty() {
                p.name = if i == 0 {
                    contact.trim().to_string()
                } else {
                    crate::tui::strings::fill(guest, &[&contact.trim(), &(i + 1)])
                };
            }
            p
        })
        .collect()
}

pub fn person_field(p: &mut ParticipantInput, f: PersonField) -> &mut String {
    match f {
        PersonField::Name => &mut p.name,
        PersonField::Medical => &mut p.medical_notes,
        PersonField::Emergency => &mut p.emergency_contact,
        PersonField::Dietary => &mut p.dietary,
        PersonField::Equipment => &mut p.equipment,
    }
}

pub fn contact_field(c: &mut super::Contact, f: ContactField) -> &mut String {
    match f {
        ContactField::Name => &mut c.name,
        ContactField::Phone => &mut c.phone,
        ContactField::Email => &mut c.email,
        ContactField::Special => &mut c.special,
    }
}

/// How the customer pays at the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pay {
    #[default]
    Cash,
    Card,
    Unpaid,
}

impl Pay {
    pub const ALL: [Pay; 3] = [Pay::Cash, Pay::Card, Pay::Unpaid];

    pub fn next(self, back: bool) -> Pay {
        cycle(&Self::ALL, self, back)
    }

    pub fn method(self) -> PaymentMethod {
        match self {
            Pay::Cash => PaymentMethod::Cash,
            Pay::Card => PaymentMethod::Card,
            Pay::Unpaid => PaymentMethod::Unpaid,
        }
    }
}
