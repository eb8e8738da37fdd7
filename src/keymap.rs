//! Keys to actions, from one table of bindings. The help overlay and the hint bar are drawn
//! from the same table, so they always tell the truth about the keys.

use crate::action::Action;
use crate::action::Pane;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use std::borrow::Cow;

/// Where a binding applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Everywhere, dialogs and typing included.
    Anywhere,
    /// Any pane, when no dialog is open.
    Global,
    Pane(Pane),
    Help,
    Form,
    Cadence,
    Confirm,
    /// Typing notes in the live meeting.
    Notes,
    Purpose,
    Landing,
    /// Typing a search in the action items pane.
    Search,
    Review,
    /// A call being scored in the scorecard pane.
    Scoring,
    /// Typing evidence for a criterion.
    Evidence,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn key(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

const fn ch(c: char) -> Key {
    key(KeyCode::Char(c))
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

#[derive(Debug)]
pub struct Binding {
    pub scope: Scope,
    pub keys: &'static [Key],
    pub action: Action,
    /// The action's name in the config's `[keys.SCOPE]` tables. Written out here, never
    /// derived from the variant's name: renaming a variant must not change a user's config.
    pub name: &'static str,
    pub description: &'static str,
    /// The short word shown in the status bar's hints, for the keys that matter most.
    pub hint: Option<&'static str>,
}

const fn bind(
    scope: Scope,
    keys: &'static [Key],
    action: Action,
    name: &'static str,
    description: &'static str,
    hint: Option<&'static str>,
) -> Binding {
    Binding {
        scope,
        keys,
        action,
        name,
        description,
        hint,
    }
}

use KeyCode::{BackTab, Backspace, Delete, Down, Enter, Esc, Left, Right, Tab, Up};
use Scope::{
    Anywhere, Cadence, Confirm, Evidence, Form, Global, Help, Landing, Notes, Purpose, Review,
    Scoring, Search,
};
const WEEK: Scope = Scope::Pane(Pane::Week);
const MEETING: Scope = Scope::Pane(Pane::Meeting);
const ACTIONS: Scope = Scope::Pane(Pane::Actions);
const SCORECARD: Scope = Scope::Pane(Pane::Scorecard);

#[rustfmt::skip]
pub static BINDINGS: &[Binding] = &[
    bind(Global, &[key(Tab)], Action::FocusNext, "focus_next", "next pane", None),
    bind(Global, &[key(BackTab)], Action::FocusPrev, "focus_prev", "previous pane", None),
    bind(Global, &[ch('1')], Action::Focus(Pane::Week), "focus_week", "week calendar", None),
    bind(Global, &[ch('2')], Action::Focus(Pane::Meeting), "focus_meeting", "live meeting", None),
    bind(Global, &[ch('3')], Action::Focus(Pane::Scorecard), "focus_scorecard", "scorecard", None),
    bind(Global, &[ch('4')], Action::Focus(Pane::Actions), "focus_actions", "action items", None),
    bind(Global, &[ch('z')], Action::ToggleZoom, "toggle_zoom", "zoom the pane", None),
    bind(Global, &[ch('?')], Action::ToggleHelp, "toggle_help", "help", Some("help")),
    bind(Global, &[ch('R')], Action::OpenReview, "open_review", "the end-of-week review", Some("review")),
    bind(Global, &[ch('q')], Action::Quit, "quit", "quit", Some("quit")),
    bind(Anywhere, &[ctrl('c')], Action::Quit, "quit", "quit (what you typed is saved)", None),
    bind(Anywhere, &[ctrl('z')], Action::Suspend, "suspend", "suspend (fg resumes)", None),
    bind(Anywhere, &[ctrl('s')], Action::Rescue, "rescue", "write text not yet saved to a rescue file", None),
    bind(WEEK, &[key(Left), ch('h')], Action::Left, "left", "previous day", None),
    bind(WEEK, &[key(Right), ch('l')], Action::Right, "right", "next day", None),
    bind(WEEK, &[key(Up), ch('k')], Action::Up, "up", "previous meeting", None),
    bind(WEEK, &[key(Down), ch('j')], Action::Down, "down", "next meeting", None),
    bind(WEEK, &[ch('[')], Action::PrevWeek, "prev_week", "previous week", Some("week")),
    bind(WEEK, &[ch(']')], Action::NextWeek, "next_week", "next week", Some("week")),
    bind(WEEK, &[ch('t')], Action::ThisWeek, "this_week", "this week", None),
    bind(WEEK, &[key(Enter)], Action::OpenMeeting, "open_meeting", "open the meeting", Some("open")),
    bind(WEEK, &[ch('a')], Action::NewMeeting, "new_meeting", "add a one-off meeting", Some("add")),
    bind(WEEK, &[ch('c')], Action::CancelMeeting, "cancel_meeting", "cancel (asks why)", Some("cancel")),
    bind(WEEK, &[ch('r')], Action::RescheduleMeeting, "reschedule_meeting", "reschedule", Some("move")),
    bind(WEEK, &[ch('d')], Action::ToggleHeld, "toggle_held", "mark held / planned", Some("held")),
    bind(WEEK, &[ch('C')], Action::OpenCadence, "open_cadence", "cadence builder", Some("cadence")),
    bind(MEETING, &[ch(' ')], Action::ToggleTimer, "toggle_timer", "start / pause the timer", Some("timer")),
    bind(MEETING, &[ch('n')], Action::NextItem, "next_item", "item covered: on to the next", Some("next")),
    bind(MEETING, &[ch('p')], Action::PrevItem, "prev_item", "back to the previous item", None),
    bind(MEETING, &[key(Up), ch('k')], Action::Up, "up", "select the item above", None),
    bind(MEETING, &[key(Down), ch('j')], Action::Down, "down", "select the item below", None),
    bind(MEETING, &[ch('i'), key(Enter)], Action::EditNotes, "edit_notes", "write notes on the selected item", Some("notes")),
    bind(MEETING, &[ch('v')], Action::TogglePrivate, "toggle_private", "shared / private notes", Some("private")),
    bind(MEETING, &[ch('u')], Action::PickPurpose, "pick_purpose", "purpose of the meeting", None),
    bind(MEETING, &[ch('a')], Action::AddItem, "add_item", "add an agenda item", None),
    bind(MEETING, &[ch('x')], Action::RemoveItem, "remove_item", "remove the selected item", None),
    bind(MEETING, &[ch('K')], Action::MoveItemUp, "move_item_up", "move the item up", None),
    bind(MEETING, &[ch('J')], Action::MoveItemDown, "move_item_down", "move the item down", None),
    bind(MEETING, &[ch('+'), ch('=')], Action::MoreTime, "more_time", "a minute more for the item", None),
    bind(MEETING, &[ch('-')], Action::LessTime, "less_time", "a minute less for the item", None),
    bind(MEETING, &[ch('d')], Action::ToggleDone, "toggle_done", "mark the item covered or not", None),
    bind(MEETING, &[ch('e')], Action::EndMeeting, "end_meeting", "end the meeting: actions and feedback", Some("end")),
    bind(MEETING, &[ch('s')], Action::StartUnplanned, "start_unplanned", "start an unplanned 1:1 now", Some("unplanned")),
    bind(ACTIONS, &[key(Up), ch('k')], Action::Up, "up", "previous item", None),
    bind(ACTIONS, &[key(Down), ch('j')], Action::Down, "down", "next item", None),
    bind(ACTIONS, &[key(KeyCode::Home), ch('g')], Action::Top, "top", "first item", None),
    bind(ACTIONS, &[key(KeyCode::End), ch('G')], Action::Bottom, "bottom", "last item counted", None),
    bind(ACTIONS, &[ch('a')], Action::AddAction, "add_action", "add an action item", Some("add")),
    bind(ACTIONS, &[key(Enter)], Action::EditAction, "edit_action", "edit the item", Some("edit")),
    bind(ACTIONS, &[ch('x')], Action::MarkDone, "mark_done", "done (on a closed item: reopen)", Some("done")),
    bind(ACTIONS, &[ch('D')], Action::DropAction, "drop_action", "drop, with an optional reason", Some("drop")),
    bind(ACTIONS, &[ch('>')], Action::MoveDue, "move_due", "new due date", Some("due")),
    bind(ACTIONS, &[ch('@')], Action::Reassign, "reassign", "reassign to another seller or owner", None),
    bind(ACTIONS, &[ch('m')], Action::ToggleMark, "toggle_mark", "mark the row (changes apply to all marked)", Some("mark")),
    bind(ACTIONS, &[ch('b')], Action::BringToNext, "bring_to_next", "bring to the seller's next 1:1", None),
    bind(ACTIONS, &[ch('u')], Action::Undo, "undo", "undo the last change", Some("undo")),
    bind(ACTIONS, &[ctrl('r')], Action::Redo, "redo", "redo", None),
    bind(ACTIONS, &[ch('/')], Action::Search, "search", "search titles and sellers", Some("search")),
    bind(ACTIONS, &[ch('s')], Action::NextSeller, "next_seller", "filter: next seller", Some("seller")),
    bind(ACTIONS, &[ch('S')], Action::PrevSeller, "prev_seller", "filter: previous seller", None),
    bind(ACTIONS, &[ch('o')], Action::CycleOwner, "cycle_owner", "filter: owner (any, seller, manager)", None),
    bind(ACTIONS, &[ch('t')], Action::CycleStatus, "cycle_status", "filter: open, done, dropped, all", None),
    bind(ACTIONS, &[ch('!')], Action::ToggleOverdue, "toggle_overdue", "filter: overdue only", None),
    bind(ACTIONS, &[ch('w')], Action::ToggleDueThisWeek, "toggle_due_this_week", "filter: due this week", None),
    bind(ACTIONS, &[ch('O')], Action::CycleSort, "cycle_sort", "sort by due, seller or age", None),
    bind(ACTIONS, &[ch('c')], Action::ClearFilters, "clear_filters", "clear the filters", None),
    bind(SCORECARD, &[ch('n')], Action::NewScorecard, "new_scorecard", "score a call", Some("score a call")),
    bind(SCORECARD, &[ch('v')], Action::ToggleProgressView, "toggle_progress_view", "the team / one seller", Some("view")),
    bind(SCORECARD, &[ch('s')], Action::NextSeller, "next_seller", "next seller", Some("seller")),
    bind(SCORECARD, &[ch('S')], Action::PrevSeller, "prev_seller", "previous seller", None),
    bind(SCORECARD, &[ch('r')], Action::NextRubric, "next_rubric", "next rubric", Some("rubric")),
    bind(SCORECARD, &[key(Up), ch('k')], Action::Up, "up", "the seller above in the team", None),
    bind(SCORECARD, &[key(Down), ch('j')], Action::Down, "down", "the seller below in the team", None),
    bind(SCORECARD, &[key(KeyCode::Home), ch('g')], Action::Top, "top", "the first seller", None),
    bind(SCORECARD, &[key(KeyCode::End), ch('G')], Action::Bottom, "bottom", "the last seller", None),
    bind(Scoring, &[key(Up), ch('k')], Action::Up, "up", "previous criterion", None),
    bind(Scoring, &[key(Down), ch('j')], Action::Down, "down", "next criterion", None),
    bind(Scoring, &[ch('1')], Action::Score(1), "score_1", "score 1", Some("score")),
    bind(Scoring, &[ch('2')], Action::Score(2), "score_2", "score 2", Some("score")),
    bind(Scoring, &[ch('3')], Action::Score(3), "score_3", "score 3", Some("score")),
    bind(Scoring, &[ch('4')], Action::Score(4), "score_4", "score 4", Some("score")),
    bind(Scoring, &[ch('5')], Action::Score(5), "score_5", "score 5", Some("score")),
    bind(Scoring, &[ch('0'), ch('-')], Action::Score(0), "score_0", "not observed (left out of the score)", Some("not observed")),
    bind(Scoring, &[ch('x')], Action::ClearScore, "clear_score", "take the score away", None),
    bind(Scoring, &[ch('o')], Action::Observe, "observe", "an observation, stamped with the call time", Some("observe")),
    bind(Scoring, &[ch('i'), key(Enter)], Action::EditNotes, "edit_notes", "evidence for the criterion", Some("evidence")),
    bind(Scoring, &[ch('t')], Action::ToggleTookOver, "toggle_took_over", "you took over the call / you did not", Some("took over")),
    bind(Scoring, &[ch('e')], Action::EndMeeting, "end_meeting", "finish: strength, focus, coaching action", Some("finish")),
    bind(Evidence, &[key(Esc)], Action::Back, "back", "stop writing (saved as you type)", Some("done")),
    bind(Evidence, &[ctrl('e')], Action::OpenEditor, "open_editor", "write it in $VISUAL / $EDITOR", Some("editor")),
    bind(Search, &[key(Enter)], Action::Submit, "submit", "keep the search", Some("keep")),
    bind(Search, &[key(Esc)], Action::Back, "back", "clear the search", Some("clear")),
    bind(Review, &[ch('x')], Action::MarkDone, "mark_done", "done", Some("done")),
    bind(Review, &[ch('n'), ch(' ')], Action::Keep, "keep", "keep as it is: next", Some("keep")),
    bind(Review, &[ch('>')], Action::MoveDue, "move_due", "new due date", Some("new date")),
    bind(Review, &[ch('D')], Action::DropAction, "drop_action", "drop", Some("drop")),
    bind(Review, &[ch('b')], Action::BringToNext, "bring_to_next", "bring to the seller's next 1:1", Some("to 1:1")),
    bind(Review, &[ch('p')], Action::PrevItem, "prev_item", "back to the previous item", Some("back")),
    bind(Review, &[ch('s')], Action::ShowSummary, "show_summary", "the week's summary", Some("summary")),
    bind(Review, &[key(Up), ch('k')], Action::Up, "up", "scroll up", None),
    bind(Review, &[key(Down), ch('j')], Action::Down, "down", "scroll down", Some("scroll")),
    bind(Review, &[key(Esc), ch('q')], Action::Back, "back", "close the review", Some("close")),
    bind(Notes, &[key(Esc)], Action::Back, "back", "stop writing (notes are saved as you type)", Some("done")),
    bind(Notes, &[ctrl('e')], Action::OpenEditor, "open_editor", "write them in $VISUAL / $EDITOR", Some("editor")),
    bind(Purpose, &[key(Up), ch('k')], Action::Up, "up", "previous purpose", None),
    bind(Purpose, &[key(Down), ch('j')], Action::Down, "down", "next purpose", None),
    bind(Purpose, &[ch(' ')], Action::Toggle, "toggle", "choose / unchoose", Some("choose")),
    bind(Purpose, &[key(Enter)], Action::Submit, "submit", "build the agenda", Some("done")),
    bind(Purpose, &[key(Esc)], Action::Back, "back", "close", Some("close")),
    bind(Landing, &[ch('a')], Action::AddAction, "add_action", "add an action item", Some("action")),
    bind(Landing, &[ch('x')], Action::RemoveAction, "remove_action", "remove the selected action", None),
    bind(Landing, &[key(Up), ch('k')], Action::Up, "up", "previous action", None),
    bind(Landing, &[key(Down), ch('j')], Action::Down, "down", "next action", None),
    bind(Landing, &[ch('N')], Action::NoActions, "no_actions", "no actions (an explicit choice)", Some("no actions")),
    bind(Landing, &[ch('1')], Action::Rate(1), "rate_1", "rated 1: not useful", Some("rate")),
    bind(Landing, &[ch('2')], Action::Rate(2), "rate_2", "rated 2", Some("rate")),
    bind(Landing, &[ch('3')], Action::Rate(3), "rate_3", "rated 3", Some("rate")),
    bind(Landing, &[ch('4')], Action::Rate(4), "rate_4", "rated 4", Some("rate")),
    bind(Landing, &[ch('5')], Action::Rate(5), "rate_5", "rated 5: very useful", Some("rate")),
    bind(Landing, &[ch('c')], Action::Comment, "comment", "the seller's comment", Some("comment")),
    bind(Landing, &[key(Enter)], Action::Submit, "submit", "land: save and mark held", Some("land")),
    bind(Landing, &[key(Esc)], Action::Back, "back", "back to the meeting", Some("back")),
    bind(Help, &[key(Esc), ch('?'), ch('q')], Action::Back, "back", "close help", Some("close")),
    bind(Form, &[key(Tab), key(Down)], Action::NextField, "next_field", "next field", Some("next field")),
    bind(Form, &[key(BackTab), key(Up)], Action::PrevField, "prev_field", "previous field", None),
    bind(Form, &[key(Left)], Action::Left, "left", "previous choice", None),
    bind(Form, &[key(Right)], Action::Right, "right", "next choice", Some("choose")),
    bind(Form, &[key(Enter)], Action::Submit, "submit", "save", Some("save")),
    bind(Form, &[key(Esc)], Action::Back, "back", "cancel", Some("cancel")),
    bind(Cadence, &[key(Up), ch('k')], Action::Up, "up", "previous rule", None),
    bind(Cadence, &[key(Down), ch('j')], Action::Down, "down", "next rule", None),
    bind(Cadence, &[ch('a')], Action::AddRule, "add_rule", "add a rule", Some("add")),
    bind(Cadence, &[ch('e'), key(Enter)], Action::EditRule, "edit_rule", "edit the rule", Some("edit")),
    bind(Cadence, &[ch('x'), key(Delete)], Action::RemoveRule, "remove_rule", "remove the rule", Some("remove")),
    bind(Cadence, &[key(Esc), ch('q')], Action::Back, "back", "close", Some("close")),
    bind(Confirm, &[ch('y'), key(Enter)], Action::Confirm, "confirm", "yes", Some("yes")),
    bind(Confirm, &[ch('n'), key(Esc)], Action::Back, "back", "no", Some("no")),
];

fn matches(k: &Key, event: &KeyEvent) -> bool {
    if k.code != event.code {
        return false;
    }
    // Shift is part of the character itself ('C', '?', BackTab), so it is not compared.
    let mods = event.modifiers - KeyModifiers::SHIFT;
    k.mods == mods
}

#[derive(Debug)]
/// One binding with the keys in force: the default ones, or the manager's from the config.
pub struct Entry {
    pub binding: &'static Binding,
    pub keys: Cow<'static, [Key]>,
    /// Whether the config gave these keys (only such bindings can conflict).
    rebound: bool,
}

impl Entry {
    pub fn scope(&self) -> Scope {
        self.binding.scope
    }

    pub fn action(&self) -> &Action {
        &self.binding.action
    }

    pub fn description(&self) -> &'static str {
        self.binding.description
    }
}

/// The bindings in force: the table above with the config's rebindings applied. Resolving,
/// the help overlay and the hints all read it, so they agree with what the keys do.
#[derive(Debug)]
pub struct Keymap {
    entries: Vec<Entry>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap {
            entries: BINDINGS
                .iter()
                .map(|binding| Entry {
                    binding,
                    keys: Cow::Borrowed(binding.keys),
                    rebound: false,
                })
                .collect(),
        }
    }
}

/// A rebinding the config asks for: in `scope`, the action named `action` gets `keys`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rebinding {
    pub scope: String,
    pub action: String,
    pub keys: Vec<String>,
}

impl Keymap {
    /// The defaults with `rebindings` applied. A scope, action or key that does not exist,
    /// a plain character where typing happens, or two actions reachable from one place on
    /// the same key, is refused with a message naming them.
    pub fn with(rebindings: &[Rebinding]) -> Result<Keymap, String> {
        let mut map = Keymap::default();
        for r in rebindings {
            let scope = scope_named(&r.scope).ok_or_else(|| {
                format!(
                    "[keys.{}] is not a place keys work; the places are: {}",
                    r.scope,
                    SCOPES
                        .iter()
                        .map(|(n, _)| *n)
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })?;
            let entry = map
                .entries
                .iter_mut()
                .find(|e| e.scope() == scope && e.binding.name == r.action)
                .ok_or_else(|| {
                    let names: Vec<&str> = bindings_of(scope).map(|b| b.name).collect();
                    format!(
                        "[keys.{}] has no action '{}'; its actions are: {}",
                        r.scope,
                        r.action,
                        names.join(", ")
                    )
                })?;
            if r.keys.is_empty() {
                return Err(format!(
                    "[keys.{}] {} has no key: give one, such as \"x\", or a list",
                    r.scope, r.action
                ));
            }
            let keys = r
                .keys
                .iter()
                .map(|k| parse_key(k))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| format!("[keys.{}] {}: {e}", r.scope, r.action))?;
            if types_text(scope)
                && let Some(k) = keys.iter().find(|k| is_typed(k))
            {
                return Err(format!(
                    "[keys.{}] {}: '{}' would be typed as text there; use a key such as C-{} or Esc",
                    r.scope,
                    r.action,
                    key_label(k),
                    key_label(k),
                ));
            }
            // Keys given as they already are change nothing, and so cannot conflict.
            entry.rebound = keys.as_slice() != entry.binding.keys;
            entry.keys = Cow::Owned(keys);
        }
        map.check_conflicts()?;
        Ok(map)
    }

    fn check_conflicts(&self) -> Result<(), String> {
        for (i, a) in self.entries.iter().enumerate() {
            for b in &self.entries[i + 1..] {
                if !(a.rebound || b.rebound) || !meet(a.scope(), b.scope()) {
                    continue;
                }
                if let Some(k) = a.keys.iter().find(|k| b.keys.contains(k)) {
                    return Err(format!(
                        "key '{}' is bound to both {} ([keys.{}]) and {} ([keys.{}]); give one of them another key",
                        key_label(k),
                        a.binding.name,
                        scope_name(a.scope()),
                        b.binding.name,
                        scope_name(b.scope()),
                    ));
                }
            }
        }
        Ok(())
    }

    /// The action a key press means in `scope`. Releases and repeats of other kinds mean
    /// nothing. In a form, a key no binding claims is typed into the focused field.
    pub fn resolve(&self, scope: Scope, event: KeyEvent) -> Option<Action> {
        if event.kind != KeyEventKind::Press {
            return None;
        }
        let lookup = |s: Scope| {
            self.entries
                .iter()
                .find(|e| e.scope() == s && e.keys.iter().any(|k| matches(k, &event)))
                .map(|e| e.action().clone())
        };
        if let Some(action) = lookup(Anywhere) {
            return Some(action);
        }
        match scope {
            Scope::Pane(_) => lookup(scope).or_else(|| lookup(Global)),
            Form => lookup(Form).or_else(|| typed(event)),
            // Everything else is for the text area: letters, Enter, arrows, Backspace.
            Notes => lookup(Notes).or(Some(Action::Type(event))),
            Search => lookup(Search).or_else(|| typed(event)),
            Scoring => lookup(Scoring).or_else(|| lookup(Global)),
            Evidence => lookup(Evidence).or(Some(Action::Type(event))),
            other => lookup(other),
        }
    }

    /// Bindings of one scope, in table order.
    /// The keys in force for `action` in `scope`, as the help writes them ("u", "C-r"): what
    /// a message names, so that it stays true when the config rebinds the key.
    pub fn keys_for(&self, scope: Scope, action: &Action) -> String {
        self.bindings(scope)
            .find(|e| e.action() == action)
            .map(|e| keys_label(&e.keys))
            .unwrap_or_default()
    }

    pub fn bindings(&self, scope: Scope) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(move |e| e.scope() == scope)
    }

    /// The hints of a scope as (keys, word) pairs; neighbours with the same word share one
    /// hint, so `[` and `]` read `[/] week`.
    pub fn hints(&self, scope: Scope) -> Vec<(String, &'static str)> {
        self.hints_where(scope, |_| true)
    }

    /// The hints of a scope for the actions that apply now.
    pub fn hints_where(
        &self,
        scope: Scope,
        applies: impl Fn(&Action) -> bool,
    ) -> Vec<(String, &'static str)> {
        let mut hints: Vec<(String, &'static str)> = Vec::new();
        for e in self.bindings(scope).filter(|e| applies(e.action())) {
            let Some(word) = e.binding.hint else { continue };
            match hints.last_mut() {
                Some((keys, last)) if *last == word => {
                    keys.push('/');
                    keys.push_str(&keys_label(&e.keys));
                }
                _ => hints.push((keys_label(&e.keys), word)),
            }
        }
        hints
    }
}

fn typed(event: KeyEvent) -> Option<Action> {
    match event.code {
        KeyCode::Char(_) | Backspace | Delete | KeyCode::Home | KeyCode::End => {
            Some(Action::Type(event))
        }
        _ => None,
    }
}

/// Scopes where a key no binding claims is typed into a text field.
fn types_text(scope: Scope) -> bool {
    matches!(scope, Notes | Evidence | Search | Form)
}

fn is_typed(k: &Key) -> bool {
    matches!(k.code, KeyCode::Char(_)) && k.mods.is_empty()
}

/// Whether a key press can reach bindings of both scopes: the same scope, `Anywhere` with
/// any, and `Global` with the panes (and the scoring form) that fall back to it.
fn meet(a: Scope, b: Scope) -> bool {
    let falls_back = |s: Scope| matches!(s, Scope::Pane(_) | Scoring);
    a == b
        || a == Anywhere
        || b == Anywhere
        || (a == Global && falls_back(b))
        || (b == Global && falls_back(a))
}

fn bindings_of(scope: Scope) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| b.scope == scope)
}

/// The names of the places keys work, as the config's `[keys.NAME]` tables spell them.
pub const SCOPES: &[(&str, Scope)] = &[
    ("anywhere", Anywhere),
    ("global", Global),
    ("week", WEEK),
    ("meeting", MEETING),
    ("scorecard", SCORECARD),
    ("actions", ACTIONS),
    ("scoring", Scoring),
    ("evidence", Evidence),
    ("notes", Notes),
    ("search", Search),
    ("review", Review),
    ("purpose", Purpose),
    ("landing", Landing),
    ("form", Form),
    ("cadence", Cadence),
    ("confirm", Confirm),
    ("help", Help),
];

pub fn scope_name(scope: Scope) -> &'static str {
    SCOPES
        .iter()
        .find(|(_, s)| *s == scope)
        .map(|(n, _)| *n)
        .unwrap_or("?")
}

fn scope_named(name: &str) -> Option<Scope> {
    SCOPES.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}

fn named_key(name: &str) -> Option<KeyCode> {
    Some(match name.to_ascii_lowercase().as_str() {
        "enter" | "return" => Enter,
        "esc" | "escape" => Esc,
        "tab" => Tab,
        "s-tab" | "backtab" => BackTab,
        "space" => KeyCode::Char(' '),
        "up" | "↑" => Up,
        "down" | "↓" => Down,
        "left" | "←" => Left,
        "right" | "→" => Right,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pageup" => KeyCode::PageUp,
        "pagedown" => KeyCode::PageDown,
        "del" | "delete" => Delete,
        "bksp" | "backspace" => Backspace,
        f => {
            let n: u8 = f.strip_prefix('f')?.parse().ok()?;
            if !(1..=12).contains(&n) {
                return None;
            }
            KeyCode::F(n)
        }
    })
}

/// A key as the config writes it: `x`, `X`, `C-r` (or `ctrl-r`), `Enter`, `Esc`, `Tab`,
/// `S-Tab`, `Space`, `Up`, `Down`, `Left`, `Right`, `Home`, `End`, `PageUp`, `PageDown`,
/// `Del`, `Bksp`, `F1`..`F12`.
pub fn parse_key(text: &str) -> Result<Key, String> {
    let (ctrl_held, rest) = match text
        .strip_prefix("C-")
        .or_else(|| text.strip_prefix("ctrl-"))
        .or_else(|| text.strip_prefix("Ctrl-"))
    {
        Some(rest) if !rest.is_empty() => (true, rest),
        _ => (false, text),
    };
    let mut chars = rest.chars();
    let code = match (named_key(rest), chars.next(), chars.next()) {
        (Some(code), _, _) => code,
        (None, Some(c), None) => KeyCode::Char(c),
        _ => {
            return Err(format!(
                "'{text}' is not a key: write a character (x, X, ?), C-x for Ctrl, or one of \
                 Enter, Esc, Tab, S-Tab, Space, Up, Down, Left, Right, Home, End, PageUp, \
                 PageDown, Del, Bksp, F1-F12"
            ));
        }
    };
    Ok(Key {
        code,
        mods: if ctrl_held {
            KeyModifiers::CONTROL
        } else {
            KeyModifiers::NONE
        },
    })
}

/// `←/h`, `Tab`, `C-c`: how a binding's keys are written in help and hints.
pub fn keys_label(keys: &[Key]) -> String {
    keys.iter().map(key_label).collect::<Vec<_>>().join("/")
}

/// A key as the config file writes it: `Left` where the help shows `←`.
pub fn key_name(k: &Key) -> String {
    let base = match k.code {
        Left => "Left".into(),
        Right => "Right".into(),
        Up => "Up".into(),
        Down => "Down".into(),
        _ => {
            return key_label(k);
        }
    };
    if k.mods.contains(KeyModifiers::CONTROL) {
        format!("C-{base}")
    } else {
        base
    }
}

fn key_label(k: &Key) -> String {
    let base = match k.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        Left => "←".into(),
        Right => "→".into(),
        Up => "↑".into(),
        Down => "↓".into(),
        Enter => "Enter".into(),
        Esc => "Esc".into(),
        Tab => "Tab".into(),
        BackTab => "S-Tab".into(),
        Delete => "Del".into(),
        Backspace => "Bksp".into(),
        KeyCode::F(n) => format!("F{n}"),
        other => format!("{other:?}"),
    };
    if k.mods.contains(KeyModifiers::CONTROL) {
        format!("C-{base}")
    } else {
        base
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn pane_keys_fall_back_to_global_keys() {
        assert_eq!(
            Keymap::default().resolve(WEEK, press(KeyCode::Char(']'))),
            Some(Action::NextWeek)
        );
        assert_eq!(
            Keymap::default().resolve(WEEK, press(KeyCode::Char('q'))),
            Some(Action::Quit)
        );
        let meeting = Scope::Pane(Pane::Meeting);
        assert_eq!(
            Keymap::default().resolve(meeting, press(KeyCode::Char(']'))),
            None
        );
        assert_eq!(
            Keymap::default().resolve(meeting, press(KeyCode::Char('2'))),
            Some(Action::Focus(Pane::Meeting))
        );
    }

    #[test]
    fn arrows_and_vim_keys_both_move() {
        assert_eq!(
            Keymap::default().resolve(WEEK, press(Left)),
            Some(Action::Left)
        );
        assert_eq!(
            Keymap::default().resolve(WEEK, press(KeyCode::Char('h'))),
            Some(Action::Left)
        );
        assert_eq!(
            Keymap::default().resolve(WEEK, press(KeyCode::Char('j'))),
            Some(Action::Down)
        );
    }

    #[test]
    fn a_key_release_means_nothing() {
        let mut release = press(KeyCode::Char('q'));
        release.kind = KeyEventKind::Release;
        assert_eq!(Keymap::default().resolve(WEEK, release), None);
    }

    #[test]
    fn shifted_letters_and_control_keys_are_their_own_keys() {
        let shift_c = KeyEvent::new(KeyCode::Char('C'), KeyModifiers::SHIFT);
        assert_eq!(
            Keymap::default().resolve(WEEK, shift_c),
            Some(Action::OpenCadence)
        );
        assert_eq!(
            Keymap::default().resolve(WEEK, press(KeyCode::Char('c'))),
            Some(Action::CancelMeeting)
        );
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        let ctrl_z = KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL);
        // Anywhere: panes, forms, typed notes, every dialog.
        for scope in [WEEK, Form, Notes, Help, Cadence, Confirm, Purpose, Landing] {
            assert_eq!(
                Keymap::default().resolve(scope, ctrl_c),
                Some(Action::Quit),
                "{scope:?}"
            );
            assert_eq!(
                Keymap::default().resolve(scope, ctrl_z),
                Some(Action::Suspend),
                "{scope:?}"
            );
        }
    }

    #[test]
    fn in_a_form_letters_are_typed_not_commands() {
        let q = press(KeyCode::Char('q'));
        assert_eq!(Keymap::default().resolve(Form, q), Some(Action::Type(q)));
        assert_eq!(
            Keymap::default().resolve(Form, press(Enter)),
            Some(Action::Submit)
        );
        assert_eq!(
            Keymap::default().resolve(Form, press(Esc)),
            Some(Action::Back)
        );
    }

    #[test]
    fn no_two_bindings_of_a_scope_share_a_key() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                let same_scope = a.scope == b.scope;
                let shared = a.keys.iter().any(|k| b.keys.contains(k));
                assert!(
                    !(same_scope && shared),
                    "{} and {} share a key",
                    a.description,
                    b.description
                );
            }
        }
    }

    #[test]
    fn hints_merge_neighbours_with_the_same_word() {
        let hints = Keymap::default().hints(WEEK);
        assert_eq!(hints[0], ("[/]".to_string(), "week"));
        assert!(hints.iter().any(|(k, w)| k == "C" && *w == "cadence"));
    }

    #[test]
    fn labels_read_as_keys() {
        assert_eq!(keys_label(&[key(Left), ch('h')]), "←/h");
        assert_eq!(keys_label(&[ch('q'), ctrl('c')]), "q/C-c");
    }

    fn rebind(scope: &str, action: &str, keys: &[&str]) -> Rebinding {
        Rebinding {
            scope: scope.into(),
            action: action.into(),
            keys: keys.iter().map(|k| k.to_string()).collect(),
        }
    }

    #[test]
    fn every_action_has_a_name_of_its_own_in_its_scope() {
        for (i, a) in BINDINGS.iter().enumerate() {
            let name = a.name;
            assert!(
                !name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "{name}"
            );
            for b in &BINDINGS[i + 1..] {
                assert!(
                    a.scope != b.scope || name != b.name || a.action == b.action,
                    "two {name} in one scope"
                );
                // One action has one name wherever it is bound.
                assert!(
                    a.action != b.action || name == b.name,
                    "{name} / {}",
                    b.name
                );
            }
        }
    }

    /// The names a manager's config uses, pinned: changing one breaks configs already
    /// written, so it must show up here and be decided on purpose.
    #[test]
    fn the_config_names_of_the_actions_are_pinned() {
        let names: Vec<String> = BINDINGS
            .iter()
            .map(|b| format!("{} {}", scope_name(b.scope), b.name))
            .collect();
        insta::assert_snapshot!(names.join("\n"));
    }

    #[test]
    fn a_rebound_key_replaces_the_default_and_shows_in_the_hints() {
        let map = Keymap::with(&[rebind("week", "next_week", &["n", "]"])]).unwrap();
        assert_eq!(
            map.resolve(WEEK, press(KeyCode::Char('n'))),
            Some(Action::NextWeek)
        );
        assert_eq!(
            map.resolve(WEEK, press(KeyCode::Char(']'))),
            Some(Action::NextWeek)
        );
        let map = Keymap::with(&[rebind("week", "next_week", &["n"])]).unwrap();
        assert_eq!(map.resolve(WEEK, press(KeyCode::Char(']'))), None);
        assert!(map.hints(WEEK).contains(&("[/n".to_string(), "week")));
        let map = Keymap::with(&[rebind("actions", "redo", &["C-y"])]).unwrap();
        let ctrl_y = KeyEvent::new(KeyCode::Char('y'), KeyModifiers::CONTROL);
        assert_eq!(map.resolve(ACTIONS, ctrl_y), Some(Action::Redo));
    }

    #[test]
    fn conflicting_bindings_are_refused_naming_both_actions() {
        let err = Keymap::with(&[rebind("week", "next_week", &["t"])])
            .err()
            .unwrap();
        assert!(
            err.contains("next_week") && err.contains("this_week"),
            "{err}"
        );
        // A pane key on a global key would hide it.
        let err = Keymap::with(&[rebind("week", "next_week", &["q"])])
            .err()
            .unwrap();
        assert!(err.contains("next_week") && err.contains("quit"), "{err}");
        // Keys of different panes never meet.
        assert!(Keymap::with(&[rebind("meeting", "next_item", &["t"])]).is_ok());
    }

    #[test]
    fn unknown_places_actions_and_keys_are_refused_with_what_exists() {
        let err = Keymap::with(&[rebind("weak", "next_week", &["n"])])
            .err()
            .unwrap();
        assert!(err.contains("weak") && err.contains("week"), "{err}");
        let err = Keymap::with(&[rebind("week", "next_wek", &["n"])])
            .err()
            .unwrap();
        assert!(
            err.contains("next_wek") && err.contains("next_week"),
            "{err}"
        );
        let err = Keymap::with(&[rebind("week", "next_week", &["Hyper-x"])])
            .err()
            .unwrap();
        assert!(err.contains("Hyper-x") && err.contains("Enter"), "{err}");
        let err = Keymap::with(&[rebind("notes", "back", &["q"])])
            .err()
            .unwrap();
        assert!(err.contains("typed"), "{err}");
        assert!(Keymap::with(&[rebind("notes", "back", &["C-q"])]).is_ok());
    }

    #[test]
    fn keys_read_back_as_they_are_written() {
        for b in BINDINGS {
            for k in b.keys {
                let label = key_label(k);
                assert_eq!(parse_key(&label), Ok(*k), "{label}");
            }
        }
        assert_eq!(parse_key("ctrl-e"), Ok(ctrl('e')));
        assert_eq!(parse_key("F5"), Ok(key(KeyCode::F(5))));
    }
}
