//! The action items pane: the list under its filters, marks for changes to many rows at
//! once, the search line, and the dialogs that add, edit, re-date, drop and reassign items.

use super::dialogs::{FormDialog, Intent, one_seller_choice};
use super::form::{Field, Form};
use super::review::ReviewWalk;
use super::{Cockpit, Notice, Overlay, step_index};
use crate::action::{Action, Effect};
use crate::config::Settings;
use crate::domain::actions::{ActionFilter, Sort};
use crate::domain::agenda::Owner;
use crate::domain::phrase::DUE_EXAMPLES;
use crate::domain::review::WeekSummary;
use crate::domain::{
    ActionChange, ActionDraft, ActionItem, ActionList, ActionStatus, HistoryEntry,
};
use chrono::{DateTime, NaiveDate, Utc};
use ratatui_textarea::TextArea;
use std::collections::BTreeMap;

#[derive(Debug, Default)]
pub struct ActionsView {
    pub filter: ActionFilter,
    pub sort: Sort,
    /// The rows read around the selection, and how many the filter keeps in all.
    pub list: ActionList,
    /// The selected row's place in the whole list, not in the rows read.
    pub selected: usize,
    /// Rows marked with `m`, with their status: done, drop, new date and reassign apply to
    /// all of them, also to those scrolled out of the rows read.
    pub marked: BTreeMap<i64, ActionStatus>,
    /// The search line while it is being typed.
    pub search: Option<Box<TextArea<'static>>>,
    /// The most rows the pane can show on the screen as it is (`Cockpit::fit_to_screen`).
    pub rows: usize,
}

/// Rows read beyond the screenful each time, so moving the selection reads again only
/// every so many rows.
const SLACK: usize = 16;

/// Lines inside the pane the rows never use: the filter line and the table's header.
pub(super) const NOT_ROWS: u16 = 2;

impl ActionsView {
    /// The rows read; the marks are checked apart (`marks_checked`), as they may be on rows
    /// not read.
    pub fn loaded(&mut self, list: ActionList) {
        self.selected = self.selected.min(list.total.saturating_sub(1));
        self.list = list;
    }

    /// The marks still on rows the filter keeps, with their status, as the loader found them.
    pub fn marks_checked(&mut self, kept: Vec<(i64, ActionStatus)>) {
        self.marked = kept.into_iter().collect();
    }

    pub fn selected_item(&self) -> Option<&ActionItem> {
        let at = self.selected.checked_sub(self.list.offset)?;
        self.list.items.get(at)
    }

    /// The rows the pane may show: the selection and up to a screenful above it, or the
    /// first screenful when the selection is within it.
    fn reach(&self) -> usize {
        self.rows.max(1)
    }

    /// The rows to read so that every row the pane may show is among them: `(offset, limit)`.
    pub fn window(&self) -> (usize, usize) {
        let reach = self.reach();
        (
            self.selected.saturating_sub(reach + SLACK / 2),
            reach + SLACK,
        )
    }

    /// Whether the rows read hold every row the pane may show now.
    pub fn covers_screen(&self) -> bool {
        let reach = self.reach();
        let first = self.selected.saturating_sub(reach);
        let end = (self.selected.max(reach) + 1).min(self.list.total);
        let (from, to) = (self.list.offset, self.list.offset + self.list.items.len());
        from <= first && end <= to
    }

    /// The rows a change applies to: the marked ones, or else the selected one.
    pub fn targets(&self) -> Vec<i64> {
        if self.marked.is_empty() {
            self.selected_item().map(|a| vec![a.id]).unwrap_or_default()
        } else {
            self.marked.keys().copied().collect()
        }
    }

    pub fn searching(&self) -> bool {
        self.search.is_some()
    }
}

/// Owner choices in the forms, in this order.
const OWNERS: [Owner; 2] = [Owner::Seller, Owner::Manager];

fn owner_names() -> Vec<String> {
    vec!["Seller".into(), "Manager".into()]
}

/// Text for a due-date field: blank means no date.
fn due_text(due: Option<NaiveDate>) -> String {
    due.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

fn due_placeholder() -> String {
    format!("{DUE_EXAMPLES}; blank for no date")
}

impl Cockpit {
    /// The dates "due this week" means, from today and the week start.
    pub fn week_dates(&self) -> (NaiveDate, NaiveDate) {
        let week = crate::domain::Week::containing(self.today, self.settings.week_start);
        (week.first_day(), week.last_day())
    }

    pub fn actions_loaded(&mut self, list: ActionList) {
        self.actions.loaded(list);
    }

    /// The seller the list is filtered on, by name.
    pub fn seller_filter_name(&self) -> Option<&str> {
        let id = self.actions.filter.seller?;
        self.sellers
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.name.as_str())
    }

    pub(super) fn update_actions(&mut self, action: Action) -> Vec<Effect> {
        if self.actions.searching() {
            return self.update_search(action);
        }
        let view = &mut self.actions;
        let len = view.list.total;
        match action {
            Action::Up | Action::Down => {
                view.selected = step_index(view.selected, len, action == Action::Down);
                return self.read_around_selection();
            }
            Action::Top => {
                view.selected = 0;
                return self.read_around_selection();
            }
            Action::Bottom => {
                view.selected = len.saturating_sub(1);
                return self.read_around_selection();
            }
            Action::ToggleMark => {
                if let Some(item) = view.selected_item() {
                    let (id, status) = (item.id, item.status);
                    if view.marked.remove(&id).is_none() {
                        view.marked.insert(id, status);
                    }
                    view.selected = step_index(view.selected, len, true);
                    return self.read_around_selection();
                }
            }
            Action::Search => {
                let mut area = TextArea::new(vec![view.filter.text.clone()]);
                area.move_cursor(ratatui_textarea::CursorMove::End);
                view.search = Some(Box::new(area));
            }
            Action::NextSeller | Action::PrevSeller => {
                let ids: Vec<Option<i64>> = std::iter::once(None)
                    .chain(self.sellers.iter().map(|s| Some(s.id)))
                    .collect();
                let at = ids
                    .iter()
                    .position(|id| *id == view.filter.seller)
                    .unwrap_or(0);
                let n = ids.len();
                let next = if action == Action::NextSeller {
                    (at + 1) % n
                } else {
                    (at + n - 1) % n
                };
                view.filter.seller = ids[next];
                return self.refilter();
            }
            Action::CycleOwner => {
                view.filter.owner = match view.filter.owner {
                    None => Some(Owner::Seller),
                    Some(Owner::Seller) => Some(Owner::Manager),
                    Some(Owner::Manager) => None,
                };
                return self.refilter();
            }
            Action::CycleStatus => {
                view.filter.status = view.filter.status.next();
                return self.refilter();
            }
            Action::ToggleOverdue => {
                view.filter.overdue = !view.filter.overdue;
                return self.refilter();
            }
            Action::ToggleDueThisWeek => {
                view.filter.due_this_week = !view.filter.due_this_week;
                return self.refilter();
            }
            Action::CycleSort => {
                view.sort = view.sort.next();
                return self.refilter();
            }
            Action::ClearFilters => {
                view.filter = ActionFilter::default();
                return self.refilter();
            }
            Action::AddAction => {
                if self.sellers.is_empty() {
                    self.notice = Some(Notice::Info(
                        "No sellers yet: add them with `cadence seller add NAME`".into(),
                    ));
                } else {
                    let seller = view.filter.seller.or(self.sellers.first().map(|s| s.id));
                    let dialog = action_form(None, &self.sellers, seller);
                    self.overlays.push(Overlay::Form(dialog));
                }
            }
            Action::EditAction => {
                if let Some(item) = self.selected_action_or_explain() {
                    let dialog = action_form(Some(&item), &self.sellers, Some(item.seller.id));
                    self.overlays.push(Overlay::Form(dialog));
                }
            }
            Action::MarkDone => return self.mark_done(),
            Action::DropAction => {
                let ids = self.targets_or_explain();
                if !ids.is_empty() {
                    self.overlays.push(Overlay::Form(drop_form(ids)));
                }
            }
            Action::MoveDue => {
                let ids = self.targets_or_explain();
                if !ids.is_empty() {
                    let current = self.actions.selected_item().and_then(|a| a.due_on);
                    self.overlays
                        .push(Overlay::Form(due_form(ids, current, &self.settings)));
                }
            }
            Action::Reassign => {
                let ids = self.targets_or_explain();
                if !ids.is_empty() {
                    self.overlays
                        .push(Overlay::Form(reassign_form(ids, &self.sellers)));
                }
            }
            Action::BringToNext => {
                if let Some(item) = self.selected_action_or_explain() {
                    return vec![Effect::BringToNext(item.id)];
                }
            }
            Action::Undo => return vec![Effect::UndoActions],
            Action::Redo => return vec![Effect::RedoActions],
            _ => {}
        }
        Vec::new()
    }

    fn refilter(&mut self) -> Vec<Effect> {
        self.actions.selected = 0;
        vec![Effect::LoadActions]
    }

    /// Reads the rows around the selection when it moved beyond those read.
    pub(super) fn read_around_selection(&mut self) -> Vec<Effect> {
        if self.actions.covers_screen() {
            Vec::new()
        } else {
            vec![Effect::LoadActions]
        }
    }

    fn update_search(&mut self, action: Action) -> Vec<Effect> {
        let view = &mut self.actions;
        match action {
            // Enter keeps the search; Esc takes it away.
            Action::Submit => view.search = None,
            Action::Back => {
                view.search = None;
                view.filter.text.clear();
                return self.refilter();
            }
            Action::Type(key) => {
                if let Some(area) = &mut view.search {
                    super::form::type_into(area, key);
                    let text = area.lines().join(" ");
                    if text != view.filter.text {
                        view.filter.text = text;
                        return self.refilter();
                    }
                }
            }
            _ => {}
        }
        Vec::new()
    }

    fn selected_action_or_explain(&mut self) -> Option<ActionItem> {
        let item = self.actions.selected_item().cloned();
        if item.is_none() {
            self.notice = Some(Notice::Info(
                "No action item selected: press a to add one, or c to clear the filters".into(),
            ));
        }
        item
    }

    fn targets_or_explain(&mut self) -> Vec<i64> {
        let ids = self.actions.targets();
        if ids.is_empty() {
            self.selected_action_or_explain();
        }
        ids
    }

    /// `x`: done; on rows already done or dropped, open again.
    fn mark_done(&mut self) -> Vec<Effect> {
        let ids = self.targets_or_explain();
        if ids.is_empty() {
            return Vec::new();
        }
        let status = |id: &i64| {
            let view = &self.actions;
            view.marked.get(id).copied().or_else(|| {
                view.list
                    .items
                    .iter()
                    .find(|a| a.id == *id)
                    .map(|a| a.status)
            })
        };
        let open: Vec<i64> = ids
            .iter()
            .filter(|id| status(id) == Some(ActionStatus::Open))
            .copied()
            .collect();
        // Done applies to the open rows; a dropped row stays dropped with its reason. On
        // closed rows alone, x opens them again.
        let (ids, change) = if open.is_empty() {
            (ids, ActionChange::Reopen)
        } else {
            (open, ActionChange::Done)
        };
        self.actions.marked.clear();
        vec![Effect::ChangeActions { ids, change }]
    }

    /// Checks a submitted action dialog; `None` leaves it open with what was wrong.
    pub(super) fn submit_action_form(
        &mut self,
        dialog: &mut FormDialog,
        now: DateTime<Utc>,
    ) -> Option<Effect> {
        let local = now.with_timezone(&self.settings.zone);
        let form = &mut dialog.form;
        let effect = match &dialog.intent {
            Intent::NewAction | Intent::EditAction { .. } => {
                let title = form.text(0);
                if title.is_empty() {
                    form.reject(0, "An action item needs a title: what will be done?");
                    return None;
                }
                if !form.fits(0, crate::domain::limits::ACTION_TITLE) {
                    return None;
                }
                let seller_id = dialog.seller_ids.get(form.choice(1)).copied().flatten()?;
                let owner = OWNERS[form.choice(2).min(1)];
                // An unchanged date is kept as it is, even if it has passed.
                let stored = match dialog.intent {
                    Intent::EditAction { id } => self
                        .actions
                        .list
                        .items
                        .iter()
                        .find(|a| a.id == id)
                        .and_then(|a| a.due_on),
                    _ => None,
                };
                let due_on = match stored {
                    Some(d) if form.text(3) == due_text(Some(d)) => Some(d),
                    _ => form.optional_due(3, local).ok()?,
                };
                let draft = ActionDraft {
                    seller_id,
                    title,
                    owner,
                    due_on,
                };
                match dialog.intent {
                    Intent::EditAction { id } => Effect::ChangeActions {
                        ids: vec![id],
                        change: ActionChange::Edit(draft),
                    },
                    _ => Effect::AddAction(draft),
                }
            }
            Intent::ActionDue { ids } => {
                let due_on = match form.text(0).to_lowercase().as_str() {
                    "" => {
                        form.reject(
                            0,
                            format!(
                                "Type the new due date: {DUE_EXAMPLES}, or 'none' for no date."
                            ),
                        );
                        return None;
                    }
                    "none" => None,
                    _ => form.optional_due(0, local).ok()?,
                };
                Effect::ChangeActions {
                    ids: ids.clone(),
                    change: ActionChange::Due(due_on),
                }
            }
            Intent::ActionDrop { ids } => {
                let reason = form.text(0);
                Effect::ChangeActions {
                    ids: ids.clone(),
                    change: ActionChange::Drop {
                        reason: (!reason.is_empty()).then_some(reason),
                    },
                }
            }
            Intent::ActionReassign { ids } => {
                // The first choice of each field keeps what the items have.
                let seller_id = match form.choice(0) {
                    0 => None,
                    n => dialog.seller_ids.get(n).copied().flatten(),
                };
                let owner = match form.choice(1) {
                    0 => None,
                    n => Some(OWNERS[(n - 1).min(1)]),
                };
                if seller_id.is_none() && owner.is_none() {
                    form.reject(0, "Choose a new seller or a new owner.");
                    return None;
                }
                Effect::ChangeActions {
                    ids: ids.clone(),
                    change: ActionChange::Reassign { seller_id, owner },
                }
            }
            _ => return None,
        };
        self.actions.marked.clear();
        Some(effect)
    }

    /// The review's items (when it opens) and the week's summary, read by the loop.
    pub fn review_loaded(&mut self, queue: Option<Vec<ActionItem>>, summary: Option<WeekSummary>) {
        for overlay in &mut self.overlays {
            if let Overlay::Review(walk) = overlay {
                match queue {
                    Some(queue) => walk.loaded(queue, summary),
                    None => walk.summary = summary,
                }
                return;
            }
        }
    }

    pub fn history_loaded(&mut self, id: i64, history: Vec<HistoryEntry>) {
        for overlay in &mut self.overlays {
            if let Overlay::Review(walk) = overlay
                && walk.queue.get(walk.index).is_some_and(|a| a.id == id)
            {
                walk.history = history;
                return;
            }
        }
    }

    /// `R`: the end-of-week review, loaded by the loop.
    pub fn open_review(&mut self) -> Vec<Effect> {
        let week = crate::domain::Week::containing(self.today, self.settings.week_start);
        self.overlays
            .push(Overlay::Review(ReviewWalk::for_week(week.code())));
        vec![Effect::LoadReview]
    }

    pub(super) fn update_review(&mut self, mut walk: ReviewWalk, action: Action) -> Vec<Effect> {
        if action == Action::Back {
            return Vec::new();
        }
        let mut effects = Vec::new();
        let closed = walk
            .current()
            .filter(|a| a.status != ActionStatus::Open)
            .map(|a| a.status);
        match (walk.current().cloned(), action) {
            (_, Action::ShowSummary) => effects = walk.to_summary(),
            (_, Action::PrevItem) => effects = walk.back(),
            (_, Action::Up) => walk.scroll = walk.scroll.saturating_sub(1),
            (_, Action::Down) => walk.scroll = walk.scroll.saturating_add(1),
            (Some(_), Action::Keep) => effects = walk.decided("kept"),
            (Some(_), _) if closed.is_some() => {
                let status = closed.map(|s| s.key()).unwrap_or_default();
                self.notice = Some(Notice::Info(format!(
                    "This item is {status} already: n goes on to the next"
                )));
            }
            (Some(item), Action::MarkDone) => {
                effects.push(Effect::ChangeActions {
                    ids: vec![item.id],
                    change: ActionChange::Done,
                });
                walk.set_status(ActionStatus::Done);
                effects.extend(walk.decided("done"));
            }
            (Some(item), Action::BringToNext) => {
                effects.push(Effect::BringToNext(item.id));
                effects.extend(walk.decided("to the next 1:1"));
            }
            (Some(item), Action::MoveDue) => {
                self.overlays.push(Overlay::Review(walk));
                self.overlays.push(Overlay::Form(due_form(
                    vec![item.id],
                    item.due_on,
                    &self.settings,
                )));
                return Vec::new();
            }
            (Some(item), Action::DropAction) => {
                self.overlays.push(Overlay::Review(walk));
                self.overlays.push(Overlay::Form(drop_form(vec![item.id])));
                return Vec::new();
            }
            _ => {}
        }
        self.overlays.push(Overlay::Review(walk));
        effects
    }

    /// A dialog opened from the review walk was saved: the walk moves on.
    pub(super) fn review_dialog_saved(&mut self, effect: &Effect) -> Vec<Effect> {
        let outcome = match effect {
            Effect::ChangeActions {
                change: ActionChange::Due(_),
                ..
            } => "new date",
            Effect::ChangeActions {
                change: ActionChange::Drop { .. },
                ..
            } => "dropped",
            _ => return Vec::new(),
        };
        match self.overlays.last_mut() {
            Some(Overlay::Review(walk)) => {
                if outcome == "dropped" {
                    walk.set_status(ActionStatus::Dropped);
                }
                walk.decided(outcome)
            }
            _ => Vec::new(),
        }
    }
}

/// Add (no item) or edit an action item.
pub fn action_form(
    item: Option<&ActionItem>,
    sellers: &[crate::domain::SellerRef],
    seller: Option<i64>,
) -> FormDialog {
    let (names, ids, selected) = one_seller_choice(sellers, seller);
    let owner = item.map(|a| a.owner).unwrap_or(Owner::Seller);
    let title = match item {
        Some(a) => format!("Edit action item {}", a.id),
        None => "Add an action item".into(),
    };
    FormDialog {
        intent: match item {
            Some(a) => Intent::EditAction { id: a.id },
            None => Intent::NewAction,
        },
        form: Form::new(
            title,
            vec![
                Field::text(
                    "Title",
                    item.map(|a| a.title.as_str()).unwrap_or(""),
                    "what will be done",
                ),
                Field::choice("Seller", names, selected),
                Field::choice(
                    "Owner",
                    owner_names(),
                    OWNERS.iter().position(|o| *o == owner).unwrap_or(0),
                ),
                Field::text(
                    "Due",
                    &due_text(item.and_then(|a| a.due_on)),
                    &due_placeholder(),
                ),
            ],
        ),
        seller_ids: ids,
    }
}

fn plural(ids: &[i64]) -> String {
    if ids.len() == 1 {
        "the action item".into()
    } else {
        format!("{} marked items", ids.len())
    }
}

/// The new-date dialog starts empty, the current date in the placeholder: a new date is
/// typed, not edited out of the old one.
pub fn due_form(ids: Vec<i64>, current: Option<NaiveDate>, settings: &Settings) -> FormDialog {
    let now = match current {
        Some(d) => format!("now {}", settings.day(d)),
        None => "now no date".into(),
    };
    FormDialog {
        form: Form::new(
            format!("New due date for {}", plural(&ids)),
            vec![Field::text(
                "Due",
                "",
                &format!("{now}; {DUE_EXAMPLES}; 'none' for no date"),
            )],
        ),
        intent: Intent::ActionDue { ids },
        seller_ids: Vec::new(),
    }
}

pub fn drop_form(ids: Vec<i64>) -> FormDialog {
    FormDialog {
        form: Form::new(
            format!("Drop {}", plural(&ids)),
            vec![Field::text(
                "Reason",
                "",
                "why it no longer needs doing (optional)",
            )],
        ),
        intent: Intent::ActionDrop { ids },
        seller_ids: Vec::new(),
    }
}

pub fn reassign_form(ids: Vec<i64>, sellers: &[crate::domain::SellerRef]) -> FormDialog {
    let mut names = vec!["(keep)".to_string()];
    let mut seller_ids = vec![None];
    for s in sellers {
        names.push(s.name.clone());
        seller_ids.push(Some(s.id));
    }
    let mut owners = vec!["(keep)".to_string()];
    owners.extend(owner_names());
    FormDialog {
        form: Form::new(
            format!("Reassign {}", plural(&ids)),
            vec![
                Field::choice("Seller", names, 0),
                Field::choice("Owner", owners, 0),
            ],
        ),
        intent: Intent::ActionReassign { ids },
        seller_ids,
    }
}
