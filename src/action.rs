//! What the user wants (`Action`, resolved from a key) and what the loop must do about it
//! (`Effect`, returned by the model). Neither does anything by itself.

use crate::domain::Week;
use crate::domain::agenda::{Owner, Purpose};
use crate::domain::one_on_one::LandingDraft;
use crate::domain::rubric::{Mark, Rubric};
use crate::domain::timer::Timer;
use crate::domain::{ActionChange, ActionDraft, Finish, Landing, NewMeeting, RuleDraft};
use chrono::{DateTime, TimeDelta, Utc};
use ratatui::crossterm::event::KeyEvent;

/// What a mouse click landed on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Pane(Pane),
    /// A meeting in the calendar: the day's column and its row there.
    Meeting {
        day: usize,
        row: usize,
    },
    /// A row of the action items list.
    ActionItem(usize),
    /// An item of the live 1:1's agenda.
    AgendaItem(usize),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    Quit,
    Suspend,
    FocusNext,
    FocusPrev,
    Focus(Pane),
    ToggleZoom,
    ToggleHelp,
    /// Esc: close the top dialog.
    Back,
    Up,
    Down,
    Left,
    Right,
    PrevWeek,
    NextWeek,
    ThisWeek,
    OpenMeeting,
    NewMeeting,
    CancelMeeting,
    RescheduleMeeting,
    ToggleHeld,
    OpenCadence,
    AddRule,
    EditRule,
    RemoveRule,
    NextField,
    PrevField,
    Submit,
    Confirm,
    /// A key typed into the focused text field.
    Type(KeyEvent),
    /// Time passed: the date may have changed, notes may want saving.
    Tick,
    /// The terminal is this size now.
    Resized {
        width: u16,
        height: u16,
    },
    /// Open the text being typed in `$VISUAL` / `$EDITOR`.
    OpenEditor,
    /// Write the text not yet saved to a rescue file.
    Rescue,
    /// The text as the editor gave it back.
    Edited(String),
    /// A mouse click: focus the pane, select the row.
    Click(Target),
    /// The mouse wheel over a pane: move its selection.
    Scroll {
        pane: Pane,
        down: bool,
    },
    // The live 1:1.
    ToggleTimer,
    NextItem,
    PrevItem,
    EditNotes,
    TogglePrivate,
    PickPurpose,
    AddItem,
    RemoveItem,
    MoveItemUp,
    MoveItemDown,
    MoreTime,
    LessTime,
    ToggleDone,
    EndMeeting,
    StartUnplanned,
    /// Space in a list of choices.
    Toggle,
    // The landing, and the action items pane.
    AddAction,
    RemoveAction,
    NoActions,
    Rate(u8),
    Comment,
    // The action items pane and the review.
    Top,
    Bottom,
    EditAction,
    MarkDone,
    DropAction,
    MoveDue,
    Reassign,
    ToggleMark,
    BringToNext,
    Undo,
    Redo,
    Search,
    NextSeller,
    PrevSeller,
    CycleOwner,
    CycleStatus,
    ToggleOverdue,
    ToggleDueThisWeek,
    CycleSort,
    ClearFilters,
    OpenReview,
    /// In the review: leave the item as it is and go on.
    Keep,
    ShowSummary,
    // The scorecard pane.
    /// A level for the selected criterion; 0 is "not observed".
    Score(u8),
    ClearScore,
    Observe,
    ToggleTookOver,
    NewScorecard,
    ToggleProgressView,
    NextRubric,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    LoadWeek(Week),
    SetHeld {
        meeting: i64,
        held: bool,
    },
    Cancel {
        meeting: i64,
        reason: String,
    },
    Reschedule {
        meeting: i64,
        to: DateTime<Utc>,
    },
    AddMeeting(NewMeeting),
    SaveRule(RuleDraft),
    EndRule(i64),
    /// Open a 1:1 in the meeting pane (it becomes live the first time).
    OpenLive(i64),
    /// Add a 1:1 with this seller starting now, and open it.
    StartUnplanned(i64),
    SetPurposes {
        meeting: i64,
        purposes: Vec<Purpose>,
    },
    SaveTimer {
        meeting: i64,
        timer: Timer,
        current_item: Option<i64>,
        /// A finished stretch to add to an item's booked time.
        booked: Option<(i64, TimeDelta)>,
    },
    SaveNotes {
        item: i64,
        /// The notes as last read or written here (shared, private): another cockpit's
        /// change since is kept beside this one, never overwritten.
        base: (String, String),
        notes: String,
        private_notes: String,
    },
    AddAgendaItem {
        meeting: i64,
        title: String,
        minutes: u32,
        owner: Owner,
    },
    RemoveAgendaItem(i64),
    UpdateAgendaItem {
        item: i64,
        minutes: u32,
        done: bool,
    },
    ReorderAgenda {
        meeting: i64,
        order: Vec<i64>,
    },
    /// Keep the landing as entered so far, until the meeting lands.
    SaveLandingDraft {
        meeting: i64,
        /// The landing as this cockpit last stored it: another one stored means another
        /// cockpit is landing the same 1:1, and both are kept.
        base: LandingDraft,
        draft: LandingDraft,
    },
    Land {
        meeting: i64,
        landing: Landing,
        /// What was entered, to take in what another cockpit stored for this landing.
        draft: LandingDraft,
        timer: Timer,
    },
    /// Read the action items the pane's filter keeps.
    LoadActions,
    AddAction(ActionDraft),
    ChangeActions {
        ids: Vec<i64>,
        change: ActionChange,
    },
    UndoActions,
    RedoActions,
    BringToNext(i64),
    /// Read the review's queue and the week's summary.
    LoadReview,
    LoadReviewSummary,
    LoadHistory(i64),
    /// Read the cadence's rules, for the builder that lists them.
    LoadRules,
    StartScorecard {
        seller: i64,
        rubric: Rubric,
        meeting: Option<i64>,
    },
    SetMark {
        scorecard: i64,
        criterion: String,
        /// The mark the cockpit last read or wrote here, as for evidence.
        base: Option<Mark>,
        mark: Option<Mark>,
    },
    SaveEvidence {
        scorecard: i64,
        criterion: String,
        /// The evidence the cockpit last read or wrote here: a different text in the
        /// database means another cockpit wrote it meanwhile.
        base: String,
        text: String,
    },
    AddObservation {
        scorecard: i64,
        criterion: String,
        at_seconds: i64,
        text: String,
    },
    SetTookOver {
        scorecard: i64,
        /// The flag as the cockpit last read or wrote it.
        base: bool,
        took_over: bool,
    },
    FinishScorecard {
        scorecard: i64,
        finish: Finish,
    },
    /// Read the team's progress for the scorecard pane.
    LoadProgress,
    /// Hand the terminal back until the shell's `fg`.
    Suspend,
    /// Write the text not yet saved to a rescue file.
    Rescue,
    /// Hand the terminal to `$VISUAL` / `$EDITOR` on this text (saved already).
    Edit(String),
}

impl Effect {
    /// Whether the effect changes what the calendar shows, so the loop reloads it after.
    pub fn changes_calendar(&self) -> bool {
        matches!(
            self,
            Effect::SetHeld { .. }
                | Effect::Cancel { .. }
                | Effect::Reschedule { .. }
                | Effect::AddMeeting(_)
                | Effect::SaveRule(_)
                | Effect::EndRule(_)
                | Effect::StartUnplanned(_)
                | Effect::Land { .. }
                | Effect::FinishScorecard { .. }
        )
    }

    /// Whether the effect ends the scorecard being scored, so the loop reloads it after.
    /// Marks, evidence, observations and the take-over echo what the model already holds.
    pub fn changes_scorecard(&self) -> bool {
        matches!(self, Effect::FinishScorecard { .. })
    }

    /// Whether the effect changes the open 1:1's agenda, so the loop reloads it after.
    /// Timer and notes saves echo what the model already holds, so they do not.
    pub fn changes_agenda(&self) -> bool {
        matches!(
            self,
            Effect::SetPurposes { .. }
                | Effect::AddAgendaItem { .. }
                | Effect::RemoveAgendaItem(_)
                | Effect::Land { .. }
                | Effect::BringToNext(_)
        ) || self.changes_actions()
    }

    /// Whether the effect changes action items, so the loop reloads the list after.
    pub fn changes_actions(&self) -> bool {
        matches!(
            self,
            Effect::Land { .. }
                | Effect::FinishScorecard { .. }
                | Effect::AddAction(_)
                | Effect::ChangeActions { .. }
                | Effect::UndoActions
                | Effect::RedoActions
        )
    }
}

/// The four panes of the cockpit: actions name them (focus, scroll, click).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    Week,
    Meeting,
    Scorecard,
    Actions,
}

impl Pane {
    pub const ALL: [Pane; 4] = [Pane::Week, Pane::Meeting, Pane::Scorecard, Pane::Actions];

    pub fn title(self) -> &'static str {
        match self {
            Pane::Week => "Week",
            Pane::Meeting => "Meeting",
            Pane::Scorecard => "Scorecard",
            Pane::Actions => "Actions",
        }
    }

    pub fn number(self) -> usize {
        Pane::ALL.iter().position(|p| *p == self).unwrap_or(0) + 1
    }

    /// The pane after this one (or before, going back), round the four.
    pub fn step(self, forward: bool) -> Pane {
        let i = self.number() - 1;
        let n = Pane::ALL.len();
        Pane::ALL[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }]
    }
}
