//! Changing a booking from its card: `c` the contact, `e` a person (name,
//! details, adult ↔ child), `a` add a person, `d` remove one. `e` and `d`
//! first ask which person (a digit, or ↑↓ and Enter; skipped when there is
//! one).
//!
//! What changes the price is priced by the server before anyone confirms
//! (`Call::ChangeQuote`: the change itself, rolled back — the same refusals,
//! SOLD_OUT, ALREADY_CHECKED_IN, LAST_PERSON, come back here before `y`):
//! an added person, a removed one (the refund and its tier), adult ↔ child.
//! A change of names or details costs nothing and is saved by Enter.
//!
//! Every write carries a client key made when it is confirmed and kept for
//! its retries (a change whose answer was lost is not made twice); editing
//! the form makes it another request with a new key. Only the fields that
//! differ from the card go out (`None` leaves a field as it is), so two
//! desks fixing different fields of one person do not undo each other.

use super::{Call, Form, FormKey, Msg, State, call};
use crate::booking::{BookingChanged, ContactChange, ParticipantChange, ParticipantInput, PartyChange, Person};
use crate::domain::money::show as money;
use crate::domain::{BookingChangeKind, ParticipantId, ParticipantKind};
use crate::tui::panes::{Ctx, Outbox};
use crate::tui::strings::fill;
use uuid::Uuid;

/// What the chosen person is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    Edit,
    Remove,
}

/// "Which person?" over the card.
#[derive(Debug, Clone, PartialEq)]
pub struct PickForm {
    pub then: Pick,
    pub selected: usize,
}

/// The contact's name, phone and e-mail, prefilled with the card's.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactForm {
    /// name, phone, e-mail as typed
    pub values: [String; 3],
    /// as the card had them
    pub was: [String; 3],
    pub field: usize,
    pub key: Option<Uuid>,
    pub busy: bool,
}

/// A person's fields as the form edits them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PersonValues {
    pub name: String,
    pub kind: ParticipantKind,
    pub medical: String,
    pub emergency: String,
    pub diet: String,
    pub equipment: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonField {
    Name,
    Kind,
    Medical,
    Emergency,
    Diet,
    Equipment,
}

pub const PERSON_FIELDS: [PersonField; 6] = [
    PersonField::Name,
    PersonField::Kind,
    PersonField::Medical,
    PersonField::Emergency,
    PersonField::Diet,
    PersonField::Equipment,
];

/// A person changed (`participant` and what the card had) or added (none).
#[derive(Debug, Clone, PartialEq)]
pub struct PersonForm {
    pub participant: Option<ParticipantId>,
    pub was: PersonValues,
    pub values: PersonValues,
    pub field: PersonField,
    /// the server's price for the change (a kind changed, a person added)
    pub quote: Option<BookingChanged>,
    pub quoting: bool,
    pub key: Option<Uuid>,
    pub busy: bool,
    pub problem: Option<&'static str>,
}

/// "Remove this person?" with the server's refund.
#[derive(Debug, Clone, PartialEq)]
pub struct RemoveForm {
    pub participant: ParticipantId,
    pub name: String,
    pub quote: Option<BookingChanged>,
    pub key: Option<Uuid>,
    pub busy: bool,
}

impl PersonValues {
    fn of(p: &Person) -> PersonValues {
        PersonValues {
            name: p.name.clone(),
            kind: ParticipantKind::parse(&p.kind).unwrap_or_default(),
            medical: p.medical_notes.clone(),
            emergency: p.emergency_contact.clone(),
            diet: p.dietary.clone(),
            equipment: p.equipment.clone(),
        }
    }

    pub fn text(&self, field: PersonField) -> Option<&String> {
        match field {
            PersonField::Name => Some(&self.name),
            PersonField::Kind => None,
            PersonField::Medical => Some(&self.medical),
            PersonField::Emergency => Some(&self.emergency),
            PersonField::Diet => Some(&self.diet),
            PersonField::Equipment => Some(&self.equipment),
        }
    }

    fn text_mut(&mut self, field: PersonField) -> Option<&mut String> {
        match field {
            PersonField::Name => Some(&mut self.name),
            PersonField::Kind => None,
            PersonField::Medical => Some(&mut self.medical),
            PersonField::Emergency => Some(&mut self.emergency),
            PersonField::Diet => Some(&mut self.diet),
            PersonField::Equipment => Some(&mut self.equipment),
        }
    }
}

/// `Some(now)` when it differs from `was`: only what changed goes out.
fn changed(now: &str, was: &str) -> Option<String> {
    (now.trim() != was.trim()).then(|| now.trim().to_string())
}

impl PersonForm {
    fn new(participant: Option<ParticipantId>, was: PersonValues) -> PersonForm {
        PersonForm {
            participant,
            values: was.clone(),
            was,
            field: PersonField::Name,
            quote: None,
            quoting: false,
            key: None,
            busy: false,
            problem: None,
        }
    }

    /// The fields that differ from the card, for `change_participant`.
    pub fn change(&self) -> ParticipantChange {
        let (v, w) = (&self.values, &self.was);
        ParticipantChange {
            name: changed(&v.name, &w.name),
            medical_notes: changed(&v.medical, &w.medical),
            emergency_contact: changed(&v.emergency, &w.emergency),
            dietary: changed(&v.diet, &w.diet),
            equipment: changed(&v.equipment, &w.equipment),
            kind: (v.kind != w.kind).then_some(v.kind),
        }
    }

    /// What the server prices before `y`: an addition, or a kind changed.
    pub fn priced(&self) -> Option<PartyChange> {
        match self.participant {
            None => Some(PartyChange::Add {
                name: self.values.name.trim().to_string(),
                kind: self.values.kind,
            }),
            Some(participant) if self.values.kind != self.was.kind => Some(PartyChange::Kind {
                participant,
                kind: self.values.kind,
            }),
            Some(_) => None,
        }
    }

    /// A key that edits; an edited request gets a new key when sent.
    fn edit(&mut self, key: FormKey) {
        let before = self.values.clone();
        let at = PERSON_FIELDS.iter().position(|f| *f == self.field).unwrap_or(0);
        match (key, self.field) {
            (FormKey::Next, _) => self.field = PERSON_FIELDS[(at + 1) % PERSON_FIELDS.len()],
            (FormKey::Left | FormKey::Right | FormKey::Char(' '), PersonField::Kind) => {
                self.values.kind = match self.values.kind {
                    ParticipantKind::Adult => ParticipantKind::Child,
                    ParticipantKind::Child => ParticipantKind::Adult,
                }
            }
            (FormKey::Char(c), f) if !c.is_control() => {
                if let Some(text) = self.values.text_mut(f) {
                    text.push(c);
                }
            }
            (FormKey::Backspace, f) => {
                if let Some(text) = self.values.text_mut(f) {
                    text.pop();
                }
            }
            _ => {}
        }
        if before != self.values {
            self.key = None;
            self.problem = None;
        }
    }
}

impl ContactForm {
    fn edit(&mut self, key: FormKey) {
        let before = self.values.clone();
        match key {
            FormKey::Next => self.field = (self.field + 1) % self.values.len(),
            FormKey::Char(c) if !c.is_control() => self.values[self.field].push(c),
            FormKey::Backspace => {
                self.values[self.field].pop();
            }
            _ => {}
        }
        if before != self.values {
            self.key = None;
        }
    }

    pub fn change(&self) -> ContactChange {
        let [name, phone, email] = &self.values;
        let [was_name, was_phone, was_email] = &self.was;
        ContactChange {
            name: changed(name, was_name),
            phone: changed(phone, was_phone),
            email: changed(email, was_email),
        }
    }
}

impl State {
    fn people(&self) -> &[Person] {
        self.card.as_ref().map_or(&[][..], |o| o.card.participants.as_slice())
    }

    /// `c`: the contact form, prefilled.
    pub(super) fn start_contact(&mut self) {
        let Some(o) = &self.card else { return };
        let was = [
            o.card.booking.contact_name.clone(),
            o.card.contact.phone.clone(),
            o.card.contact.email.clone(),
        ];
        self.form = Some(Form::Contact(ContactForm {
            values: was.clone(),
            was,
            field: 0,
            key: None,
            busy: false,
        }));
    }

    /// `a`: an empty person (an adult) to name.
    pub(super) fn start_add(&mut self) {
        self.form = Some(Form::Person(Box::new(PersonForm::new(None, PersonValues::default()))));
    }

    /// `e` or `d`: which person (asked only when there is a choice).
    pub(super) fn start_pick(&mut self, then: Pick, out: &mut Outbox) {
        match self.people().len() {
            0 => {}
            1 => self.picked(then, 0, out),
            _ => self.form = Some(Form::Pick(PickForm { then, selected: 0 })),
        }
    }

    fn picked(&mut self, then: Pick, i: usize, out: &mut Outbox) {
        let Some(p) = self.people().get(i).cloned() else {
            return;
        };
        let Some(number) = self.number().map(str::to_string) else {
            return;
        };
        match then {
            Pick::Edit => {
                self.form = Some(Form::Person(Box::new(PersonForm::new(
                    Some(p.id),
                    PersonValues::of(&p),
                ))))
            }
            Pick::Remove => {
                self.form = Some(Form::Remove(Box::new(RemoveForm {
                    participant: p.id,
                    name: p.name,
                    quote: None,
                    key: None,
                    busy: false,
                })));
                call(
                    out,
                    Call::ChangeQuote {
                        number,
                        change: PartyChange::Remove { participant: p.id },
                    },
                );
            }
        }
    }

    pub(super) fn pick_key(&mut self, key: FormKey, out: &mut Outbox) {
        let len = self.people().len();
        let Some(Form::Pick(f)) = &mut self.form else {
            return;
        };
        match key {
            FormKey::Left if len > 0 => f.selected = (f.selected + len - 1) % len,
            FormKey::Right | FormKey::Next if len > 0 => f.selected = (f.selected + 1) % len,
            // the number shown next to the person: one key
            FormKey::Char(c @ '1'..='9') => {
                let i = c as usize - '1' as usize;
                if i < len {
                    let then = f.then;
                    self.picked(then, i, out);
                }
            }
            FormKey::Submit => {
                let (then, i) = (f.then, f.selected);
                self.picked(then, i, out);
            }
            FormKey::Cancel | FormKey::No => self.form = None,
            _ => {}
        }
    }

    pub(super) fn contact_key(&mut self, ctx: &Ctx, key: FormKey, out: &mut Outbox) {
        let Some(number) = self.number().map(str::to_string) else {
            return;
        };
        let Some(Form::Contact(f)) = &mut self.form else {
            return;
        };
        if f.busy {
            return;
        }
        match key {
            FormKey::Cancel => self.form = None,
            FormKey::Submit => {
                let change = f.change();
                if change.name.is_none() && change.phone.is_none() && change.email.is_none() {
                    self.form = None;
                    return out.info(ctx.text.bookings.nothing_changed);
                }
                f.busy = true;
                let key = *f.key.get_or_insert_with(Uuid::now_v7);
                call(out, Call::ChangeContact { number, change, key });
            }
            k => f.edit(k),
        }
    }

    pub(super) fn person_key(&mut self, ctx: &Ctx, key: FormKey, out: &mut Outbox) {
        let t = &ctx.text.bookings;
        let Some(number) = self.number().map(str::to_string) else {
            return;
        };
        let Some(Form::Person(f)) = &mut self.form else {
            return;
        };
        if f.busy {
            return;
        }
        match key {
            // the server's price on screen: y makes the change, n goes back to the form
            FormKey::Yes if f.quote.is_some() => send_person(f, number, out),
            FormKey::No | FormKey::Cancel if f.quote.is_some() || f.quoting => {
                f.quote = None;
                f.quoting = false;
            }
            _ if f.quote.is_some() || f.quoting => {}
            FormKey::Cancel => self.form = None,
            FormKey::Submit => {
                if f.values.name.trim().is_empty() {
                    f.problem = Some(t.need_name);
                    f.field = PersonField::Name;
                    return;
                }
                match f.priced() {
                    Some(change) => {
                        f.quoting = true;
                        call(out, Call::ChangeQuote { number, change });
                    }
                    None if is_empty(&f.change()) => {
                        self.form = None;
                        out.info(t.nothing_changed);
                    }
                    None => send_person(f, number, out),
                }
            }
            k => f.edit(k),
        }
    }

    pub(super) fn remove_key(&mut self, key: FormKey, out: &mut Outbox) {
        let Some(number) = self.number().map(str::to_string) else {
            return;
        };
        let Some(Form::Remove(f)) = &mut self.form else {
            return;
        };
        if f.busy {
            return;
        }
        match key {
            FormKey::Yes if f.quote.is_some() => {
                f.busy = true;
                let key = *f.key.get_or_insert_with(Uuid::now_v7);
                call(
                    out,
                    Call::RemovePerson {
                        number,
                        participant: f.participant,
                        key,
                    },
                );
            }
            FormKey::Yes => {}
            _ => self.form = None,
        }
    }

    /// The server's price of a change, and the change's answer.
    pub(super) fn change_answered(&mut self, ctx: &Ctx, msg: Msg, out: &mut Outbox) {
        match msg {
            Msg::ChangeQuoted(change, r) => self.change_quoted(ctx, change, r, out),
            Msg::Changed(key, r) => self.changed(ctx, key, r, out),
            _ => {}
        }
    }

    fn change_quoted(
        &mut self,
        ctx: &Ctx,
        change: PartyChange,
        r: Result<BookingChanged, crate::tui::action::UiError>,
        out: &mut Outbox,
    ) {
        match &mut self.form {
            Some(Form::Person(f)) if f.quoting && f.priced().as_ref() == Some(&change) => {
                f.quoting = false;
                match r {
                    Ok(q) => f.quote = Some(q),
                    // SOLD_OUT, the last adult…: said, nothing changed, the form stays
                    Err(e) => out.failed(ctx, &e),
                }
            }
            Some(Form::Remove(f))
                if f.quote.is_none()
                    && change
                        == PartyChange::Remove {
                            participant: f.participant,
                        } =>
            {
                match r {
                    Ok(q) => f.quote = Some(q),
                    // ALREADY_CHECKED_IN, LAST_PERSON: said, nothing to ask
                    Err(e) => {
                        self.form = None;
                        out.failed(ctx, &e);
                    }
                }
            }
            _ => {} // a form closed or edited since: an old price
        }
    }

    fn changed(
        &mut self,
        ctx: &Ctx,
        key: Uuid,
        r: Result<BookingChanged, crate::tui::action::UiError>,
        out: &mut Outbox,
    ) {
        let t = &ctx.text.bookings;
        let mine = match &self.form {
            Some(Form::Contact(f)) => f.key == Some(key),
            Some(Form::Person(f)) => f.key == Some(key),
            Some(Form::Remove(f)) => f.key == Some(key),
            _ => false,
        };
        match r {
            Ok(c) => {
                let name = match &self.form {
                    Some(Form::Person(f)) if mine => f.values.name.trim().to_string(),
                    Some(Form::Remove(f)) if mine => f.name.clone(),
                    _ => String::new(),
                };
                if mine {
                    self.form = None;
                }
                let m = |minor| money(minor, &c.currency);
                out.success(match c.change {
                    BookingChangeKind::Contact => fill(t.contact_changed, &[&c.booking_number]),
                    BookingChangeKind::Pickup => fill(t.pickup_changed, &[&c.booking_number]),
                    BookingChangeKind::Participant => fill(t.person_changed, &[&name, &m(c.balance_minor)]),
                    BookingChangeKind::AddPerson => fill(t.added_notice, &[&name, &m(c.balance_minor)]),
                    BookingChangeKind::RemovePerson => fill(t.removed_notice, &[&name, &m(c.refund_minor)]),
                });
                self.reload(out);
            }
            Err(e) => {
                if mine {
                    // the key stays: the same change again is safe
                    match &mut self.form {
                        Some(Form::Contact(f)) => f.busy = false,
                        Some(Form::Person(f)) => f.busy = false,
                        Some(Form::Remove(f)) => f.busy = false,
                        _ => {}
                    }
                }
                out.failed(ctx, &e);
            }
        }
    }
}

fn is_empty(c: &ParticipantChange) -> bool {
    c.name.is_none()
        && c.medical_notes.is_none()
        && c.emergency_contact.is_none()
        && c.dietary.is_none()
        && c.equipment.is_none()
        && c.kind.is_none()
}

/// The change or the addition, with its key (kept from a failed try).
fn send_person(f: &mut PersonForm, number: String, out: &mut Outbox) {
    f.busy = true;
    let key = *f.key.get_or_insert_with(Uuid::now_v7);
    let v = &f.values;
    call(
        out,
        match f.participant {
            Some(participant) => Call::ChangeParticipant {
                number,
                participant,
                change: f.change(),
                key,
            },
            None => Call::AddPerson {
                number,
                person: ParticipantInput {
                    name: v.name.trim().to_string(),
                    kind: v.kind,
                    medical_notes: v.medical.trim().to_string(),
                    emergency_contact: v.emergency.trim().to_string(),
                    dietary: v.diet.trim().to_string(),
                    equipment: v.equipment.trim().to_string(),
                },
                key,
            },
        },
    );
}
