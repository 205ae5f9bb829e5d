//! An edit of a rule is checked before it is sent: Enter on the edit form
//! asks the server what the edit would do (`api.schedule_edit_check`, the
//! edit itself undone: the same checks, the same answer), the box shows it
//! — the unsold departures it would update or cancel, the sold ones it
//! leaves and lists, the assignments it could not make and the resources
//! with fewer seats than the rule — and Enter there sends the edit, under
//! the form's key. Esc goes back to the form as it was.

use super::form::RuleForm;
use super::update::call;
use super::{Call, EditCheck, Modal, Screen};
use crate::booking::{ScheduleEdit, ScheduleEdited};
use crate::domain::ScheduleId;
use crate::tui::action::UiError;
use crate::tui::panes::{Ctx, Outbox};
use uuid::Uuid;

impl Screen {
    /// The form built an edit: its dry run is asked, the box waits for it.
    pub(super) fn check_edit(&mut self, form: RuleForm, rule: ScheduleId, edit: ScheduleEdit, out: &mut Outbox) {
        let (tour, zone) = self.names(rule);
        // a fresh id per check: an answer for an earlier check is dropped
        let check = Uuid::now_v7();
        call(out, Call::CheckEdit(rule, Box::new(edit.clone()), check));
        self.modal = Some(Modal::Check(Box::new(EditCheck {
            form,
            rule,
            edit,
            tour,
            zone,
            check,
            would: None,
            scroll: 0,
            sending: false,
        })));
    }

    /// The dry run's answer: shown; refused, the form comes back with the
    /// server's reason (a capacity out of range, a guide who has left …).
    pub(super) fn edit_checked(
        &mut self,
        ctx: &Ctx,
        check: Uuid,
        r: Result<ScheduleEdited, UiError>,
        out: &mut Outbox,
    ) {
        let Some(Modal::Check(c)) = &mut self.modal else {
            return;
        };
        if c.check != check || c.would.is_some() {
            return;
        }
        match r {
            Ok(would) => c.would = Some(would),
            Err(e) => {
                self.back_to_form();
                out.failed(ctx, &e);
            }
        }
    }

    /// Enter on the checked edit: sent under the form's key (a retry after
    /// a lost answer reuses it, so the edit is made once).
    pub(super) fn send_edit(&mut self, out: &mut Outbox) {
        let Some(Modal::Check(c)) = &mut self.modal else {
            return;
        };
        if c.would.is_none() || c.sending {
            return;
        }
        c.sending = true;
        let key = *c.form.key.get_or_insert_with(Uuid::now_v7);
        call(out, Call::Edit(c.rule, Box::new(c.edit.clone()), key));
    }

    /// Esc on the check (not while the edit is being sent): the form again.
    pub(super) fn back_to_form(&mut self) {
        match self.modal.take() {
            Some(Modal::Check(c)) if c.sending => self.modal = Some(Modal::Check(c)),
            Some(Modal::Check(c)) => {
                let mut form = c.form;
                form.busy = false;
                self.modal = Some(Modal::Form(form));
            }
            other => self.modal = other,
        }
    }
}
