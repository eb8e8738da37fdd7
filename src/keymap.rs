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
    pub description: &'static str,
    /// The short word shown in the status bar's hints, for the keys that matter most.
    pub hint: Option<&'static str>,
}

const fn bind(
    scope: Scope,
    keys: &'static [Key],
    action: Action,
    description: &'static str,
    hint: Option<&'static str>,
) -> Binding {
    Binding {
        scope,
        keys,
        action,
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
    bind(Global, &[key(Tab)], Action::FocusNext, "next pane", None),
    bind(Global, &[key(BackTab)], Action::FocusPrev, "previous pane", None),
    bind(Global, &[ch('1')], Action::Focus(Pane::Week), "week calendar", None),
    bind(Global, &[ch('2')], Action::Focus(Pane::Meeting), "live meeting", None),
    bind(Global, &[ch('3')], Action::Focus(Pane::Scorecard), "scorecard", None),
    bind(Global, &[ch('4')], Action::Focus(Pane::Actions), "action items", None),
    bind(Global, &[ch('z')], Action::ToggleZoom, "zoom the pane", None),
    bind(Global, &[ch('?')], Action::ToggleHelp, "help", Some("help")),
    bind(Global, &[ch('R')], Action::OpenReview, "the end-of-week review", Some("review")),
    bind(Global, &[ch('q')], Action::Quit, "quit", Some("quit")),
    bind(Anywhere, &[ctrl('c')], Action::Quit, "quit (what you typed is saved)", None),
    bind(Anywhere, &[ctrl('z')], Action::Suspend, "suspend (fg resumes)", None),
    bind(Anywhere, &[ctrl('s')], Action::Rescue, "write text not yet saved to a rescue file", None),
    bind(WEEK, &[key(Left), ch('h')], Action::Left, "previous day", None),
    bind(WEEK, &[key(Right), ch('l')], Action::Right, "next day", None),
    bind(WEEK, &[key(Up), ch('k')], Action::Up, "previous meeting", None),
    bind(WEEK, &[key(Down), ch('j')], Action::Down, "next meeting", None),
    bind(WEEK, &[ch('[')], Action::PrevWeek, "previous week", Some("week")),
    bind(WEEK, &[ch(']')], Action::NextWeek, "next week", Some("week")),
    bind(WEEK, &[ch('t')], Action::ThisWeek, "this week", None),
    bind(WEEK, &[key(Enter)], Action::OpenMeeting, "open the meeting", Some("open")),
    bind(WEEK, &[ch('a')], Action::NewMeeting, "add a one-off meeting", Some("add")),
    bind(WEEK, &[ch('c')], Action::CancelMeeting, "cancel (asks why)", Some("cancel")),
    bind(WEEK, &[ch('r')], Action::RescheduleMeeting, "reschedule", Some("move")),
    bind(WEEK, &[ch('d')], Action::ToggleHeld, "mark held / planned", Some("held")),
    bind(WEEK, &[ch('C')], Action::OpenCadence, "cadence builder", Some("cadence")),
    bind(MEETING, &[ch(' ')], Action::ToggleTimer, "start / pause the timer", Some("timer")),
    bind(MEETING, &[ch('n')], Action::NextItem, "item covered: on to the next", Some("next")),
    bind(MEETING, &[ch('p')], Action::PrevItem, "back to the previous item", None),
    bind(MEETING, &[key(Up), ch('k')], Action::Up, "select the item above", None),
    bind(MEETING, &[key(Down), ch('j')], Action::Down, "select the item below", None),
    bind(MEETING, &[ch('i'), key(Enter)], Action::EditNotes, "write notes on the selected item", Some("notes")),
    bind(MEETING, &[ch('v')], Action::TogglePrivate, "shared / private notes", Some("private")),
    bind(MEETING, &[ch('u')], Action::PickPurpose, "purpose of the meeting", None),
    bind(MEETING, &[ch('a')], Action::AddItem, "add an agenda item", None),
    bind(MEETING, &[ch('x')], Action::RemoveItem, "remove the selected item", None),
    bind(MEETING, &[ch('K')], Action::MoveItemUp, "move the item up", None),
    bind(MEETING, &[ch('J')], Action::MoveItemDown, "move the item down", None),
    bind(MEETING, &[ch('+'), ch('=')], Action::MoreTime, "a minute more for the item", None),
    bind(MEETING, &[ch('-')], Action::LessTime, "a minute less for the item", None),
    bind(MEETING, &[ch('d')], Action::ToggleDone, "mark the item covered or not", None),
    bind(MEETING, &[ch('e')], Action::EndMeeting, "end the meeting: actions and feedback", Some("end")),
    bind(MEETING, &[ch('s')], Action::StartUnplanned, "start an unplanned 1:1 now", Some("unplanned")),
    bind(ACTIONS, &[key(Up), ch('k')], Action::Up, "previous item", None),
    bind(ACTIONS, &[key(Down), ch('j')], Action::Down, "next item", None),
    bind(ACTIONS, &[key(KeyCode::Home), ch('g')], Action::Top, "first item", None),
    bind(ACTIONS, &[key(KeyCode::End), ch('G')], Action::Bottom, "last item counted", None),
    bind(ACTIONS, &[ch('a')], Action::AddAction, "add an action item", Some("add")),
    bind(ACTIONS, &[key(Enter)], Action::EditAction, "edit the item", Some("edit")),
    bind(ACTIONS, &[ch('x')], Action::MarkDone, "done (on a closed item: reopen)", Some("done")),
    bind(ACTIONS, &[ch('D')], Action::DropAction, "drop, with an optional reason", Some("drop")),
    bind(ACTIONS, &[ch('>')], Action::MoveDue, "new due date", Some("due")),
    bind(ACTIONS, &[ch('@')], Action::Reassign, "reassign to another seller or owner", None),
    bind(ACTIONS, &[ch('m')], Action::ToggleMark, "mark the row (changes apply to all marked)", Some("mark")),
    bind(ACTIONS, &[ch('b')], Action::BringToNext, "bring to the seller's next 1:1", None),
    bind(ACTIONS, &[ch('u')], Action::Undo, "undo the last change", Some("undo")),
    bind(ACTIONS, &[ctrl('r')], Action::Redo, "redo", None),
    bind(ACTIONS, &[ch('/')], Action::Search, "search titles and sellers", Some("search")),
    bind(ACTIONS, &[ch('s')], Action::NextSeller, "filter: next seller", Some("seller")),
    bind(ACTIONS, &[ch('S')], Action::PrevSeller, "filter: previous seller", None),
    bind(ACTIONS, &[ch('o')], Action::CycleOwner, "filter: owner (any, seller, manager)", None),
    bind(ACTIONS, &[ch('t')], Action::CycleStatus, "filter: open, done, dropped, all", None),
    bind(ACTIONS, &[ch('!')], Action::ToggleOverdue, "filter: overdue only", None),
    bind(ACTIONS, &[ch('w')], Action::ToggleDueThisWeek, "filter: due this week", None),
    bind(ACTIONS, &[ch('O')], Action::CycleSort, "sort by due, seller or age", None),
    bind(ACTIONS, &[ch('c')], Action::ClearFilters, "clear the filters", None),
    bind(SCORECARD, &[ch('n')], Action::NewScorecard, "score a call", Some("score a call")),
    bind(SCORECARD, &[ch('v')], Action::ToggleProgressView, "the team / one seller", Some("view")),
    bind(SCORECARD, &[ch('s')], Action::NextSeller, "next seller", Some("seller")),
    bind(SCORECARD, &[ch('S')], Action::PrevSeller, "previous seller", None),
    bind(SCORECARD, &[ch('r')], Action::NextRubric, "next rubric", Some("rubric")),
    bind(SCORECARD, &[key(Up), ch('k')], Action::Up, "the seller above in the team", None),
    bind(SCORECARD, &[key(Down), ch('j')], Action::Down, "the seller below in the team", None),
    bind(SCORECARD, &[key(KeyCode::Home), ch('g')], Action::Top, "the first seller", None),
    bind(SCORECARD, &[key(KeyCode::End), ch('G')], Action::Bottom, "the last seller", None),
    bind(Scoring, &[key(Up), ch('k')], Action::Up, "previous criterion", None),
    bind(Scoring, &[key(Down), ch('j')], Action::Down, "next criterion", None),
    bind(Scoring, &[ch('1')], Action::Score(1), "score 1", Some("score")),
    bind(Scoring, &[ch('2')], Action::Score(2), "score 2", Some("score")),
    bind(Scoring, &[ch('3')], Action::Score(3), "score 3", Some("score")),
    bind(Scoring, &[ch('4')], Action::Score(4), "score 4", Some("score")),
    bind(Scoring, &[ch('5')], Action::Score(5), "score 5", Some("score")),
    bind(Scoring, &[ch('0'), ch('-')], Action::Score(0), "not observed (left out of the score)", Some("not observed")),
    bind(Scoring, &[ch('x')], Action::ClearScore, "take the score away", None),
    bind(Scoring, &[ch('o')], Action::Observe, "an observation, stamped with the call time", Some("observe")),
    bind(Scoring, &[ch('i'), key(Enter)], Action::EditNotes, "evidence for the criterion", Some("evidence")),
    bind(Scoring, &[ch('t')], Action::ToggleTookOver, "you took over the call / you did not", Some("took over")),
    bind(Scoring, &[ch('e')], Action::EndMeeting, "finish: strength, focus, coaching action", Some("finish")),
    bind(Evidence, &[key(Esc)], Action::Back, "stop writing (saved as you type)", Some("done")),
    bind(Evidence, &[ctrl('e')], Action::OpenEditor, "write it in $VISUAL / $EDITOR", Some("editor")),
    bind(Search, &[key(Enter)], Action::Submit, "keep the search", Some("keep")),
    bind(Search, &[key(Esc)], Action::Back, "clear the search", Some("clear")),
    bind(Review, &[ch('x')], Action::MarkDone, "done", Some("done")),
    bind(Review, &[ch('n'), ch(' ')], Action::Keep, "keep as it is: next", Some("keep")),
    bind(Review, &[ch('>')], Action::MoveDue, "new due date", Some("new date")),
    bind(Review, &[ch('D')], Action::DropAction, "drop", Some("drop")),
    bind(Review, &[ch('b')], Action::BringToNext, "bring to the seller's next 1:1", Some("to 1:1")),
    bind(Review, &[ch('p')], Action::PrevItem, "back to the previous item", Some("back")),
    bind(Review, &[ch('s')], Action::ShowSummary, "the week's summary", Some("summary")),
    bind(Review, &[key(Up), ch('k')], Action::Up, "scroll up", None),
    bind(Review, &[key(Down), ch('j')], Action::Down, "scroll down", Some("scroll")),
    bind(Review, &[key(Esc), ch('q')], Action::Back, "close the review", Some("close")),
    bind(Notes, &[key(Esc)], Action::Back, "stop writing (notes are saved as you type)", Some("done")),
    bind(Notes, &[ctrl('e')], Action::OpenEditor, "write them in $VISUAL / $EDITOR", Some("editor")),
    bind(Purpose, &[key(Up), ch('k')], Action::Up, "previous purpose", None),
    bind(Purpose, &[key(Down), ch('j')], Action::Down, "next purpose", None),
    bind(Purpose, &[ch(' ')], Action::Toggle, "choose / unchoose", Some("choose")),
    bind(Purpose, &[key(Enter)], Action::Submit, "build the agenda", Some("done")),
    bind(Purpose, &[key(Esc)], Action::Back, "close", Some("close")),
    bind(Landing, &[ch('a')], Action::AddAction, "add an action item", Some("action")),
    bind(Landing, &[ch('x')], Action::RemoveAction, "remove the selected action", None),
    bind(Landing, &[key(Up), ch('k')], Action::Up, "previous action", None),
    bind(Landing, &[key(Down), ch('j')], Action::Down, "next action", None),
    bind(Landing, &[ch('N')], Action::NoActions, "no actions (an explicit choice)", Some("no actions")),
    bind(Landing, &[ch('1')], Action::Rate(1), "rated 1: not useful", Some("rate")),
    bind(Landing, &[ch('2')], Action::Rate(2), "rated 2", Some("rate")),
    bind(Landing, &[ch('3')], Action::Rate(3), "rated 3", Some("rate")),
    bind(Landing, &[ch('4')], Action::Rate(4), "rated 4", Some("rate")),
    bind(Landing, &[ch('5')], Action::Rate(5), "rated 5: very useful", Some("rate")),
    bind(Landing, &[ch('c')], Action::Comment, "the seller's comment", Some("comment")),
    bind(Landing, &[key(Enter)], Action::Submit, "land: save and mark held", Some("land")),
    bind(Landing, &[key(Esc)], Action::Back, "back to the meeting", Some("back")),
    bind(Help, &[key(Esc), ch('?'), ch('q')], Action::Back, "close help", Some("close")),
    bind(Form, &[key(Tab), key(Down)], Action::NextField, "next field", Some("next field")),
    bind(Form, &[key(BackTab), key(Up)], Action::PrevField, "previous field", None),
    bind(Form, &[key(Left)], Action::Left, "previous choice", None),
    bind(Form, &[key(Right)], Action::Right, "next choice", Some("choose")),
    bind(Form, &[key(Enter)], Action::Submit, "save", Some("save")),
    bind(Form, &[key(Esc)], Action::Back, "cancel", Some("cancel")),
    bind(Cadence, &[key(Up), ch('k')], Action::Up, "previous rule", None),
    bind(Cadence, &[key(Down), ch('j')], Action::Down, "next rule", None),
    bind(Cadence, &[ch('a')], Action::AddRule, "add a rule", Some("add")),
    bind(Cadence, &[ch('e'), key(Enter)], Action::EditRule, "edit the rule", Some("edit")),
    bind(Cadence, &[ch('x'), key(Delete)], Action::RemoveRule, "remove the rule", Some("remove")),
    bind(Cadence, &[key(Esc), ch('q')], Action::Back, "close", Some("close")),
    bind(Confirm, &[ch('y'), key(Enter)], Action::Confirm, "yes", Some("yes")),
    bind(Confirm, &[ch('n'), key(Esc)], Action::Back, "no", Some("no")),
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
                .find(|e| e.scope() == scope && action_name(e.action()) == r.action)
                .ok_or_else(|| {
                    let names: Vec<String> =
                        bindings_of(scope).map(|b| action_name(&b.action)).collect();
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
                        action_name(a.action()),
                        scope_name(a.scope()),
                        action_name(b.action()),
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

/// An action's name in the config: `NextWeek` is `next_week`, `Score(3)` is `score_3`,
/// `Focus(Week)` is `focus_week`.
pub fn action_name(action: &Action) -> String {
    let debug = format!("{action:?}");
    let mut name = String::with_capacity(debug.len() + 4);
    for c in debug.chars() {
        match c {
            '(' => name.push('_'),
            ')' => {}
            c if c.is_ascii_uppercase() => {
                if !name.is_empty() && !name.ends_with('_') {
                    name.push('_');
                }
                name.push(c.to_ascii_lowercase());
            }
            c => name.push(c),
        }
    }
    name
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
            let name = action_name(&a.action);
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "{name}"
            );
            for b in &BINDINGS[i + 1..] {
                assert!(
                    a.scope != b.scope || name != action_name(&b.action),
                    "two {name} in one scope"
                );
            }
        }
        assert_eq!(action_name(&Action::NextWeek), "next_week");
        assert_eq!(action_name(&Action::Score(3)), "score_3");
        assert_eq!(action_name(&Action::Focus(Pane::Week)), "focus_week");
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
