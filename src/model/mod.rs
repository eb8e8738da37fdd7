//! The cockpit's state and how actions change it. `Cockpit::update` is pure: it takes an
//! action and the current instant, changes state, and returns the effects the loop must
//! perform (loads and saves). No database and no clock in here. The terminal's types still
//! appear (a `Rect` for layout maths, key events and the text area for typing) until they
//! move to the edge; nothing here draws or reads the terminal.

pub mod actions;
pub mod cadence;
pub mod calendar;
pub mod cut;
pub mod dialogs;
pub mod form;
pub mod layout;
pub mod live;
mod meeting_pane;
pub mod review;
pub mod scoring;

use crate::action::{Action, Effect, Target};
use crate::config::Settings;
use crate::domain::Week;
use crate::domain::{Meeting, Rule, SellerRef};
use cadence::CadenceBuilder;
use calendar::{Calendar, CalendarMeeting};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use dialogs::{FormDialog, Intent};
use ratatui::layout::Rect;

pub use crate::action::Pane;
pub use crate::domain::autosave::SaveState;

/// Dialogs stacked over the panes; the top one gets the keys.
#[derive(Debug)]
pub enum Overlay {
    Help,
    Form(FormDialog),
    Cadence(CadenceBuilder),
    /// A yes/no question; yes performs `effect`.
    Confirm {
        title: String,
        question: String,
        effect: Effect,
    },
    Purpose(live::PurposePicker),
    Landing(live::LandingDraft),
    Review(review::ReviewWalk),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    Info(String),
    Error(String),
}

#[derive(Debug)]
pub struct Cockpit {
    pub settings: Settings,
    /// The database path as shown in the status bar.
    pub db_label: String,
    pub today: NaiveDate,
    /// The terminal's size; the rows read for the long lists follow it.
    pub screen: Rect,
    pub focus: Pane,
    pub zoomed: bool,
    pub overlays: Vec<Overlay>,
    pub notice: Option<Notice>,
    pub calendar: Calendar,
    /// A meeting other than a 1:1 handed to the meeting pane with Enter: shown, not run.
    pub open_meeting: Option<CalendarMeeting>,
    /// The 1:1 being run in the meeting pane.
    pub live: Option<live::LiveMeeting>,
    pub sellers: Vec<SellerRef>,
    pub rules: Vec<Rule>,
    pub actions: actions::ActionsView,
    /// The call being scored in the scorecard pane.
    pub scoring: Option<scoring::ScoringView>,
    /// The team's progress, shown in the scorecard pane between calls.
    pub progress: scoring::ProgressView,
    /// The newest version of each rubric, to score with.
    pub rubrics: Vec<crate::domain::rubric::Rubric>,
    /// When typed text is next due to be written.
    pub autosave: crate::domain::autosave::Autosave,
    /// Whether typed text is in the database, as the writer last reported.
    pub save_state: SaveState,
    /// Why nothing more is written to the database (it was found damaged), shown in red
    /// for the rest of the session.
    pub writing_stopped: Option<String>,
    pub quit: bool,
}

impl Cockpit {
    /// A cockpit showing this week; the returned effects load it.
    pub fn new(settings: Settings, db_label: String, now: DateTime<Utc>) -> (Cockpit, Vec<Effect>) {
        let today = now.with_timezone(&settings.zone).date_naive();
        let week = Week::containing(today, settings.week_start);
        let mut cockpit = Cockpit {
            settings,
            db_label,
            today,
            screen: layout::ASSUMED,
            focus: Pane::Week,
            zoomed: false,
            overlays: Vec::new(),
            notice: None,
            calendar: Calendar::new(week, today),
            open_meeting: None,
            live: None,
            sellers: Vec::new(),
            rules: Vec::new(),
            actions: actions::ActionsView::default(),
            scoring: None,
            progress: scoring::ProgressView::default(),
            rubrics: Vec::new(),
            autosave: Default::default(),
            save_state: SaveState::Nothing,
            writing_stopped: None,
            quit: false,
        };
        // Everything is read next, for the screen assumed until the terminal gives its own.
        cockpit.fit_to_screen();
        (
            cockpit,
            vec![
                Effect::LoadWeek(week),
                Effect::LoadActions,
                Effect::LoadProgress,
            ],
        )
    }

    /// The scope the next key is resolved in.
    pub fn key_scope(&self) -> crate::keymap::Scope {
        use crate::keymap::Scope;
        match self.overlays.last() {
            None if self.focus == Pane::Meeting && self.live.as_ref().is_some_and(|l| l.typing) => {
                Scope::Notes
            }
            None if self.focus == Pane::Actions && self.actions.searching() => Scope::Search,
            None if self.focus == Pane::Scorecard => match &self.scoring {
                Some(view) if view.typing() => Scope::Evidence,
                Some(_) => Scope::Scoring,
                None => Scope::Pane(Pane::Scorecard),
            },
            None => Scope::Pane(self.focus),
            Some(Overlay::Help) => Scope::Help,
            Some(Overlay::Form(_)) => Scope::Form,
            Some(Overlay::Cadence(_)) => Scope::Cadence,
            Some(Overlay::Confirm { .. }) => Scope::Confirm,
            Some(Overlay::Purpose(_)) => Scope::Purpose,
            Some(Overlay::Landing(_)) => Scope::Landing,
            Some(Overlay::Review(_)) => Scope::Review,
        }
    }

    pub fn week_loaded(&mut self, week: Week, meetings: Vec<Meeting>) {
        self.calendar
            .loaded(week, meetings, self.settings.zone, self.today);
        // Keep the meeting pane in step with what the store now says about its meeting.
        if let Some(open) = &self.open_meeting
            && let Some(fresh) = self
                .calendar
                .meetings
                .iter()
                .find(|m| m.meeting.id == open.meeting.id)
        {
            self.open_meeting = Some(fresh.clone());
        }
    }

    pub fn reference_data_loaded(&mut self, sellers: Vec<SellerRef>, rules: Vec<Rule>) {
        self.sellers_loaded(sellers);
        self.rules_loaded(rules);
    }

    /// The team: the chosen seller stays within it, and their row in view.
    pub fn sellers_loaded(&mut self, sellers: Vec<SellerRef>) {
        self.sellers = sellers;
        let p = &mut self.progress;
        p.seller = p.seller.min(self.sellers.len().saturating_sub(1));
        p.keep_in_view(self.sellers.len());
    }

    /// Whether the cadence builder, the one view of the rules, is open.
    pub fn shows_rules(&self) -> bool {
        self.overlays
            .iter()
            .any(|o| matches!(o, Overlay::Cadence(_)))
    }

    pub fn rules_loaded(&mut self, rules: Vec<Rule>) {
        self.rules = rules;
        let count = self.rules.len();
        for overlay in &mut self.overlays {
            if let Overlay::Cadence(builder) = overlay {
                builder.clamp(count);
            }
        }
    }

    pub fn show_error(&mut self, message: String) {
        self.notice = Some(Notice::Error(message));
    }

    pub fn update(&mut self, action: Action, now: DateTime<Utc>) -> Vec<Effect> {
        if action == Action::Tick {
            return self.tick(now);
        }
        if let Action::Resized { width, height } = action {
            self.screen = Rect::new(0, 0, width, height);
            return self.fit_to_screen();
        }
        let zoomed = self.zoomed;
        let mut effects = self.update_action(action, now);
        if self.zoomed != zoomed {
            effects.extend(self.fit_to_screen());
        }
        effects
    }

    /// Whether `pane` is on the screen as it is: all four panes, or the one focused when
    /// one is zoomed or the screen is small; none on a screen too small to draw in.
    pub fn shows(&self, pane: Pane) -> bool {
        layout::screen(self.screen, self.zoomed, self.focus)
            .is_some_and(|s| s.panes.iter().any(|(p, _)| *p == pane))
    }

    /// How many rows the panes can show on the screen as it is: the action list and the
    /// team's heatmap read that many, and read again when it changes.
    pub fn fit_to_screen(&mut self) -> Vec<Effect> {
        let rows = |pane, not_rows: u16| {
            let inner = layout::inner_height(self.screen, self.zoomed, pane);
            usize::from(inner.saturating_sub(not_rows).max(1))
        };
        self.actions.rows = rows(Pane::Actions, actions::NOT_ROWS);
        let team = self.sellers.len();
        let shown = self.progress.shown(team);
        self.progress.rows = rows(Pane::Scorecard, scoring::NOT_ROWS);
        self.progress.keep_in_view(team);
        let mut effects = self.read_around_selection();
        if self.progress.shown(team) != shown {
            effects.push(Effect::LoadProgress);
        }
        effects
    }

    /// Every action but the tick and a resize: keys, clicks and what the editor gives back.
    fn update_action(&mut self, action: Action, now: DateTime<Utc>) -> Vec<Effect> {
        if !matches!(action, Action::Type(_)) {
            self.notice = None;
        } else if self.overlays.is_empty() && self.typing_text() {
            self.autosave.typed(now);
        }
        // Quit and suspend work from anywhere, dialogs included.
        match action {
            Action::Quit => return self.quit_now(),
            Action::Suspend => {
                let mut effects = self.save_typing();
                effects.push(Effect::Suspend);
                return effects;
            }
            Action::Rescue => {
                let mut effects = self.save_typing();
                effects.push(Effect::Rescue);
                return effects;
            }
            // The mouse works on the panes; a dialog is answered with the keyboard.
            Action::Click(_) | Action::Scroll { .. } if !self.overlays.is_empty() => {
                return Vec::new();
            }
            Action::Click(target) => return self.click(target),
            Action::Scroll { pane, down } => {
                let mut effects = self.leave_typing();
                self.focus = pane;
                let step = if down { Action::Down } else { Action::Up };
                effects.extend(self.update_panes(step, now));
                return effects;
            }
            _ => {}
        }
        match self.overlays.pop() {
            None => self.update_panes(action, now),
            Some(overlay) => self.update_overlay(overlay, action, now),
        }
    }

    /// Quits: notes being typed are saved first. The timer keeps running in the store,
    /// since the meeting goes on while cadence is closed.
    fn quit_now(&mut self) -> Vec<Effect> {
        self.quit = true;
        self.save_typing()
    }

    /// A click: focuses the pane it landed in and selects the row under it. Typing stops
    /// first (and what was typed is saved), as it would with Esc.
    fn click(&mut self, target: Target) -> Vec<Effect> {
        let effects = self.leave_typing();
        match target {
            Target::Pane(pane) => self.focus = pane,
            Target::Meeting { day, row } => {
                self.focus = Pane::Week;
                self.calendar.select(day, row);
            }
            Target::ActionItem(index) => {
                self.focus = Pane::Actions;
                let count = self.actions.list.total;
                self.actions.selected = index.min(count.saturating_sub(1));
                return [effects, self.read_around_selection()].concat();
            }
            Target::AgendaItem(index) => {
                self.focus = Pane::Meeting;
                if let Some(live) = &mut self.live {
                    live.selected = index.min(live.items.len().saturating_sub(1));
                }
            }
        }
        effects
    }

    /// Stops typing notes or evidence, saving what was typed.
    fn leave_typing(&mut self) -> Vec<Effect> {
        let mut effects = match &mut self.live {
            Some(live) if live.typing => live.stop_typing(),
            _ => Vec::new(),
        };
        if let Some(view) = &mut self.scoring
            && view.typing()
        {
            effects.extend(view.stop_typing());
        }
        effects
    }

    /// Writes what was typed now: leaving the text, pausing, quitting, suspending, the
    /// editor, or the autosave falling due.
    fn save_typing(&mut self) -> Vec<Effect> {
        self.autosave.saved();
        let mut effects = match &mut self.live {
            Some(live) => live.save_notes(),
            None => Vec::new(),
        };
        effects.extend(self.save_evidence());
        effects
    }

    /// Whether keys now go into 1:1 notes or scorecard evidence.
    fn typing_text(&self) -> bool {
        match self.focus {
            Pane::Meeting => self.live.as_ref().is_some_and(|l| l.typing),
            Pane::Scorecard => self.scoring.as_ref().is_some_and(|s| s.typing()),
            _ => false,
        }
    }

    /// The text typed and not yet handed over for saving, as the saves would write it: for
    /// the panic hook and the rescue file. Nothing is counted saved.
    pub fn unsaved_text(&self) -> Vec<Effect> {
        let notes = self.live.as_ref().and_then(|l| l.unsaved_notes());
        let evidence = self.scoring.as_ref().and_then(|s| s.unsaved_evidence());
        notes.into_iter().chain(evidence).collect()
    }

    /// Another cockpit wrote the same notes: both texts are kept, and shown.
    pub fn notes_merged(&mut self, item: i64, shared: &str, private: &str) {
        if let Some(live) = &mut self.live {
            live.notes_merged(item, shared, private);
        }
        self.notice = Some(Notice::Info(
            "These notes were also changed in another cockpit: both texts are kept".into(),
        ));
    }

    fn tick(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        // Typed text is written once typing pauses, and every two seconds while it goes on.
        let mut effects = if self.autosave.is_due(now) {
            self.save_typing()
        } else {
            Vec::new()
        };
        let today = now.with_timezone(&self.settings.zone).date_naive();
        if today != self.today {
            // A new day: yesterday's planned meetings are now missed, and a calendar that
            // showed this week moves on with it.
            let this_week = Week::containing(self.today, self.settings.week_start);
            self.today = today;
            if self.calendar.week == this_week {
                self.calendar
                    .show(Week::containing(today, self.settings.week_start));
                self.calendar.select_day(today);
            }
            effects.push(Effect::LoadWeek(self.calendar.week));
            // What is overdue or due this week, and who was observed lately, moved too.
            effects.push(Effect::LoadActions);
            effects.push(Effect::LoadProgress);
        }
        effects
    }

    fn update_panes(&mut self, action: Action, now: DateTime<Utc>) -> Vec<Effect> {
        match action {
            Action::FocusNext => {
                self.focus = self.focus.step(true);
                Vec::new()
            }
            Action::FocusPrev => {
                self.focus = self.focus.step(false);
                Vec::new()
            }
            Action::Focus(pane) => {
                self.focus = pane;
                Vec::new()
            }
            Action::ToggleZoom => {
                self.zoomed = !self.zoomed;
                Vec::new()
            }
            Action::ToggleHelp => {
                self.overlays.push(Overlay::Help);
                Vec::new()
            }
            Action::OpenReview => self.open_review(),
            _ if self.focus == Pane::Week => self.update_week(action, now),
            _ if self.focus == Pane::Meeting => self.update_meeting(action, now),
            _ if self.focus == Pane::Actions => self.update_actions(action),
            _ if self.focus == Pane::Scorecard => self.update_scorecard(action, now),
            _ => Vec::new(),
        }
    }

    fn update_week(&mut self, action: Action, now: DateTime<Utc>) -> Vec<Effect> {
        let cal = &mut self.calendar;
        match action {
            Action::Left => cal.move_day(false),
            Action::Right => cal.move_day(true),
            Action::Up => cal.move_row(false),
            Action::Down => cal.move_row(true),
            Action::PrevWeek => return self.show_week(self.calendar.week.prev()),
            Action::NextWeek => return self.show_week(self.calendar.week.next()),
            Action::ThisWeek => {
                let week = Week::containing(self.today, self.settings.week_start);
                let effects = self.show_week(week);
                self.calendar.select_day(self.today);
                return effects;
            }
            Action::OpenMeeting => {
                let one_on_one = self.calendar.selected().filter(|m| {
                    m.meeting.kind == crate::domain::Kind::OneOnOne && m.meeting.seller.is_some()
                });
                if let Some(m) = one_on_one {
                    let meeting = m.meeting.id;
                    if matches!(
                        m.status,
                        crate::domain::Status::Canceled | crate::domain::Status::Rescheduled
                    ) {
                        self.notice = Some(Notice::Info(format!(
                            "This 1:1 was {}: mark it planned with d to run it, or open its new slot",
                            m.status.key()
                        )));
                        return Vec::new();
                    }
                    return self.open_live(meeting, now);
                }
                let joint_call = self
                    .calendar
                    .selected()
                    .filter(|m| scoring::scorable(&m.meeting));
                if let Some(m) = joint_call {
                    let meeting = m.meeting.clone();
                    return self.score_call(&meeting);
                }
                if let Some(m) = self.selected_or_explain() {
                    self.notice = Some(Notice::Info(format!(
                        "Opened {} in the meeting pane",
                        describe(&m, &self.settings)
                    )));
                    self.open_meeting = Some(m);
                    self.focus = Pane::Meeting;
                }
            }
            Action::NewMeeting => {
                let when = format!("{} 10:00", self.suggested_day().format("%Y-%m-%d"));
                self.overlays
                    .push(Overlay::Form(dialogs::new_meeting(&self.sellers, &when)));
            }
            Action::CancelMeeting => {
                if let Some(m) = self.movable_selection("cancel") {
                    self.overlays.push(Overlay::Form(dialogs::cancel(
                        m.meeting.id,
                        &describe(&m, &self.settings),
                    )));
                }
            }
            Action::RescheduleMeeting => {
                if let Some(m) = self.movable_selection("reschedule") {
                    self.overlays.push(Overlay::Form(dialogs::reschedule(
                        m.meeting.id,
                        &describe(&m, &self.settings),
                    )));
                }
            }
            Action::ToggleHeld => {
                if let Some(m) = self.movable_selection("mark") {
                    if m.status == crate::domain::Status::Canceled {
                        let reason = m.meeting.cancel_reason.unwrap_or_default();
                        self.notice = Some(Notice::Info(format!(
                            "Canceled ({reason}): the cancellation stays on record. To meet after all, reschedule it with r"
                        )));
                    } else if m.meeting.starts_at > now {
                        self.notice = Some(Notice::Info(
                            "This meeting has not started yet: mark it held once it has".into(),
                        ));
                    } else {
                        let held = m.status != crate::domain::Status::Held;
                        return vec![Effect::SetHeld {
                            meeting: m.meeting.id,
                            held,
                        }];
                    }
                }
            }
            Action::OpenCadence => {
                self.overlays
                    .push(Overlay::Cadence(CadenceBuilder::default()));
                return vec![Effect::LoadRules];
            }
            _ => {}
        }
        Vec::new()
    }

    fn show_week(&mut self, week: Week) -> Vec<Effect> {
        self.calendar.show(week);
        vec![Effect::LoadWeek(week)]
    }

    /// A day for a new meeting: the selected day if it is ahead, else the next working day.
    fn suggested_day(&self) -> NaiveDate {
        let day = self.calendar.week.first_day() + chrono::Days::new(self.calendar.day as u64);
        if day > self.today {
            return day;
        }
        let mut next = self.today + chrono::Days::new(1);
        while matches!(next.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun) {
            next = next + chrono::Days::new(1);
        }
        next
    }

    fn selected_or_explain(&mut self) -> Option<CalendarMeeting> {
        let selected = self.calendar.selected().cloned();
        if selected.is_none() {
            self.notice = Some(Notice::Info(
                "No meeting selected on this day: move with the arrows or hjkl".into(),
            ));
        }
        selected
    }

    /// The selection, unless it is the old slot of a rescheduled meeting (which only points
    /// at the new one).
    fn movable_selection(&mut self, verb: &str) -> Option<CalendarMeeting> {
        let m = self.selected_or_explain()?;
        if m.status == crate::domain::Status::Rescheduled {
            self.notice = Some(Notice::Info(format!(
                "This slot was moved; {verb} the meeting at its new time instead"
            )));
            return None;
        }
        Some(m)
    }

    fn update_overlay(
        &mut self,
        overlay: Overlay,
        action: Action,
        now: DateTime<Utc>,
    ) -> Vec<Effect> {
        // Every branch either puts the overlay back or leaves it closed.
        match overlay {
            Overlay::Help => {
                if !matches!(action, Action::Back | Action::ToggleHelp) {
                    self.overlays.push(Overlay::Help);
                }
                Vec::new()
            }
            Overlay::Confirm {
                title,
                question,
                effect,
            } => match action {
                Action::Confirm => {
                    let mut effects = match (&effect, &mut self.live) {
                        (Effect::RemoveAgendaItem(item), Some(live)) => {
                            live.before_removing(*item, now)
                        }
                        _ => Vec::new(),
                    };
                    effects.push(effect);
                    effects
                }
                Action::Back => Vec::new(),
                _ => {
                    self.overlays.push(Overlay::Confirm {
                        title,
                        question,
                        effect,
                    });
                    Vec::new()
                }
            },
            Overlay::Purpose(picker) => self.update_purpose(picker, action),
            Overlay::Landing(draft) => self.update_landing(draft, action, now),
            Overlay::Review(walk) => self.update_review(walk, action),
            Overlay::Cadence(builder) => self.update_cadence(builder, action),
            Overlay::Form(dialog) => self.update_form(dialog, action, now),
        }
    }

    fn update_cadence(&mut self, mut builder: CadenceBuilder, action: Action) -> Vec<Effect> {
        let selected = self.rules.get(builder.selected).cloned();
        match action {
            Action::Back => return Vec::new(),
            Action::Up | Action::Down => {
                builder.move_selection(action == Action::Down, self.rules.len());
            }
            Action::AddRule => {
                self.overlays.push(Overlay::Cadence(builder));
                self.overlays
                    .push(Overlay::Form(cadence::rule_form(None, &self.sellers)));
                return Vec::new();
            }
            Action::EditRule | Action::RemoveRule if selected.is_none() => {
                self.notice = Some(Notice::Info(
                    "No cadence rules yet: press a to add one".into(),
                ));
            }
            Action::EditRule => {
                self.overlays.push(Overlay::Cadence(builder));
                self.overlays.push(Overlay::Form(cadence::rule_form(
                    selected.as_ref(),
                    &self.sellers,
                )));
                return Vec::new();
            }
            Action::RemoveRule => {
                if let Some(rule) = selected {
                    self.overlays.push(Overlay::Cadence(builder));
                    self.overlays.push(Overlay::Confirm {
                        title: "Remove cadence rule".into(),
                        question: format!(
                            "Remove {}? Meetings already held or canceled stay in history.",
                            describe_rule(&rule)
                        ),
                        effect: Effect::EndRule(rule.id),
                    });
                    return Vec::new();
                }
            }
            _ => {}
        }
        self.overlays.push(Overlay::Cadence(builder));
        Vec::new()
    }

    fn update_form(
        &mut self,
        mut dialog: FormDialog,
        action: Action,
        now: DateTime<Utc>,
    ) -> Vec<Effect> {
        match action {
            Action::Back => return Vec::new(),
            Action::NextField => dialog.form.next_field(),
            Action::PrevField => dialog.form.prev_field(),
            Action::Left => dialog.form.step(false),
            Action::Right => dialog.form.step(true),
            Action::Type(key) => dialog.form.type_key(key),
            Action::Submit => {
                let effect = match dialog.intent {
                    Intent::Rule { .. } => {
                        cadence::submit_rule(&mut dialog, &self.settings.meeting_minutes)
                    }
                    Intent::AgendaItem { .. }
                    | Intent::Action
                    | Intent::Comment
                    | Intent::PickSeller => {
                        return self.submit_meeting_form(dialog, now);
                    }
                    Intent::StartScorecard { .. }
                    | Intent::Observation { .. }
                    | Intent::FinishScorecard { .. } => {
                        if let Some(effect) = self.submit_scoring_form(&mut dialog, now) {
                            return vec![effect];
                        }
                        None
                    }
                    Intent::NewAction
                    | Intent::EditAction { .. }
                    | Intent::ActionDue { .. }
                    | Intent::ActionDrop { .. }
                    | Intent::ActionReassign { .. } => {
                        if let Some(effect) = self.submit_action_form(&mut dialog, now) {
                            let mut effects = self.review_dialog_saved(&effect);
                            effects.insert(0, effect);
                            return effects;
                        }
                        None
                    }
                    _ => dialogs::submit(&mut dialog, now, &self.settings),
                };
                if let Some(effect) = effect {
                    self.after_submit(&effect);
                    return vec![effect];
                }
            }
            _ => {}
        }
        self.overlays.push(Overlay::Form(dialog));
        Vec::new()
    }

    /// Moves the view to where a saved change can be seen, and says what happened. A store
    /// error replaces the message.
    fn after_submit(&mut self, effect: &Effect) {
        if let Effect::SaveRule(_) = effect {
            self.notice = Some(Notice::Info(
                "Cadence rule saved: meetings from now on follow it".into(),
            ));
        }
        let zone = self.settings.zone;
        let moved_to = match effect {
            Effect::Reschedule { to, .. } => Some(*to),
            Effect::AddMeeting(m) => Some(m.starts_at),
            _ => None,
        };
        if let Some(at) = moved_to {
            let day = at.with_timezone(&zone).date_naive();
            let week = Week::containing(day, self.settings.week_start);
            self.calendar.show(week);
            self.calendar.select_day(day);
            self.calendar.select_at = Some(at);
            self.notice = Some(Notice::Info(format!(
                "Saved for {}",
                self.settings.when(at)
            )));
        }
    }
}

/// Moves a selection in a list of `len` items one step, stopping at either end.
pub(crate) fn step_index(index: usize, len: usize, down: bool) -> usize {
    if down {
        (index + 1).min(len.saturating_sub(1))
    } else {
        index.saturating_sub(1)
    }
}

/// `1:1 with Ana Ruiz, Tue Nov 24 10:00`
pub fn describe(m: &CalendarMeeting, settings: &Settings) -> String {
    let with = match &m.meeting.seller {
        Some(s) => format!(" with {}", s.name),
        None => String::new(),
    };
    format!(
        "{}{with}, {}",
        m.meeting.kind.label(),
        settings.when(m.starts.to_utc())
    )
}

/// `the 1:1 with Ana Ruiz, weekly on Mon at 10:30`
pub fn describe_rule(rule: &Rule) -> String {
    let with = match &rule.seller {
        Some(s) => s.name.as_str(),
        None => "the team",
    };
    format!(
        "the {} with {with}, {} at {}",
        rule.kind.label(),
        rule.recurrence.frequency.describe(rule.recurrence.weekday),
        rule.recurrence.time.format("%H:%M")
    )
}
