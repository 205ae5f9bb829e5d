//! The manager's schedule screen, a screen of the Departures pane (`s`):
//! the rules (booking::schedules) with how many departures each has ahead;
//! a new rule from a form, then the preview of the departures it would
//! make, then Enter makes them; an edit (the same form, prefilled) and a
//! skipped date, each with what the server did — sold departures are
//! listed, never changed.
//!
//! A preview needs a rule on the server (`api.schedule_preview` takes its
//! id), so a new rule is saved first and previewed after; Esc on the
//! preview keeps the rule without departures (`p` makes them later).
//! Every write carries a client key made on the first Enter of that intent
//! and kept for its retries.
//!
//! The preview looks `horizon` days ahead (90 at first, as the CLI's
//! default); ←/→ on it step through a few horizons up to the server's
//! longest, and the screen keeps the last one for the next preview, so a
//! manager planning a season sets it once. An answer for another horizon
//! than the one shown is dropped.

pub mod check;
pub mod form;
pub mod io;
pub mod update;
pub mod view;

#[cfg(test)]
mod tests;

use super::Nav;
use crate::booking::{
    DateAdded, DateSkipped, NewSchedule, PreviewSlot, Schedule, ScheduleAdded, ScheduleApplied, ScheduleEdit,
    ScheduleEdited,
};
use crate::domain::ScheduleId;
use crate::tui::action::UiError;
use form::{Crew, RuleForm, SkipForm};
use std::collections::BTreeMap;
use uuid::Uuid;

/// What a new rule of a tour starts from: its latest listed departure's
/// seats, prices and meeting point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Like {
    pub capacity: i32,
    pub adult_price_minor: i64,
    pub child_price_minor: i64,
    pub meeting_point: String,
}

/// A box over the rules.
#[derive(Debug, Clone)]
pub enum Modal {
    Form(RuleForm),
    /// what applying the rule would do; `slots` arrive from the server
    Preview(Preview),
    Skip(SkipForm),
    /// what an edit would do, before it is sent
    Check(Box<EditCheck>),
    /// what an edit or a skip did
    Result(Outcome),
}

/// An edit being checked: the server's dry run of it (what it would update,
/// cancel and keep, and the rule's resources its capacity outgrows), shown
/// before Enter sends it, as a new rule's starts are shown before they are
/// made. Esc goes back to the form, as it was.
#[derive(Debug, Clone)]
pub struct EditCheck {
    /// the form the edit came from; its key is the edit's
    pub form: RuleForm,
    pub rule: ScheduleId,
    pub edit: ScheduleEdit,
    pub tour: String,
    pub zone: String,
    /// this check's id, carried by its answer
    pub check: Uuid,
    /// the server's answer (none while it works it out)
    pub would: Option<ScheduleEdited>,
    pub scroll: usize,
    /// the edit has been sent
    pub sending: bool,
}

#[derive(Debug, Clone)]
pub struct Preview {
    pub rule: ScheduleId,
    pub tour: String,
    /// the rule's zone, for shifted starts
    pub zone: String,
    pub horizon: u32,
    pub slots: Option<Vec<PreviewSlot>>,
    /// the first start shown (↑/↓, PgUp/PgDn)
    pub scroll: usize,
    /// the rule's seats, to flag a resource with fewer (none: not known)
    pub capacity: Option<i32>,
    pub applying: bool,
    /// the apply's key, kept for its retries
    pub key: Option<Uuid>,
}

#[derive(Debug, Clone)]
pub enum Outcome {
    Edited {
        tour: String,
        zone: String,
        result: ScheduleEdited,
        scroll: usize,
    },
    Skipped {
        tour: String,
        zone: String,
        result: DateSkipped,
        scroll: usize,
    },
}

/// The horizons ←/→ step through on a preview, in days (the last the
/// server's longest, `booking::schedules::MAX_HORIZON_DAYS`).
pub const HORIZONS: [u32; 7] = [14, 30, 60, 90, 180, 365, 731];

#[derive(Debug, Default)]
pub struct Screen {
    /// newest first, as the server lists them
    pub rules: Vec<Schedule>,
    pub selected: usize,
    pub loading: bool,
    pub loaded: bool,
    pub modal: Option<Modal>,
    /// names of existing tours, for the form
    pub tours: Vec<String>,
    /// per tour, what a new rule copies
    pub likes: BTreeMap<String, Like>,
    /// the guides and resources the form picks from
    pub crew: Crew,
    /// days a preview looks ahead
    pub horizon: u32,
}

#[derive(Debug, Clone)]
pub enum Msg {
    Nav(Nav),
    Enter,
    Esc,
    New,
    Edit,
    Skip,
    /// add a date to the selected rule
    AddDate,
    /// a longer (1) or shorter (-1) preview horizon
    Horizon(i32),
    /// preview the selected rule, then apply
    Preview,
    Reload,
    Char(char),
    Backspace,
    NextField,
    PrevField,
    PickTour(i32),
    Listed(Result<Vec<Schedule>, UiError>),
    Tours(Result<Vec<String>, UiError>),
    Crew(Result<Crew, UiError>),
    Added(Result<ScheduleAdded, UiError>),
    /// the rule, the horizon asked and the starts
    Previewed(ScheduleId, u32, Result<Vec<PreviewSlot>, UiError>),
    Applied(ScheduleId, Result<ScheduleApplied, UiError>),
    /// what an edit would do (its dry run)
    EditChecked(Uuid, Result<ScheduleEdited, UiError>),
    Edited(ScheduleId, Result<ScheduleEdited, UiError>),
    Skipped(ScheduleId, Result<DateSkipped, UiError>),
    DateAdded(ScheduleId, Result<DateAdded, UiError>),
}

#[derive(Debug, Clone)]
pub enum Call {
    List,
    Tours,
    Crew,
    Add(Box<NewSchedule>, Uuid),
    Preview(ScheduleId, u32),
    Apply(ScheduleId, u32, Uuid),
    CheckEdit(ScheduleId, Box<ScheduleEdit>, Uuid),
    Edit(ScheduleId, Box<ScheduleEdit>, Uuid),
    Skip(ScheduleId, chrono::NaiveDate, Uuid),
    AddDate(ScheduleId, chrono::NaiveDate, Uuid),
}

impl Screen {
    pub fn new(likes: BTreeMap<String, Like>) -> Screen {
        Screen {
            likes,
            horizon: crate::booking::DEFAULT_SCHEDULE_HORIZON_DAYS,
            ..Screen::default()
        }
    }

    pub fn selected_rule(&self) -> Option<&Schedule> {
        self.rules.get(self.selected)
    }

    pub fn rule(&self, id: ScheduleId) -> Option<&Schedule> {
        self.rules.iter().find(|r| r.schedule_id == id)
    }

    /// A text field has the keys (digits and `q` type).
    pub fn typing(&self) -> bool {
        matches!(self.modal, Some(Modal::Form(_) | Modal::Skip(_)))
    }
}
