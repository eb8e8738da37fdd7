//! The scorecard pane: a call scored live (marks, evidence, observations, the take-over
//! flag, the finish), and when no call is being scored, the team's progress.

use super::dialogs::{FormDialog, Intent};
use super::form::{Field, Form};
use super::{Cockpit, Notice, Overlay, Pane, step_index};
use crate::action::{Action, Effect};
use crate::domain::Kind;
use crate::domain::agenda::Owner;
use crate::domain::phrase::DUE_EXAMPLES;
use crate::domain::progress::{Coverage, Heatmap, SellerProgress};
use crate::domain::rubric::{Mark, Rubric, weighted_score};
use crate::domain::{ActionDraft, Finish, Scorecard};
use crate::domain::{Meeting, SellerRef};
use chrono::{DateTime, Utc};
use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;

#[derive(Debug)]
pub struct ScoringView {
    pub card: Scorecard,
    /// The criterion the cursor is on, an index into the rubric's active criteria.
    pub selected: usize,
    /// Evidence of the selected criterion, while it is typed.
    pub evidence: Option<Box<TextArea<'static>>>,
    /// Evidence typed since the last save.
    pub dirty: bool,
}

impl ScoringView {
    pub fn new(card: Scorecard) -> ScoringView {
        ScoringView {
            card,
            selected: 0,
            evidence: None,
            dirty: false,
        }
    }

    pub fn criteria(&self) -> Vec<&crate::domain::rubric::Criterion> {
        self.card.rubric.active().collect()
    }

    pub fn selected_key(&self) -> Option<String> {
        self.criteria().get(self.selected).map(|c| c.key.clone())
    }

    /// The weighted score of the marks given so far.
    pub fn score(&self) -> Option<f64> {
        weighted_score(&self.card.rubric, &self.card.marks)
    }

    /// Seconds since the call started.
    pub fn call_seconds(&self, now: DateTime<Utc>) -> i64 {
        (now - self.card.started_at).num_seconds().max(0)
    }

    /// Closes the evidence being written, saving it.
    pub fn stop_typing(&mut self) -> Vec<Effect> {
        let effects = self.save_evidence();
        self.evidence = None;
        effects
    }

    /// The evidence as typed so far, as a save would write it, without counting it saved.
    pub fn unsaved_evidence(&self) -> Option<Effect> {
        let (Some(area), Some(criterion)) = (&self.evidence, self.selected_key()) else {
            return None;
        };
        self.dirty.then(|| Effect::SaveEvidence {
            scorecard: self.card.id,
            base: self
                .card
                .evidence
                .get(&criterion)
                .cloned()
                .unwrap_or_default(),
            criterion,
            text: area.lines().join("\n"),
        })
    }

    fn save_evidence(&mut self) -> Vec<Effect> {
        if !self.dirty {
            return Vec::new();
        }
        let (Some(area), Some(criterion)) = (&self.evidence, self.selected_key()) else {
            return Vec::new();
        };
        self.dirty = false;
        let text = area.lines().join("\n");
        let base = self
            .card
            .evidence
            .insert(criterion.clone(), text.clone())
            .unwrap_or_default();
        vec![Effect::SaveEvidence {
            scorecard: self.card.id,
            criterion,
            base,
            text,
        }]
    }

    pub fn typing(&self) -> bool {
        self.evidence.is_some()
    }
}

/// The team's progress, shown while no call is scored.
#[derive(Debug, Default)]
pub struct ProgressView {
    /// The seller's own progress instead of the team's heatmap.
    pub by_seller: bool,
    pub rubric: usize,
    /// The chosen seller: their row in the heatmap, their progress in the seller's view.
    pub seller: usize,
    /// The first seller whose row the heatmap shows.
    pub first: usize,
    /// How many sellers' rows the pane can show (`Cockpit::fit_to_screen`).
    pub rows: usize,
    /// The rows of the sellers shown, from `first` on.
    pub heatmap: Option<Heatmap>,
    /// Everyone's, in the team's order.
    pub coverage: Vec<Coverage>,
    pub progress: Option<SellerProgress>,
}

/// Lines of the team's view that are not sellers' rows: who was not observed lately, the
/// title and the criteria's header.
pub(super) const NOT_ROWS: u16 = 3;

impl ProgressView {
    /// The sellers, of a team of `n`, whose rows the heatmap shows.
    pub fn shown(&self, n: usize) -> std::ops::Range<usize> {
        let first = self.first.min(n);
        first..first.saturating_add(self.rows.max(1)).min(n)
    }

    /// Scrolls the least that shows the chosen seller's row, and no empty rows below the
    /// last seller while there are sellers above to show.
    pub(super) fn keep_in_view(&mut self, n: usize) {
        let rows = self.rows.max(1);
        if self.seller < self.first {
            self.first = self.seller;
        } else if self.seller >= self.first + rows {
            self.first = self.seller + 1 - rows;
        }
        self.first = self.first.min(n.saturating_sub(rows));
    }
}

/// When a joint call planned to re-observe a focus area starts, on its day: a time the
/// manager moves with `r` in the week once the seller has a customer call booked.
const REOBSERVE_TIME: chrono::NaiveTime = match chrono::NaiveTime::from_hms_opt(14, 0, 0) {
    Some(t) => t,
    None => chrono::NaiveTime::MIN,
};

/// A joint call that can be scored: with a seller, and neither canceled nor moved away.
pub(super) fn scorable(m: &Meeting) -> bool {
    m.kind == crate::domain::Kind::JointCall
        && m.seller.is_some()
        && !matches!(
            m.status,
            crate::domain::Status::Canceled | crate::domain::Status::Rescheduled
        )
}

/// `12:34`, or `1:02:03` past an hour.
/// Sets `key` in `map` to `value`, or removes it when there is none.
fn keep<V: Clone>(map: &mut std::collections::BTreeMap<String, V>, key: &str, value: Option<&V>) {
    match value {
        Some(v) => map.insert(key.to_string(), v.clone()),
        None => map.remove(key),
    };
}

/// "Agenda now 4", or "Agenda now unmarked": a mark another cockpit set.
fn mark_said(rubric: &Rubric, criterion: &str, mark: Option<&Mark>) -> String {
    let name = rubric
        .criterion(criterion)
        .map(|c| c.name.as_str())
        .unwrap_or(criterion);
    match mark {
        Some(m) => format!("{name} now {}", m.label()),
        None => format!("{name} now unmarked"),
    }
}

pub fn call_clock(seconds: i64) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

impl Cockpit {
    pub fn scorecard_loaded(&mut self, card: Scorecard) {
        if card.finished() {
            self.scoring = None;
            return;
        }
        match &mut self.scoring {
            Some(view) if view.card.id == card.id => {
                // The evidence being typed stays as the model holds it.
                let typed = view.card.evidence.clone();
                view.card = card;
                view.card.evidence.extend(typed);
            }
            _ => {
                self.scoring = Some(ScoringView::new(card));
                self.focus = Pane::Scorecard;
            }
        }
    }

    /// The call being scored as another connection left it (a second cockpit scoring the
    /// same call): its marks, evidence, observations and take-over flag are shown. Kept as
    /// this cockpit has them: the evidence open for typing, whose next save keeps both
    /// texts, and the marks and evidence in `pending` (criteria whose write is not in yet).
    /// A mark another cockpit replaced is said in the status bar: a number cannot be
    /// merged, the last one written stands.
    pub fn scorecard_changed_elsewhere(&mut self, card: Scorecard, pending: &[String]) {
        let Some(view) = self.scoring.as_mut().filter(|v| v.card.id == card.id) else {
            return self.scorecard_loaded(card);
        };
        if card.finished() {
            return self.scorecard_loaded(card);
        }
        let open = view.evidence.as_ref().and(view.selected_key());
        let mut replaced = Vec::new();
        let mut marks = card.marks.clone();
        let mut evidence = card.evidence.clone();
        for criterion in view.card.rubric.criteria.iter().map(|c| &c.key) {
            let (ours, theirs) = (view.card.marks.get(criterion), card.marks.get(criterion));
            if pending.contains(criterion) {
                keep(&mut marks, criterion, ours);
            } else if ours.is_some() && ours != theirs {
                replaced.push(mark_said(&card.rubric, criterion, theirs));
            }
            if pending.contains(criterion) || open.as_ref() == Some(criterion) {
                keep(&mut evidence, criterion, view.card.evidence.get(criterion));
            }
        }
        view.card = Scorecard {
            marks,
            evidence,
            ..card
        };
        if !replaced.is_empty() {
            self.notice = Some(Notice::Info(format!(
                "Changed in another cockpit, which stands: {}",
                replaced.join(", ")
            )));
        }
    }

    /// This cockpit's mark replaced another one's, set since this cockpit last read it: the
    /// mark stands (a number cannot be merged), and the manager is told what it replaced.
    pub fn mark_replaced(
        &mut self,
        card: i64,
        criterion: &str,
        theirs: Option<Mark>,
        ours: Option<Mark>,
    ) {
        let Some(view) = self.scoring.as_ref().filter(|v| v.card.id == card) else {
            return;
        };
        let name = view
            .card
            .rubric
            .criterion(criterion)
            .map(|c| c.name.as_str())
            .unwrap_or(criterion);
        let said = |m: Option<Mark>| m.map(Mark::label).unwrap_or_else(|| "unmarked".into());
        self.notice = Some(Notice::Info(format!(
            "{name} was {} in another cockpit; your {} stands",
            said(theirs),
            said(ours)
        )));
    }

    /// This cockpit set the take-over flag after another cockpit had changed it since it
    /// was last read: the flag stands as set here, and the manager is told.
    pub fn took_over_clashed(&mut self, card: i64, theirs: bool, ours: bool) {
        if self.scoring.as_ref().is_none_or(|v| v.card.id != card) {
            return;
        }
        let said = |b: bool| if b { "yes" } else { "no" };
        self.notice = Some(Notice::Info(if theirs == ours {
            format!(
                "Took over was already set to {} in another cockpit",
                said(theirs)
            )
        } else {
            format!(
                "Took over was {} in another cockpit; your {} stands",
                said(theirs),
                said(ours)
            )
        }));
    }

    /// Another cockpit wrote this evidence too: what is stored now (both texts) is shown,
    /// unless more is being typed there, whose next save keeps both once more.
    pub fn evidence_merged(&mut self, card: i64, criterion: &str, text: &str) {
        if let Some(view) = self.scoring.as_mut().filter(|v| v.card.id == card) {
            let typing_there = view.dirty && view.selected_key().as_deref() == Some(criterion);
            if !typing_there {
                view.card.evidence.insert(criterion.into(), text.into());
                if view.evidence.is_some() && view.selected_key().as_deref() == Some(criterion) {
                    view.evidence = Some(Box::new(super::live::text_area(text)));
                }
            }
        }
        self.notice = Some(Notice::Info(
            "This evidence was also changed in another cockpit: both texts are kept".into(),
        ));
    }

    pub fn rubrics_loaded(&mut self, rubrics: Vec<Rubric>) {
        self.rubrics = rubrics;
    }

    pub fn progress_loaded(
        &mut self,
        heatmap: Option<Heatmap>,
        coverage: Vec<Coverage>,
        progress: Option<SellerProgress>,
    ) {
        self.progress.heatmap = heatmap;
        self.progress.coverage = coverage;
        self.progress.progress = progress;
    }

    /// The rubric the progress view is on.
    pub fn progress_rubric(&self) -> Option<&Rubric> {
        self.rubrics.get(self.progress.rubric)
    }

    pub fn progress_seller(&self) -> Option<&SellerRef> {
        self.sellers.get(self.progress.seller)
    }

    pub(super) fn save_evidence(&mut self) -> Vec<Effect> {
        match &mut self.scoring {
            Some(view) => view.save_evidence(),
            None => Vec::new(),
        }
    }

    /// `Enter` on a joint call: the start form with its seller and call filled in.
    pub(super) fn score_call(&mut self, meeting: &Meeting) -> Vec<Effect> {
        let seller = meeting.seller.as_ref().map(|s| s.id);
        self.open_start_form(seller, Some(meeting));
        Vec::new()
    }

    fn open_start_form(&mut self, seller: Option<i64>, call: Option<&Meeting>) {
        if self.scoring.is_some() {
            self.notice = Some(Notice::Info(
                "A call is being scored: finish it with e in the scorecard pane first".into(),
            ));
            self.focus = Pane::Scorecard;
            return;
        }
        if self.sellers.is_empty() {
            self.notice = Some(Notice::Info(
                "No sellers yet: add them with `cadence seller add NAME`".into(),
            ));
            return;
        }
        if self.rubrics.is_empty() {
            self.notice = Some(Notice::Info(
                "No rubric could be read: `cadence rubric list` says why".into(),
            ));
            return;
        }
        let (names, ids, at) = super::dialogs::one_seller_choice(&self.sellers, seller);
        let rubrics: Vec<String> = self
            .rubrics
            .iter()
            .map(|r| format!("{} (v{})", r.name, r.version))
            .collect();
        let mut fields = vec![
            Field::choice("Seller", names, at),
            Field::choice("Rubric", rubrics, 0),
        ];
        let mut form_title = "Score a call".to_string();
        if let Some(m) = call {
            form_title = format!(
                "Score the joint call with {}",
                m.seller.as_ref().map(|s| s.name.as_str()).unwrap_or("")
            );
        }
        // The call: none, or a joint call of the week on screen (its seller wins).
        let settings = self.settings;
        let label = |m: &Meeting| {
            format!(
                "{}, {}",
                m.seller.as_ref().map(|s| s.name.as_str()).unwrap_or(""),
                settings.when(m.starts_at)
            )
        };
        let mut calls: Vec<(Option<i64>, Option<i64>)> = vec![(None, None)];
        let mut call_names = vec!["not from the calendar".to_string()];
        let week_calls = self
            .calendar
            .meetings
            .iter()
            .map(|m| &m.meeting)
            .filter(|m| scorable(m));
        for m in week_calls.chain(call) {
            if calls.iter().any(|(id, _)| *id == Some(m.id)) {
                continue;
            }
            calls.push((Some(m.id), m.seller.as_ref().map(|s| s.id)));
            call_names.push(label(m));
        }
        let chosen = call
            .and_then(|m| calls.iter().position(|(id, _)| *id == Some(m.id)))
            .unwrap_or(0);
        fields.push(Field::choice("Call", call_names, chosen));
        let mut form = Form::new(form_title, fields);
        if call.is_some() {
            // Seller and call are known: the rubric is the one thing to choose.
            form.focus = 1;
        }
        self.overlays.push(Overlay::Form(FormDialog {
            intent: Intent::StartScorecard { calls },
            form,
            seller_ids: ids,
        }));
    }

    pub(super) fn update_scorecard(&mut self, action: Action, now: DateTime<Utc>) -> Vec<Effect> {
        let Some(view) = &mut self.scoring else {
            return self.update_progress(action);
        };
        if view.typing() {
            return match action {
                Action::Back => view.stop_typing(),
                Action::Type(key) => {
                    type_evidence(view, key);
                    Vec::new()
                }
                Action::OpenEditor => {
                    let mut effects = view.save_evidence();
                    let text = view
                        .evidence
                        .as_ref()
                        .map(|area| area.lines().join("\n"))
                        .unwrap_or_default();
                    effects.push(Effect::Edit(text));
                    effects
                }
                Action::Edited(text) => {
                    view.evidence = Some(Box::new(super::live::text_area(&text)));
                    view.dirty = true;
                    view.save_evidence()
                }
                _ => Vec::new(),
            };
        }
        let count = view.criteria().len();
        let card = view.card.id;
        match action {
            Action::Up | Action::Down => {
                view.selected = step_index(view.selected, count, action == Action::Down);
            }
            Action::Score(level) => {
                if let Some(criterion) = view.selected_key() {
                    let mark = if level == 0 {
                        Mark::NotObserved
                    } else {
                        Mark::Level(level)
                    };
                    let base = view.card.marks.insert(criterion.clone(), mark);
                    return vec![Effect::SetMark {
                        scorecard: card,
                        criterion,
                        base,
                        mark: Some(mark),
                    }];
                }
            }
            Action::ClearScore => {
                if let Some(criterion) = view.selected_key() {
                    let base = view.card.marks.remove(&criterion);
                    return vec![Effect::SetMark {
                        scorecard: card,
                        criterion,
                        base,
                        mark: None,
                    }];
                }
            }
            Action::EditNotes => {
                if let Some(criterion) = view.selected_key() {
                    let text = view
                        .card
                        .evidence
                        .get(&criterion)
                        .cloned()
                        .unwrap_or_default();
                    view.evidence = Some(Box::new(super::live::text_area(&text)));
                }
            }
            Action::Observe => {
                if let Some(criterion) = view.selected_key() {
                    // Stamped when the manager noticed it, not when they finished typing.
                    let at_seconds = view.call_seconds(now);
                    let name = view
                        .card
                        .rubric
                        .criterion(&criterion)
                        .map(|c| c.name.clone())
                        .unwrap_or_default();
                    self.overlays.push(Overlay::Form(FormDialog {
                        intent: Intent::Observation {
                            scorecard: card,
                            criterion,
                            at_seconds,
                        },
                        form: Form::new(
                            format!("Observation at {} on {name}", call_clock(at_seconds)),
                            vec![Field::text("Noted", "", "what you saw or heard, in a line")],
                        ),
                        seller_ids: Vec::new(),
                    }));
                }
            }
            Action::ToggleTookOver => {
                let base = view.card.took_over;
                view.card.took_over = !base;
                return vec![Effect::SetTookOver {
                    scorecard: card,
                    base,
                    took_over: !base,
                }];
            }
            Action::EndMeeting => {
                let effects = view.save_evidence();
                view.evidence = None;
                let dialog = finish_form(view);
                self.overlays.push(Overlay::Form(dialog));
                return effects;
            }
            _ => {}
        }
        Vec::new()
    }

    fn update_progress(&mut self, action: Action) -> Vec<Effect> {
        let p = &mut self.progress;
        match action {
            Action::NewScorecard => {
                let seller = self.sellers.get(self.progress.seller).map(|s| s.id);
                self.open_start_form(seller, None);
                return Vec::new();
            }
            // The team's part is kept: only the seller's progress is read.
            Action::ToggleProgressView => p.by_seller = !p.by_seller,
            Action::NextSeller | Action::PrevSeller => {
                let n = self.sellers.len().max(1);
                p.seller = if action == Action::NextSeller {
                    (p.seller + 1) % n
                } else {
                    (p.seller + n - 1) % n
                };
                p.by_seller = true;
            }
            // Through the team's rows, in either view, without wrapping around.
            Action::Up | Action::Down | Action::Top | Action::Bottom => {
                let last = self.sellers.len().saturating_sub(1);
                p.seller = match action {
                    Action::Up => p.seller.saturating_sub(1),
                    Action::Down => (p.seller + 1).min(last),
                    Action::Top => 0,
                    _ => last,
                };
            }
            Action::NextRubric => {
                p.rubric = (p.rubric + 1) % self.rubrics.len().max(1);
            }
            _ => return Vec::new(),
        }
        // The team's rows scroll to the chosen seller when they show: paging one seller's
        // progress reads the team again only on the way back to it.
        if !p.by_seller {
            p.keep_in_view(self.sellers.len());
        }
        vec![Effect::LoadProgress]
    }

    /// Checks the start, observation and finish dialogs.
    pub(super) fn submit_scoring_form(
        &mut self,
        dialog: &mut FormDialog,
        now: DateTime<Utc>,
    ) -> Option<Effect> {
        let form = &mut dialog.form;
        match &dialog.intent {
            Intent::StartScorecard { calls } => {
                let (meeting, call_seller) = calls.get(form.choice(2)).copied()?;
                let seller = match call_seller {
                    // A call from the calendar is with its seller, whoever was picked.
                    Some(seller) => seller,
                    None => dialog.seller_ids.get(form.choice(0)).copied().flatten()?,
                };
                let rubric = self.rubrics.get(form.choice(1))?.clone();
                Some(Effect::StartScorecard {
                    seller,
                    rubric,
                    meeting,
                })
            }
            Intent::Observation {
                scorecard,
                criterion,
                at_seconds,
            } => {
                let text = form.text(0);
                if text.is_empty() {
                    form.reject(0, "An observation needs a few words; Esc drops it.");
                    return None;
                }
                if let Some(view) = &mut self.scoring {
                    view.card.observations.push(crate::domain::Observation {
                        criterion: criterion.clone(),
                        at_seconds: *at_seconds,
                        text: text.clone(),
                    });
                }
                Some(Effect::AddObservation {
                    scorecard: *scorecard,
                    criterion: criterion.clone(),
                    at_seconds: *at_seconds,
                    text,
                })
            }
            Intent::FinishScorecard { scorecard, keys } => {
                let pick = |i: usize| match form.choice(i) {
                    0 => None,
                    n => keys.get(n - 1).cloned(),
                };
                let (strength, focus) = (pick(0), pick(1));
                let make_action = form.choice(2) == 1;
                let view = self.scoring.as_ref()?;
                let action = if make_action {
                    let Some(focus) = &focus else {
                        form.reject(1, "A coaching action needs a focus area.");
                        return None;
                    };
                    let local = now.with_timezone(&self.settings.zone);
                    let due_on = form.optional_due(3, local).ok()?;
                    let name = view
                        .card
                        .rubric
                        .criterion(focus)
                        .map(|c| c.name.clone())
                        .unwrap_or_else(|| focus.clone());
                    Some(ActionDraft {
                        seller_id: view.card.seller.id,
                        title: format!("Practise: {name}"),
                        owner: Owner::Seller,
                        due_on,
                    })
                } else {
                    None
                };
                let zone = self.settings.zone;
                let reobserve_at = form
                    .optional_due(4, now.with_timezone(&zone))
                    .ok()?
                    .map(|day| crate::domain::recurrence::local_instant(day, REOBSERVE_TIME, zone));
                Some(Effect::FinishScorecard {
                    scorecard: *scorecard,
                    finish: Finish {
                        strength,
                        focus,
                        action,
                        reobserve_at,
                        reobserve_minutes: self.settings.meeting_minutes.get(Kind::JointCall),
                    },
                })
            }
            _ => None,
        }
    }
}

fn type_evidence(view: &mut ScoringView, key: KeyEvent) {
    if let Some(area) = &mut view.evidence {
        super::form::type_into(area, key);
        view.dirty = true;
    }
}

/// The finish: strength and focus area suggested from the marks (the highest and the
/// lowest), and whether to make the focus area a coaching action for the seller.
fn finish_form(view: &ScoringView) -> FormDialog {
    let criteria = view.criteria();
    let keys: Vec<String> = criteria.iter().map(|c| c.key.clone()).collect();
    let mut names = vec!["(none)".to_string()];
    names.extend(criteria.iter().map(|c| c.name.clone()));
    let levels: Vec<(usize, u8)> = criteria
        .iter()
        .enumerate()
        .filter_map(|(i, c)| match view.card.marks.get(&c.key) {
            Some(Mark::Level(l)) => Some((i, *l)),
            _ => None,
        })
        .collect();
    // Ties go to the earlier criterion: the order the rubric author gave.
    let strongest = levels
        .iter()
        .rev()
        .max_by_key(|(_, l)| *l)
        .map_or(0, |(i, _)| i + 1);
    let weakest = levels
        .iter()
        .min_by_key(|(_, l)| *l)
        .map_or(0, |(i, _)| i + 1);
    FormDialog {
        intent: Intent::FinishScorecard {
            scorecard: view.card.id,
            keys,
        },
        form: Form::new(
            format!(
                "Finish: {} scored {}",
                view.card.seller.name,
                view.score()
                    .map(|s| format!("{s:.1} of 5"))
                    .unwrap_or_else(|| "nothing yet".into())
            ),
            vec![
                Field::choice("Strength", names.clone(), strongest),
                Field::choice("Focus area", names, weakest),
                Field::choice(
                    "Coaching action",
                    vec!["none".into(), "practise the focus area".into()],
                    1,
                ),
                Field::text("Due", "", &format!("{DUE_EXAMPLES}; blank for no date")),
                Field::text(
                    "Re-observe by",
                    "",
                    "a day to plan a joint call on the focus area (fri, +2w); blank for none",
                ),
            ],
        ),
        seller_ids: Vec::new(),
    }
}
