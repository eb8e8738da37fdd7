//! The loop: draw, wait for an event, resolve it to an action, let the model update, then
//! perform the effects it asks for against the store. No SQL and no widgets here.

use crate::action::{Action, Effect};
use crate::clock::Clock;
use crate::config::{self, Settings};
use crate::domain::Kind;
use crate::domain::Week;
use crate::drafts::{Draft, DraftSaver, Rescued, Target, Written};
use crate::event::{self, Event};
use crate::keymap::Keymap;
use crate::model::live::LandingDraft;
use crate::model::{Cockpit, Notice, Pane, layout};
use crate::progress_read::{ProgressQuery, TeamProgress};
use crate::store::{BackupOutcome, DailyBackup, Landed, Landing, LandingDraftWrite, NewMeeting};
use crate::store::{Store, StoreError};
use crate::{term, ui};
use chrono::{TimeDelta, Timelike};
use ratatui::crossterm::event::{KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// How often time-driven work runs (the timer display, saving typed notes): well within
/// the second of typing a crash may lose.
const TICK: Duration = Duration::from_millis(250);

/// How often the loop looks for the writer's report while a write is in flight: the
/// terminal cannot wake it when the writer is done, and "saved" should show when the write
/// lands, not at the next tick.
const WRITING: Duration = Duration::from_millis(10);

/// How often text that could not be written is tried again.
const RETRY: TimeDelta = TimeDelta::seconds(2);

/// Said when the landing being entered is for a 1:1 another cockpit has landed.
const LANDED_ELSEWHERE: &str = "This 1:1 was landed in another cockpit: Enter adds the action \
     items and comment entered here to it";

/// Said when a landing was added to a 1:1 another cockpit had landed.
fn landed_elsewhere(added: usize, comment_added: bool, rating: Option<u8>) -> String {
    let items = if added == 1 { "item" } else { "items" };
    let comment = if comment_added {
        ", and your comment beside its own"
    } else {
        ""
    };
    let rating = rating
        .map(|r| format!("; its rating ({r}) stands"))
        .unwrap_or_default();
    format!(
        "This 1:1 was landed in another cockpit: {added} more action {items} added to it{comment}{rating}"
    )
}

/// The draft a save of typed text writes.
fn draft_of(effect: Effect) -> Option<Draft> {
    match effect {
        Effect::SaveNotes {
            item,
            base,
            notes,
            private_notes,
        } => Some(Draft::Notes {
            item,
            base,
            notes,
            private_notes,
        }),
        Effect::SaveEvidence {
            scorecard,
            criterion,
            base,
            text,
        } => Some(Draft::Evidence {
            scorecard,
            criterion,
            base,
            text,
        }),
        // The model shows the mark at once; the writer stores it, off the keystroke.
        Effect::SetMark {
            scorecard,
            criterion,
            base,
            mark,
        } => Some(Draft::Mark {
            scorecard,
            criterion,
            base,
            mark,
        }),
        _ => None,
    }
}

/// The places a rescue file was refused before it was written, said after where it went:
/// it is not where the manager would look first.
fn not_there(rescued: &Rescued) -> String {
    rescued
        .refused_here()
        .map(|refused| format!("; it could not be written in {refused}"))
        .unwrap_or_default()
}

/// Whether the tests asked for a panic on this text (`CADENCE_FAULT=panic-on=WORD`): it is
/// raised once the text is where the panic hook finds it, which must then write it.
fn panics_here(draft: &Draft) -> bool {
    let Some(word) = &crate::fault::injected().panic_on else {
        return false;
    };
    match draft {
        Draft::Notes {
            notes,
            private_notes,
            ..
        } => notes.contains(word.as_str()) || private_notes.contains(word.as_str()),
        Draft::Evidence { text, .. } => text.contains(word.as_str()),
        Draft::Mark { .. } => false,
    }
}

pub struct App<'a> {
    store: &'a mut Store,
    clock: &'a dyn Clock,
    cockpit: Cockpit,
    /// The keys in force: the defaults with the config's rebindings. The app resolves keys
    /// with it and hands it to the view; the model never needs it.
    keymap: Keymap,
    /// Writes typed text, and keeps what could not be written.
    saver: DraftSaver,
    /// When text that could not be written is next tried again.
    retry_at: Option<chrono::DateTime<chrono::Utc>>,
    /// When the last tick ran, on the injected clock.
    last_tick: chrono::DateTime<chrono::Utc>,
    /// The database's `data_version` when last read: another value means another
    /// connection wrote.
    data_version: Option<i64>,
    /// Where the last frame put the panes and rows, for the mouse.
    hits: ui::Hits,
    /// The progress view's team part (heatmap, coverage) as last read, and what it was read
    /// for: paging through sellers then reads only the seller's calls. Any write forgets it,
    /// so an edit shows at once.
    team_progress: Option<TeamProgress>,
    /// The action list and the team's progress were to be read while their panes did not
    /// show them (`read_shown`), so they were not.
    actions_unread: bool,
    progress_unread: bool,
    /// Today's backup while it is being taken: a failure is shown when it is over.
    backup: Option<DailyBackup>,
    /// Why nothing more is written: SQLite found the file damaged, or today's backup's
    /// check did. Writing on would spread the damage and push good backups out.
    damaged: Option<String>,
    /// A landing entered here for a 1:1 that another cockpit landed meanwhile: it can no
    /// longer be kept as a draft, so it is added to the landed 1:1 on Enter, or on the way out.
    landed_elsewhere: Option<(i64, LandingDraft)>,
}

impl<'a> App<'a> {
    /// A cockpit on this week, loaded from the store, for a screen of 200x50 until told
    /// otherwise.
    pub fn new(
        store: &'a mut Store,
        clock: &'a dyn Clock,
        settings: Settings,
        db_label: String,
    ) -> App<'a> {
        App::on_screen(store, clock, settings, db_label, layout::ASSUMED)
    }

    /// A cockpit on this week for a screen of `screen`'s size: the long lists read what
    /// it shows.
    pub fn on_screen(
        store: &'a mut Store,
        clock: &'a dyn Clock,
        settings: Settings,
        db_label: String,
        screen: ratatui::layout::Rect,
    ) -> App<'a> {
        let (mut cockpit, effects) = Cockpit::new(settings, db_label, clock.now());
        cockpit.screen = screen;
        cockpit.fit_to_screen();
        let saver = DraftSaver::inline(store.path());
        let mut app = App {
            store,
            saver,
            retry_at: None,
            last_tick: clock.now(),
            data_version: None,
            clock,
            cockpit,
            keymap: Keymap::default(),
            hits: ui::Hits::default(),
            team_progress: None,
            actions_unread: false,
            progress_unread: false,
            backup: None,
            damaged: None,
            landed_elsewhere: None,
        };
        app.load_reference_data();
        // The built-in rubrics until `use_rubrics` gives the manager's own; the progress
        // they show is loaded once, by the effects below.
        app.set_rubrics(crate::catalog::load_from(None));
        // A call left being scored shows in its pane: the progress there is not read.
        app.resume_scoring();
        app.perform(effects);
        // What was read is as of now: a change another program makes from here on shows.
        app.data_version = app.store.data_version().ok();
        app
    }

    /// The rubrics to score with: the built-in ones unless the manager's own are given.
    pub fn use_rubrics(&mut self, catalog: crate::catalog::Catalog) {
        self.set_rubrics(catalog);
        self.read_shown(false, true);
    }

    fn set_rubrics(&mut self, catalog: crate::catalog::Catalog) {
        self.team_progress = None;
        if !catalog.problems.is_empty() {
            self.cockpit
                .show_error(format!("rubrics skipped: {}", catalog.problems.join("; ")));
        }
        let rubrics = catalog.latest().into_iter().cloned().collect();
        self.cockpit.rubrics_loaded(rubrics);
    }

    /// Typed text is written on a thread of its own from now on, so typing never waits
    /// for the disk. Returns the drafts not yet known to be saved, for the panic hook.
    pub fn save_drafts_in_background(
        &mut self,
    ) -> Result<
        std::sync::Arc<std::sync::Mutex<std::collections::HashMap<Target, Draft>>>,
        StoreError,
    > {
        self.saver = DraftSaver::background(self.store.same_file())?;
        Ok(self.saver.unsaved())
    }

    /// What waits until the first frame is out: the session marked open, so a crash from
    /// here on is noticed at the next start; then today's backup (when `backup_day` is
    /// given), on a thread of its own.
    pub fn first_frame_shown(
        &mut self,
        backup_day: Option<chrono::NaiveDate>,
    ) -> Result<(), StoreError> {
        if self.damaged.is_some() {
            return Ok(());
        }
        self.store.mark_session_open()?;
        if let Some(today) = backup_day {
            self.backup = Some(DailyBackup::start(self.store.same_file(), today));
        }
        Ok(())
    }

    /// Shows a backup that failed; a failed backup never stops the cockpit.
    fn backup_over(&mut self, outcome: Option<BackupOutcome>) {
        match outcome {
            Some(Err(error @ StoreError::Corrupt { .. })) => self.store_failed(error),
            Some(Err(error)) => self.note(&format!("today's backup could not be made: {error}")),
            _ => {}
        }
    }

    /// Shows what the store refused. Damage stops every write from here on: the manager is
    /// told in red what to do, and what is typed is kept for a rescue file.
    fn store_failed(&mut self, error: StoreError) {
        if !matches!(error, StoreError::Corrupt { .. }) {
            return self.cockpit.show_error(error.to_string());
        }
        // The status bar has room for what to do; the damage itself is said on the way out.
        self.cockpit.writing_stopped = Some("database damaged".into());
        self.cockpit.show_error(
            "The database is damaged: nothing more is written to it. Quit, then run \
             `cadence doctor`"
                .into(),
        );
        self.damaged = Some(format!(
            "{error}. Nothing more was written to it: `cadence doctor` says what is wrong and \
             lists the backups to `cadence restore`"
        ));
    }

    /// Why nothing more is written to the database, when that is so.
    pub fn writing_stopped(&self) -> Option<&str> {
        self.damaged.as_deref()
    }

    /// Waits for typed text to be written, and for today's backup. Text that could not be
    /// written is put in a rescue file; what the manager must know (where that file is, a
    /// backup that failed after the status bar was last seen) comes back, to be shown once
    /// the terminal is theirs again.
    pub fn close(&mut self) -> Vec<String> {
        let mut problems = Vec::new();
        if let Some(Some(Err(error))) = self.backup.take().map(DailyBackup::wait) {
            problems.push(format!("today's backup could not be made: {error}"));
        }
        let outcomes = self.saver.finish();
        self.report(outcomes);
        if let Some(problem) = self.amend_on_the_way_out() {
            problems.push(problem);
        }
        if !self.saver.has_failed() {
            return problems;
        }
        problems.push(match self.saver.rescue(self.clock.now()) {
            Ok(Some(rescued)) => format!(
                "some notes, evidence or marks could not be saved in the database; they are in {}{}",
                rescued.path.display(),
                not_there(&rescued)
            ),
            Ok(None) => "some notes, evidence or marks could not be saved in the database".into(),
            Err(e) => format!(
                "some notes, evidence or marks could not be saved, nor written to a rescue file anywhere ({e}); they are lost"
            ),
        });
        problems
    }

    /// The keys in force, when the config rebinds some.
    pub fn use_keymap(&mut self, keymap: Keymap) {
        self.keymap = keymap;
    }

    /// A message for the status bar, after any already there.
    pub fn note(&mut self, text: &str) {
        let text = match self.cockpit.notice.take() {
            Some(Notice::Info(earlier)) => format!("{earlier} · {text}"),
            _ => text.to_string(),
        };
        self.cockpit.notice = Some(Notice::Info(text));
    }

    /// Opens the end-of-week review over whatever is on screen (`cadence review`).
    pub fn open_review(&mut self) {
        let effects = self.cockpit.open_review();
        self.perform(effects);
    }

    pub fn cockpit(&self) -> &Cockpit {
        &self.cockpit
    }

    /// The keys in force, for drawing the cockpit.
    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }

    /// Whether the manager asked to quit.
    pub fn done(&self) -> bool {
        self.cockpit.quit
    }

    /// One key, all the way through. Returns the effects the terminal must handle itself
    /// (suspend), having performed the rest.
    pub fn handle_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        match self.keymap.resolve(self.cockpit.key_scope(), key) {
            Some(action) => self.dispatch(action),
            None => Vec::new(),
        }
    }

    /// A click or a turn of the wheel, on what the last frame drew there.
    pub fn handle_mouse(&mut self, mouse: MouseEvent) -> Vec<Effect> {
        let (column, row) = (mouse.column, mouse.row);
        let action = match mouse.kind {
            MouseEventKind::Down(MouseButton::Left) => self.hits.at(column, row).map(Action::Click),
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                self.hits.pane_at(column, row).map(|pane| Action::Scroll {
                    pane,
                    down: mouse.kind == MouseEventKind::ScrollDown,
                })
            }
            _ => None,
        };
        match action {
            Some(action) => self.dispatch(action),
            None => Vec::new(),
        }
    }

    /// Draws the cockpit, keeping where things went for the mouse.
    pub fn draw(&mut self, frame: &mut ratatui::Frame) {
        self.hits = ui::draw(frame, &self.cockpit, &self.keymap, self.clock.now());
    }

    /// Draws a frame at the terminal's size, telling the cockpit first when the size is
    /// new: the one path a resize takes, also one that went unreported while an editor or
    /// the shell had the terminal.
    pub fn draw_frame(&mut self, terminal: &mut term::CockpitTerminal) -> std::io::Result<()> {
        let size = terminal.size()?;
        if (size.width, size.height) != (self.cockpit.screen.width, self.cockpit.screen.height) {
            self.dispatch(Action::Resized {
                width: size.width,
                height: size.height,
            });
        }
        terminal.draw(|frame| self.draw(frame)).map(|_| ())
    }

    pub fn dispatch(&mut self, action: Action) -> Vec<Effect> {
        let typed = matches!(action, Action::Type(_) | Action::Edited(_));
        let effects = self.cockpit.update(action, self.clock.now());
        let for_terminal = self.perform(effects);
        if typed {
            // Kept where the panic hook finds it, until it is known to be saved.
            for effect in self.cockpit.unsaved_text() {
                if let Some(draft) = draft_of(effect) {
                    let asked = panics_here(&draft);
                    self.saver.typed(draft);
                    if asked {
                        panic!("a panic injected by CADENCE_FAULT while typing");
                    }
                }
            }
        }
        for_terminal
    }

    /// Hands typed text to the writer, and shows how the writing went.
    fn save_draft(&mut self, draft: Draft) {
        let outcomes = self.saver.submit(self.store, draft);
        self.report(outcomes);
    }

    /// What the writer reported: the status bar's saved or NOT SAVED, and notes another
    /// cockpit wrote too.
    fn report(&mut self, outcomes: Vec<(Draft, Result<Written, String>)>) {
        for (draft, result) in outcomes {
            match (&draft, &result) {
                (Draft::Notes { item, .. }, Ok(Written::Merged(shared, private))) => {
                    self.cockpit.notes_merged(*item, shared, private);
                }
                (
                    Draft::Evidence {
                        scorecard,
                        criterion,
                        ..
                    },
                    Ok(Written::EvidenceMerged(text)),
                ) => self.cockpit.evidence_merged(*scorecard, criterion, text),
                (
                    Draft::Mark {
                        scorecard,
                        criterion,
                        mark,
                        ..
                    },
                    Ok(Written::MarkReplaced(theirs)),
                ) => self
                    .cockpit
                    .mark_replaced(*scorecard, criterion, *theirs, *mark),
                _ => {}
            }
        }
        self.cockpit.save_state = self.saver.state();
        // Damage the writer found stops every write, as damage found here does.
        if let Some(damage) = self.saver.damage()
            && self.damaged.is_none()
        {
            self.store_failed(damage);
        }
        if self.saver.has_failed() {
            self.retry_at.get_or_insert(self.clock.now() + RETRY);
        } else {
            self.retry_at = None;
        }
    }

    /// Reads what is on screen again when another connection wrote to the database: a
    /// second cockpit, a command in another terminal. What is being typed stays as typed.
    pub fn reload_if_changed(&mut self) {
        let version = match self.store.data_version() {
            Ok(v) => v,
            Err(e) => return self.store_failed(e),
        };
        if self
            .data_version
            .replace(version)
            .is_none_or(|seen| seen == version)
        {
            return;
        }
        self.load_reference_data();
        let week = self.cockpit.calendar.week;
        let mut result = self.load_week(week);
        self.read_shown(true, true);
        if let Some(live) = &self.cockpit.live {
            let id = live.meeting_id();
            match self.store.one_on_one(id) {
                Ok(one) => {
                    let items = one.items.clone();
                    self.cockpit.live_loaded(one);
                    if let Some(live) = &mut self.cockpit.live {
                        live.take_stored_notes(&items);
                    }
                }
                Err(e) => result = Err(e),
            }
        }
        if let Some(card) = self.cockpit.scoring.as_ref().map(|v| v.card.id) {
            match self.store.scorecard(card) {
                Ok(stored) => {
                    let pending = self.saver.pending_on(card);
                    self.cockpit.scorecard_changed_elsewhere(stored, &pending);
                }
                Err(e) => result = Err(e),
            }
        }
        if let Err(e) = result {
            self.store_failed(e);
        }
    }

    /// Tries again what could not be written, every `RETRY`.
    fn retry_drafts(&mut self) {
        if self.damaged.is_none() && self.retry_at.is_some_and(|at| self.clock.now() >= at) {
            self.retry_at = None;
            let outcomes = self.saver.retry(self.store);
            self.report(outcomes);
        }
    }

    fn rescue(&mut self) {
        let text = match self.saver.rescue(self.clock.now()) {
            Ok(Some(rescued)) => format!(
                "Text not yet saved written to {} (readable by you alone){}",
                rescued.path.display(),
                not_there(&rescued)
            ),
            Ok(None) => "Everything typed is saved: nothing to rescue".into(),
            Err(e) => {
                format!("Could not write a rescue file anywhere ({e}); the text is kept here")
            }
        };
        self.cockpit.notice = Some(if self.saver.has_failed() {
            Notice::Error(text)
        } else {
            Notice::Info(text)
        });
    }

    fn perform(&mut self, effects: Vec<Effect>) -> Vec<Effect> {
        let mut for_terminal = Vec::new();
        let (mut calendar, mut agenda, mut actions) = (false, false, false);
        let (mut scorecard, mut progress) = (false, false);
        let zoomed = self.cockpit.zoomed;
        for effect in effects {
            calendar |= effect.changes_calendar();
            agenda |= effect.changes_agenda();
            actions |= effect.changes_actions();
            scorecard |= effect.changes_scorecard();
            progress |= matches!(effect, Effect::FinishScorecard { .. });
            let result = match effect {
                Effect::LoadProgress => {
                    progress = true;
                    Ok(())
                }
                Effect::LoadWeek(week) => self.load_week(week),
                Effect::LoadActions => {
                    actions = true;
                    Ok(())
                }
                Effect::LoadReview => self.load_review(true),
                Effect::LoadReviewSummary => self.load_review(false),
                Effect::LoadHistory(id) => self.load_history(id),
                Effect::LoadRules => self.load_rules(),
                Effect::Suspend | Effect::Edit(_) => {
                    for_terminal.push(effect);
                    Ok(())
                }
                other if self.damaged.is_some() => self.refuse_write(other),
                other => {
                    self.team_progress = None;
                    self.write(other)
                }
            };
            if let Err(e) = result {
                self.store_failed(e);
            }
        }
        if calendar {
            self.load_reference_data();
            let week = self.cockpit.calendar.week;
            if let Err(e) = self.load_week(week) {
                self.store_failed(e);
            }
        }
        if scorecard && let Some(view) = &self.cockpit.scoring {
            match self.store.scorecard(view.card.id) {
                Ok(card) => self.cockpit.scorecard_loaded(card),
                Err(e) => self.store_failed(e),
            }
        }
        // Opening a 1:1 zooms to it: the panes shown changed size.
        if self.cockpit.zoomed != zoomed {
            for effect in self.cockpit.fit_to_screen() {
                actions |= effect == Effect::LoadActions;
                progress |= effect == Effect::LoadProgress;
            }
        }
        self.read_shown(actions, progress);
        if agenda && let Some(live) = &self.cockpit.live {
            match self.store.one_on_one(live.meeting_id()) {
                Ok(one) => self.cockpit.live_loaded(one),
                Err(e) => self.store_failed(e),
            }
        }
        for_terminal
    }

    /// Reopens the 1:1 that was left mid-meeting, if any: after a quit, a crash or a closed
    /// terminal it goes on where it was. (A call left being scored is reopened by `new`.)
    pub fn resume_live(&mut self) {
        match self.store.live_one_on_one() {
            Ok(Some(meeting)) => {
                self.perform(vec![Effect::OpenLive(meeting)]);
                if let Some(live) = &self.cockpit.live {
                    let who = live
                        .one
                        .meeting
                        .seller
                        .as_ref()
                        .map(|s| s.name.as_str())
                        .unwrap_or("");
                    let text = format!("Resumed your 1:1 with {who}");
                    self.note(&text);
                }
            }
            Ok(None) => {}
            Err(e) => self.store_failed(e),
        }
    }

    fn resume_scoring(&mut self) {
        let card = self
            .store
            .live_scorecard()
            .and_then(|id| id.map(|id| self.store.scorecard(id)).transpose());
        match card {
            Ok(Some(card)) => {
                let text = format!("Resumed scoring {}'s call", card.seller.name);
                self.cockpit.scorecard_loaded(card);
                self.note(&text);
            }
            Ok(None) => {}
            Err(e) => self.store_failed(e),
        }
    }

    /// A change asked for on a damaged database: typed text is kept for a rescue file, and
    /// everything else is refused with why, so the screen goes back to what is stored.
    fn refuse_write(&mut self, effect: Effect) -> Result<(), StoreError> {
        match effect {
            Effect::Rescue => self.rescue(),
            effect => match draft_of(effect) {
                Some(draft) => {
                    self.saver
                        .keep(draft, "the database is damaged: C-s writes a rescue file");
                    self.report(Vec::new());
                }
                None => self.cockpit.show_error(
                    "Not written: the database is damaged. Quit, then run `cadence doctor`".into(),
                ),
            },
        }
        Ok(())
    }

    fn write(&mut self, effect: Effect) -> Result<(), StoreError> {
        let now = self.clock.now();
        let zone = self.cockpit.settings.zone;
        let handed_over = matches!(
            effect,
            Effect::SaveNotes { .. } | Effect::SaveEvidence { .. } | Effect::SetMark { .. }
        );
        if !handed_over {
            // What the writer has in hand is stored before this, as its keys came first: a
            // scorecard is finished with its last mark.
            let outcomes = self.saver.written_so_far();
            if !outcomes.is_empty() {
                self.report(outcomes);
            }
        }
        match effect {
            Effect::SetHeld { meeting, held } => self.store.set_held(meeting, held),
            Effect::Cancel { meeting, reason } => self.store.cancel_meeting(meeting, &reason),
            Effect::Reschedule { meeting, to } => {
                self.store.reschedule_meeting(meeting, to).map(|_| ())
            }
            Effect::AddMeeting(new) => self.store.add_meeting(&new).map(|_| ()),
            Effect::SaveRule(draft) => self.store.save_rule(&draft, zone, now).map(|_| ()),
            Effect::EndRule(rule) => self.store.end_rule(rule, zone, now),
            Effect::OpenLive(meeting) => self.open_live(meeting),
            Effect::StartUnplanned(seller) => {
                // Starts on the minute, so the calendar shows a round time.
                let starts_at = now - TimeDelta::seconds(i64::from(now.second()));
                let meeting = self.store.add_meeting(&NewMeeting {
                    seller_id: Some(seller),
                    kind: Kind::OneOnOne,
                    starts_at,
                    minutes: self.cockpit.settings.meeting_minutes.get(Kind::OneOnOne),
                })?;
                self.open_live(meeting)
            }
            Effect::SetPurposes { meeting, purposes } => {
                let (templates, problems) = config::agenda_templates(&purposes);
                if !problems.is_empty() {
                    self.cockpit.show_error(problems.join("; "));
                }
                self.store
                    .set_purposes(meeting, &purposes, &templates, zone)
            }
            Effect::SaveTimer {
                meeting,
                timer,
                current_item,
                booked,
            } => self.store.save_timer(meeting, &timer, current_item, booked),
            Effect::SaveNotes { .. } | Effect::SaveEvidence { .. } | Effect::SetMark { .. } => {
                if let Some(draft) = draft_of(effect) {
                    self.save_draft(draft);
                }
                Ok(())
            }
            Effect::Rescue => {
                self.rescue();
                Ok(())
            }
            Effect::AddAgendaItem {
                meeting,
                title,
                minutes,
                owner,
            } => self
                .store
                .add_agenda_item(meeting, &title, minutes, owner)
                .map(|_| ()),
            Effect::RemoveAgendaItem(item) => self.store.remove_agenda_item(item),
            Effect::UpdateAgendaItem {
                item,
                minutes,
                done,
            } => self.store.update_agenda_item(item, minutes, done),
            Effect::ReorderAgenda { meeting, order } => self.store.reorder_agenda(meeting, &order),
            Effect::SaveLandingDraft {
                meeting,
                base,
                draft,
            } => {
                match self.keep_landing(meeting, &base, &draft)? {
                    Some((kept, true)) => self.cockpit.landing_merged(meeting, kept),
                    Some((_, false)) => {}
                    None => {
                        self.landed_elsewhere = Some((meeting, draft));
                        self.cockpit.notice = Some(Notice::Info(LANDED_ELSEWHERE.into()));
                    }
                }
                Ok(())
            }
            Effect::Land {
                meeting,
                landing,
                draft,
                timer,
            } => self.land(meeting, landing, &draft, &timer),
            Effect::AddAction(draft) => {
                self.store.add_action(&draft, now)?;
                self.cockpit.notice = Some(Notice::Info(format!(
                    "Added \"{}\" ({} undoes it)",
                    draft.title.trim(),
                    self.tracker_keys(Action::Undo)
                )));
                Ok(())
            }
            Effect::ChangeActions { ids, change } => {
                let changed = self.store.change_actions(&ids, &change, now)?;
                let items = if changed == 1 { "item" } else { "items" };
                self.cockpit.notice = Some(Notice::Info(format!(
                    "{} {changed} {items} ({} undoes)",
                    change.verb(),
                    self.tracker_keys(Action::Undo)
                )));
                Ok(())
            }
            Effect::UndoActions => {
                let undone = self.store.undo_action_change()?;
                self.cockpit.notice = Some(Notice::Info(match undone {
                    Some(what) => {
                        format!(
                            "Undone: {what} ({} redoes it)",
                            self.tracker_keys(Action::Redo)
                        )
                    }
                    None => "Nothing to undo".into(),
                }));
                Ok(())
            }
            Effect::RedoActions => {
                let redone = self.store.redo_action_change()?;
                self.cockpit.notice = Some(Notice::Info(match redone {
                    Some(what) => format!("Redone: {what}"),
                    None => "Nothing to redo".into(),
                }));
                Ok(())
            }
            Effect::BringToNext(id) => {
                self.store.bring_to_next_one_on_one(id, now)?;
                let item = self.store.action(id)?;
                self.cockpit.notice = Some(Notice::Info(format!(
                    "On {}'s next 1:1: {}",
                    item.seller.name,
                    crate::store::follow_up_title(&item.title)
                )));
                Ok(())
            }
            Effect::StartScorecard {
                seller,
                rubric,
                meeting,
            } => {
                let id = self.store.start_scorecard(seller, &rubric, meeting, now)?;
                let card = self.store.scorecard(id)?;
                self.cockpit.notice = Some(Notice::Info(format!(
                    "Scoring {}'s call against {} v{}: the call timer runs",
                    card.seller.name, card.rubric.name, card.rubric.version
                )));
                self.cockpit.scorecard_loaded(card);
                Ok(())
            }
            Effect::AddObservation {
                scorecard,
                criterion,
                at_seconds,
                text,
            } => self
                .store
                .add_observation(scorecard, &criterion, at_seconds, &text),
            Effect::SetTookOver {
                scorecard,
                base,
                took_over,
            } => {
                let clash = self.store.set_took_over_over(scorecard, base, took_over)?;
                if let Some(theirs) = clash {
                    self.cockpit.took_over_clashed(scorecard, theirs, took_over);
                }
                Ok(())
            }
            Effect::FinishScorecard { scorecard, finish } => {
                // Marks the writer could not store are stored here first, or the call stays
                // open: its score is made of them.
                let stored = self.saver.write_failed_of(self.store, scorecard);
                self.report(Vec::new());
                if let Err(why) = stored {
                    return Err(StoreError::Invalid(format!(
                        "the call stays open: a mark or evidence could not be saved ({why})"
                    )));
                }
                self.store.finish_scorecard(scorecard, &finish, now)?;
                let card = self.store.scorecard(scorecard)?;
                let focus = card
                    .focus
                    .as_deref()
                    .and_then(|k| card.rubric.criterion(k))
                    .map(|c| format!(" · focus: {}", c.name))
                    .unwrap_or_default();
                let planned = finish
                    .reobserve_at
                    .map(|at| {
                        format!(
                            " · re-observe at the joint call of {}",
                            at.with_timezone(&self.cockpit.settings.zone)
                                .format("%a %b %-d %H:%M")
                        )
                    })
                    .unwrap_or_default();
                self.cockpit.notice = Some(Notice::Info(format!(
                    "Scorecard {} kept: {}{focus}{planned}",
                    card.id,
                    card.score
                        .map(|s| format!("{s:.1} of 5"))
                        .unwrap_or_else(|| "nothing scored".into())
                )));
                Ok(())
            }
            Effect::LoadWeek(_)
            | Effect::LoadProgress
            | Effect::Suspend
            | Effect::Edit(_)
            | Effect::LoadActions
            | Effect::LoadReview
            | Effect::LoadReviewSummary
            | Effect::LoadRules
            | Effect::LoadHistory(_) => Ok(()),
        }
    }

    /// Keeps the landing being entered over `base`, taking in what another cockpit stored
    /// for it meanwhile: what is stored now and whether it took anything in, or `None` when
    /// the 1:1 was landed elsewhere.
    fn keep_landing(
        &mut self,
        meeting: i64,
        base: &LandingDraft,
        draft: &LandingDraft,
    ) -> Result<Option<(LandingDraft, bool)>, StoreError> {
        let mut kept = (draft.clone(), false);
        let written = self.store.save_landing_draft_with(meeting, |stored| {
            let stored: LandingDraft = stored
                .and_then(|json| serde_json::from_str(json).ok())
                .unwrap_or_default();
            kept = draft.over(&stored, base);
            serde_json::to_string(&kept.0)
                .map_err(|e| StoreError::Invalid(format!("cannot keep the landing: {e}")))
        })?;
        Ok((written == LandingDraftWrite::Written).then_some(kept))
    }

    /// Lands the 1:1 with what was entered here and what another cockpit entered for the
    /// same landing; when it was landed there already, what was entered here is added to it.
    fn land(
        &mut self,
        meeting: i64,
        landing: Landing,
        draft: &LandingDraft,
        timer: &crate::domain::timer::Timer,
    ) -> Result<(), StoreError> {
        // An empty base: everything another cockpit stored for this landing is taken in.
        let landing = match self.keep_landing(meeting, &LandingDraft::default(), draft)? {
            Some((kept, true)) => kept.landing(),
            _ => landing,
        };
        let now = self.clock.now();
        self.landed_elsewhere = None;
        if let Landed::Elsewhere {
            added,
            comment_added,
            rating,
        } = self.store.land_one_on_one(meeting, &landing, timer, now)?
        {
            self.cockpit.notice =
                Some(Notice::Info(landed_elsewhere(added, comment_added, rating)));
        }
        Ok(())
    }

    /// A landing entered here for a 1:1 landed in another cockpit, left without Enter: added
    /// to the landed 1:1 now, so nothing entered is lost. Says what became of it.
    fn amend_on_the_way_out(&mut self) -> Option<String> {
        let (meeting, draft) = self.landed_elsewhere.take()?;
        if draft.actions.is_empty() && draft.comment.trim().is_empty() {
            return None;
        }
        if self.damaged.is_some() {
            return Some(format!(
                "the landing entered for 1:1 {meeting} was not written (the database is damaged): \
                 {} action item(s); comment: {}",
                draft.actions.len(),
                draft.comment.trim()
            ));
        }
        Some(
            match self
                .store
                .amend_landed_one_on_one(meeting, &draft.landing(), self.clock.now())
            {
                Ok(Some(Landed::Elsewhere {
                    added,
                    comment_added,
                    rating,
                })) => landed_elsewhere(added, comment_added, rating),
                Ok(_) => return None,
                Err(e) => format!("the landing entered for 1:1 {meeting} could not be added: {e}"),
            },
        )
    }

    /// The keys in force for one of the tracker's actions, for a message that names them.
    fn tracker_keys(&self, action: Action) -> String {
        self.keymap
            .keys_for(crate::keymap::Scope::Pane(Pane::Actions), &action)
    }

    /// Opens a 1:1 in the meeting pane (it becomes live the first time).
    fn open_live(&mut self, meeting: i64) -> Result<(), StoreError> {
        let one = self.store.open_one_on_one(meeting)?;
        self.cockpit.live_loaded(one);
        Ok(())
    }

    /// What the scorecard pane's progress view reads now, if it shows anything.
    fn progress_query(&self) -> Option<ProgressQuery> {
        let c = &self.cockpit;
        Some(ProgressQuery {
            rubric: c.progress_rubric()?.clone(),
            zone: c.settings.zone,
            today: c.today,
            sellers: c.sellers.clone(),
            shown: c.progress.shown(c.sellers.len()),
            // The seller's own progress is read when it shows.
            seller: c
                .progress
                .by_seller
                .then(|| c.progress_seller().cloned())
                .flatten(),
        })
    }

    /// The scorecard pane's progress view: the heatmap and coverage of the team, and the
    /// chosen seller's progress, on the chosen rubric.
    fn load_progress(&mut self) -> Result<(), StoreError> {
        let Some(query) = self.progress_query() else {
            return Ok(());
        };
        let team = match self.team_progress.take() {
            Some(team) if team.read_for == query.team_key() => team,
            _ => query.read_team(self.store)?,
        };
        let seller = query.read_seller(self.store)?;
        self.progress_read(team, seller);
        Ok(())
    }

    fn progress_read(
        &mut self,
        team: TeamProgress,
        seller: Option<crate::domain::progress::SellerProgress>,
    ) {
        self.cockpit
            .progress_loaded(Some(team.heatmap.clone()), team.coverage.clone(), seller);
        self.team_progress = Some(team);
    }

    /// Reads the action list and the team's progress, as asked now or earlier, when their
    /// panes show them. A pane that does not show (another one zoomed, or alone on a small
    /// screen), or the scorecard pane busy with a call, is read when it shows again: the
    /// cost of a save, a change from another program or a start follows the screen.
    fn read_shown(&mut self, actions: bool, progress: bool) {
        self.actions_unread |= actions;
        self.progress_unread |= progress;
        let c = &self.cockpit;
        if self.progress_unread && c.shows(Pane::Scorecard) && c.scoring.is_none() {
            self.progress_unread = false;
            if let Err(e) = self.load_progress() {
                self.store_failed(e);
            }
        }
        if self.actions_unread && self.cockpit.shows(Pane::Actions) {
            self.actions_unread = false;
            if let Err(e) = self.load_actions() {
                self.store_failed(e);
            }
        }
    }

    /// Reads the rows of the action list around the selection, and checks the marks.
    fn load_actions(&mut self) -> Result<(), StoreError> {
        let (today, week) = (self.cockpit.today, self.cockpit.week_dates());
        // Twice at most: when the list got shorter than the selection, the selection moves
        // to its last row, which the first read may not hold.
        for _ in 0..2 {
            let view = &self.cockpit.actions;
            let (offset, limit) = view.window();
            let list =
                self.store
                    .action_window(&view.filter, view.sort, today, week, offset, limit)?;
            self.cockpit.actions_loaded(list);
            if self.cockpit.actions.covers_screen() {
                break;
            }
        }
        let view = &self.cockpit.actions;
        if !view.marked.is_empty() {
            let marked: Vec<i64> = view.marked.keys().copied().collect();
            let kept = self
                .store
                .still_listed(&view.filter, today, week, &marked)?;
            self.cockpit.actions.marks_checked(kept);
        }
        Ok(())
    }

    /// The review's summary of this week; with `queue`, also the walk's items and the
    /// history of the first.
    fn load_review(&mut self, queue: bool) -> Result<(), StoreError> {
        let now = self.clock.now();
        let settings = &self.cockpit.settings;
        let week = Week::containing(self.cockpit.today, settings.week_start);
        let items = if queue {
            Some(self.store.review_queue(self.cockpit.today, week)?)
        } else {
            None
        };
        // The summary is read when it is shown: at the end of the walk, or at once when
        // there is nothing to walk.
        let summary = if items.as_ref().is_none_or(|q| q.is_empty()) {
            Some(self.store.week_summary(week, settings.zone, now)?)
        } else {
            None
        };
        let first = items.as_ref().and_then(|q| q.first()).map(|a| a.id);
        self.cockpit.review_loaded(items, summary);
        match first {
            Some(id) => self.load_history(id),
            None => Ok(()),
        }
    }

    fn load_history(&mut self, id: i64) -> Result<(), StoreError> {
        let history = self.store.action_history(id)?;
        self.cockpit.history_loaded(id, history);
        Ok(())
    }

    fn load_week(&mut self, week: Week) -> Result<(), StoreError> {
        let meetings = self.store.week_meetings(week, self.cockpit.settings.zone)?;
        self.cockpit.week_loaded(week, meetings);
        Ok(())
    }

    fn load_reference_data(&mut self) {
        self.team_progress = None;
        match self.store.seller_refs() {
            Ok(sellers) => self.cockpit.sellers_loaded(sellers),
            Err(e) => self.store_failed(e),
        }
        // The rules show in the cadence builder alone: read while it is open.
        if self.cockpit.shows_rules()
            && let Err(e) = self.load_rules()
        {
            self.store_failed(e);
        }
    }

    fn load_rules(&mut self) -> Result<(), StoreError> {
        let rules = self.store.rules(self.clock.now())?;
        self.cockpit.rules_loaded(rules);
        Ok(())
    }

    /// How long the loop may wait for the next event, `since_tick` after the last tick:
    /// until the tick, or sooner when typed text falls due for writing, or a write is in
    /// flight and its report should show as soon as it comes.
    pub fn event_wait(&self, since_tick: Duration) -> Duration {
        let due = self
            .cockpit
            .autosave
            .due_at()
            .map(|at| (at - self.clock.now()).to_std().unwrap_or_default());
        let writing = self.saver.writing().then_some(WRITING);
        [due, writing]
            .into_iter()
            .flatten()
            .fold(TICK.saturating_sub(since_tick), Duration::min)
    }

    /// Shows what the writer has reported since last asked. The state only changes when it
    /// reports (or when text is handed over).
    pub fn collect_outcomes(&mut self) {
        let outcomes = self.saver.outcomes();
        if !outcomes.is_empty() {
            self.report(outcomes);
        }
    }

    fn since_tick(&self) -> Duration {
        (self.clock.now() - self.last_tick)
            .to_std()
            .unwrap_or_default()
    }

    /// The time-driven work after the events are handled, on the injected clock: the tick
    /// when it is due (ticks come on time even while keys keep arriving, and typed text is
    /// written when it falls due, however fast the keys come), the writer's reports, the
    /// retries of what could not be written, and the end of today's backup.
    pub fn time_passes(&mut self) {
        if self.since_tick() >= TICK || self.cockpit.autosave.is_due(self.clock.now()) {
            self.last_tick = self.clock.now();
            self.dispatch(Action::Tick);
            // On the tick rather than after every key: the writer of typed text commits
            // as the manager types and scores, and a key should not pay for reading the
            // screen again each time.
            self.reload_if_changed();
        }
        self.collect_outcomes();
        self.retry_drafts();
        if let Some(backup) = &mut self.backup {
            let outcome = backup.finished();
            if outcome.is_some() {
                self.backup = None;
                self.backup_over(outcome);
            }
        }
    }

    /// Runs the cockpit in `terminal` until the manager quits or `stop` is raised.
    pub fn run(
        &mut self,
        terminal: &mut term::CockpitTerminal,
        stop: &AtomicBool,
    ) -> std::io::Result<()> {
        while !self.done() {
            if stop.load(Ordering::Relaxed) {
                self.dispatch(Action::Quit);
                break;
            }
            self.draw_frame(terminal)?;
            let wait = self.event_wait(self.since_tick());
            let mut next = Some(match event::next(wait) {
                Ok(event) => event,
                // A signal interrupted the wait: look at the stop flag again.
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => Event::Tick,
                Err(e) => return Err(e),
            });
            // Handle every waiting event before drawing again: a burst costs one frame.
            while let Some(event) = next {
                let for_terminal = match event {
                    Event::Key(key) => self.handle_key(key),
                    Event::Mouse(mouse) => self.handle_mouse(mouse),
                    // The next frame reads the new size (`draw_frame`).
                    Event::Resize | Event::Tick => Vec::new(),
                };
                for effect in for_terminal {
                    match effect {
                        Effect::Suspend => term::suspend(terminal)?,
                        Effect::Edit(text) => {
                            match term::edit(terminal, &text, &term::notes_dir(self.store.path()))?
                            {
                                Ok(edited) => {
                                    self.dispatch(Action::Edited(edited));
                                }
                                Err(problem) => self.cockpit.show_error(problem),
                            }
                        }
                        _ => {}
                    }
                }
                if self.done() {
                    break;
                }
                next = event::pending()?;
            }
            self.time_passes();
        }
        Ok(())
    }
}
