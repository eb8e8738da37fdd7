//! How actions change the meeting pane while a 1:1 is run: the timer, the agenda, notes,
//! the purpose picker and the landing.

use super::dialogs::{FormDialog, Intent, one_seller_choice, parse_minutes};
use super::form::{Field, Form};
use super::live::{self, LandingDraft, LiveMeeting, PurposePicker};
use super::{Cockpit, Notice, Overlay, Pane};
use crate::action::{Action, Effect};
use crate::domain::agenda::Purpose;
use crate::domain::phrase;
use crate::domain::{NewAction, OneOnOne};
use chrono::{DateTime, Utc};

impl Cockpit {
    /// Asks for a 1:1 to be opened in the meeting pane. One running there is paused first:
    /// a manager is in one meeting at a time.
    pub(super) fn open_live(&mut self, meeting: i64, now: DateTime<Utc>) -> Vec<Effect> {
        let mut effects = self.leave_live(Some(meeting), now);
        self.focus = Pane::Meeting;
        effects.push(Effect::OpenLive(meeting));
        effects
    }

    /// Pauses the 1:1 in the meeting pane unless it is `staying`.
    fn leave_live(&mut self, staying: Option<i64>, now: DateTime<Utc>) -> Vec<Effect> {
        match &mut self.live {
            Some(live) if Some(live.meeting_id()) != staying => live.pause(now),
            _ => Vec::new(),
        }
    }

    /// A 1:1 read from the store: opened fresh, or refreshed after a change.
    pub fn live_loaded(&mut self, one: OneOnOne) {
        match &mut self.live {
            Some(live) if live.meeting_id() == one.meeting.id => live.refresh(one),
            _ => {
                let live = LiveMeeting::new(one);
                if !live.landed() && live.one.purposes.is_empty() && live.items.is_empty() {
                    // Step one of a 1:1: pick its purpose.
                    self.overlays
                        .push(Overlay::Purpose(PurposePicker::new(live.meeting_id(), &[])));
                }
                self.open_meeting = None;
                self.focus = Pane::Meeting;
                // Running a meeting wants the whole screen; z shows the other panes again.
                self.zoomed = true;
                self.live = Some(live);
            }
        }
    }

    pub(super) fn update_meeting(&mut self, action: Action, now: DateTime<Utc>) -> Vec<Effect> {
        if action == Action::StartUnplanned {
            let (names, ids, _) = one_seller_choice(&self.sellers, None);
            if names.is_empty() {
                self.notice = Some(Notice::Info(
                    "No sellers yet: add them with `cadence seller add NAME`".into(),
                ));
                return Vec::new();
            }
            self.overlays.push(Overlay::Form(FormDialog {
                intent: Intent::PickSeller,
                form: Form::new(
                    "Start an unplanned 1:1 now",
                    vec![Field::choice("With", names, 0)],
                ),
                seller_ids: ids,
            }));
            return Vec::new();
        }
        let Some(live) = &mut self.live else {
            return Vec::new();
        };
        if live.landed() {
            if matches!(action, Action::Up | Action::Down) {
                return live.select(action == Action::Down);
            }
            self.notice = Some(Notice::Info(
                "This 1:1 has landed: `cadence meeting show` prints its recap".into(),
            ));
            return Vec::new();
        }
        match action {
            Action::ToggleTimer => live.toggle_timer(now),
            Action::NextItem => live.next_item(now),
            Action::PrevItem => live.prev_item(now),
            Action::Up => live.select(false),
            Action::Down => live.select(true),
            Action::EditNotes => {
                live.start_typing();
                Vec::new()
            }
            Action::Back => live.stop_typing(),
            Action::OpenEditor if live.typing => {
                // Saved first: the editor may take a while, and the process may not survive it.
                let mut effects = live.save_notes();
                effects.push(Effect::Edit(live.typed_text()));
                effects
            }
            Action::Edited(text) if live.typing => live.replace_text(&text),
            Action::Type(key) => {
                live.type_key(key);
                Vec::new()
            }
            Action::TogglePrivate => {
                let effects = live.save_notes();
                live.toggle_private();
                let which = if live.private_view {
                    "private: never in a recap"
                } else {
                    "shared"
                };
                self.notice = Some(Notice::Info(format!("Notes are now {which}")));
                effects
            }
            Action::ToggleDone => live.toggle_done(),
            Action::MoreTime => live.retime(true),
            Action::LessTime => live.retime(false),
            Action::MoveItemUp => live.move_item(false),
            Action::MoveItemDown => live.move_item(true),
            Action::PickPurpose => {
                let picker = PurposePicker::new(live.meeting_id(), &live.one.purposes);
                self.overlays.push(Overlay::Purpose(picker));
                Vec::new()
            }
            Action::AddItem => {
                let meeting = live.meeting_id();
                self.overlays.push(Overlay::Form(FormDialog {
                    intent: Intent::AgendaItem { meeting },
                    form: live::agenda_item_form(),
                    seller_ids: Vec::new(),
                }));
                Vec::new()
            }
            Action::RemoveItem => {
                let effects = live.save_notes();
                if let Some(item) = live.selected_item() {
                    self.overlays.push(Overlay::Confirm {
                        title: "Remove agenda item".into(),
                        question: format!(
                            "Remove '{}' and its notes from the agenda?",
                            item.item.title
                        ),
                        effect: Effect::RemoveAgendaItem(item.item.id),
                    });
                }
                effects
            }
            Action::EndMeeting => {
                let effects = live.stop_typing();
                let draft = live.landing.take().unwrap_or_default();
                self.overlays.push(Overlay::Landing(draft));
                effects
            }
            _ => Vec::new(),
        }
    }

    pub(super) fn update_purpose(
        &mut self,
        mut picker: PurposePicker,
        action: Action,
    ) -> Vec<Effect> {
        match action {
            Action::Back => return Vec::new(),
            Action::Up | Action::Down => {
                picker.cursor =
                    super::step_index(picker.cursor, Purpose::ALL.len(), action == Action::Down);
            }
            Action::Toggle => picker.toggle(),
            Action::Submit => {
                if picker.chosen.is_empty() {
                    picker.error = Some(
                        "Pick one purpose with Space: forecast, pipeline, deal or coaching.".into(),
                    );
                } else {
                    if picker.chosen.len() > 1 {
                        self.notice = Some(Notice::Info(
                            "More than one purpose: this 1:1 tries to do too much".into(),
                        ));
                    }
                    if let Some(live) = &mut self.live {
                        live.one.purposes = picker.chosen.clone();
                    }
                    return vec![Effect::SetPurposes {
                        meeting: picker.meeting,
                        purposes: picker.chosen,
                    }];
                }
            }
            _ => {}
        }
        self.overlays.push(Overlay::Purpose(picker));
        Vec::new()
    }

    pub(super) fn update_landing(
        &mut self,
        mut draft: LandingDraft,
        action: Action,
        now: DateTime<Utc>,
    ) -> Vec<Effect> {
        let seller = self
            .live
            .as_ref()
            .and_then(|l| l.one.meeting.seller.as_ref())
            .map(|s| s.name.clone())
            .unwrap_or_default();
        let before = draft.clone();
        match action {
            // Esc goes back to the meeting; the landing keeps what was entered for `e`.
            Action::Back => {
                if let Some(live) = &mut self.live {
                    draft.error = None;
                    live.landing = Some(draft);
                }
                return Vec::new();
            }
            Action::Up | Action::Down => {
                draft.selected =
                    super::step_index(draft.selected, draft.actions.len(), action == Action::Down);
            }
            Action::AddAction => {
                self.overlays.push(Overlay::Landing(draft));
                self.overlays.push(Overlay::Form(FormDialog {
                    intent: Intent::Action,
                    form: live::action_form(&seller),
                    seller_ids: Vec::new(),
                }));
                return Vec::new();
            }
            Action::RemoveAction if draft.selected < draft.actions.len() => {
                draft.actions.remove(draft.selected);
                draft.selected = draft.selected.min(draft.actions.len().saturating_sub(1));
            }
            Action::NoActions => {
                draft.no_actions = !draft.no_actions;
                draft.error = None;
            }
            Action::Rate(rating) => {
                draft.rating = Some(rating);
                draft.error = None;
            }
            Action::Comment => {
                let comment = draft.comment.clone();
                self.overlays.push(Overlay::Landing(draft));
                self.overlays.push(Overlay::Form(FormDialog {
                    intent: Intent::Comment,
                    form: Form::new(
                        "The seller's comment",
                        vec![Field::text(
                            "Comment",
                            &comment,
                            "optional: what would make it more useful",
                        )],
                    ),
                    seller_ids: Vec::new(),
                }));
                return Vec::new();
            }
            Action::Submit => match (draft.missing(), &mut self.live) {
                (Some(missing), _) => draft.error = Some(missing.into()),
                (None, Some(live)) => {
                    // The last stretch is booked to the item it ran on before the meeting closes.
                    let mut effects = live.pause(now);
                    let landing = draft.landing();
                    self.notice = Some(Notice::Info(format!(
                        "Landed: marked held after {}",
                        crate::domain::timer::minutes_text(
                            (live.elapsed(now).num_seconds() + 30) / 60
                        )
                    )));
                    effects.push(Effect::Land {
                        meeting: live.meeting_id(),
                        landing,
                        draft,
                        timer: live.one.timer,
                    });
                    return effects;
                }
                (None, None) => return Vec::new(),
            },
            _ => {}
        }
        let effects = self.landing_changed(&before, &draft);
        self.overlays.push(Overlay::Landing(draft));
        effects
    }

    /// The landing as stored after another cockpit landing the same 1:1 had stored its own:
    /// what both entered, shown where this landing is being filled in.
    pub fn landing_merged(&mut self, meeting: i64, kept: LandingDraft) {
        let Some(live) = self.live.as_mut().filter(|l| l.meeting_id() == meeting) else {
            return;
        };
        let open = self.overlays.iter_mut().rev().find_map(|o| match o {
            Overlay::Landing(draft) => Some(draft),
            _ => None,
        });
        match open {
            Some(draft) => *draft = kept,
            None => live.landing = Some(kept),
        }
        self.notice = Some(Notice::Info(
            "This landing was also filled in another cockpit: what both entered is kept".into(),
        ));
    }

    /// Stores the landing as entered whenever what was entered changes.
    fn landing_changed(&self, before: &LandingDraft, after: &LandingDraft) -> Vec<Effect> {
        let entered =
            |d: &LandingDraft| (d.actions.clone(), d.no_actions, d.rating, d.comment.clone());
        match &self.live {
            // Each change is stored as it is made: the landing before it is what was stored.
            Some(live) if entered(before) != entered(after) => vec![Effect::SaveLandingDraft {
                meeting: live.meeting_id(),
                base: before.clone(),
                draft: after.clone(),
            }],
            _ => Vec::new(),
        }
    }

    /// Changes the landing under the form just submitted, and stores it.
    fn edit_landing(&mut self, change: impl FnOnce(&mut LandingDraft)) -> Vec<Effect> {
        let Some(Overlay::Landing(draft)) = self.overlays.last_mut() else {
            return Vec::new();
        };
        let before = draft.clone();
        change(draft);
        let after = draft.clone();
        self.landing_changed(&before, &after)
    }

    /// A submitted form that belongs to the meeting pane. The form stays open on bad input.
    pub(super) fn submit_meeting_form(
        &mut self,
        mut dialog: FormDialog,
        now: DateTime<Utc>,
    ) -> Vec<Effect> {
        let zone = self.settings.zone;
        let form = &mut dialog.form;
        match dialog.intent {
            Intent::AgendaItem { meeting } => {
                let title = form.text(0);
                if title.is_empty() {
                    form.reject(0, "An agenda item needs a title.");
                } else if form.fits(0, crate::domain::limits::AGENDA_TITLE) {
                    match parse_minutes(&form.text(1), 5) {
                        Ok(minutes) => {
                            return vec![Effect::AddAgendaItem {
                                meeting,
                                title,
                                minutes,
                                owner: live::owner_from_choice(form.choice(2)),
                            }];
                        }
                        Err(e) => form.reject(1, e),
                    }
                }
            }
            Intent::Action => {
                let title = form.text(0);
                if title.is_empty() {
                    form.reject(0, "An action item needs a title: what will be done?");
                } else if form.fits(0, crate::domain::limits::ACTION_TITLE) {
                    match phrase::parse_due(&form.text(2), now.with_timezone(&zone)) {
                        Ok(due_on) => {
                            let owner = live::owner_from_choice(form.choice(1));
                            return self.edit_landing(|draft| {
                                let action = NewAction {
                                    title,
                                    owner,
                                    due_on,
                                };
                                // One agreed already (here or in another cockpit) is not
                                // added twice: it is selected.
                                draft.selected =
                                    match draft.actions.iter().position(|a| *a == action) {
                                        Some(at) => at,
                                        None => {
                                            draft.actions.push(action);
                                            draft.actions.len() - 1
                                        }
                                    };
                                draft.no_actions = false;
                                draft.error = None;
                            });
                        }
                        Err(e) => form.reject(2, e.to_string()),
                    }
                }
            }
            Intent::Comment => {
                let comment = form.text(0);
                return self.edit_landing(|draft| draft.comment = comment);
            }
            Intent::PickSeller => {
                if let Some(Some(seller)) = dialog.seller_ids.get(form.choice(0)) {
                    let seller = *seller;
                    let mut effects = self.leave_live(None, now);
                    self.focus = Pane::Meeting;
                    effects.push(Effect::StartUnplanned(seller));
                    return effects;
                }
                return Vec::new();
            }
            _ => {}
        }
        self.overlays.push(Overlay::Form(dialog));
        Vec::new()
    }
}
