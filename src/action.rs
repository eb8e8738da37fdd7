//! What the user wants (`Action`, resolved from a key) and what the loop must do about it
//! (`Effect`, returned by the model). Neither does anything by itself.

use crate::domain::Week;
use crate::model::Pane;
use crate::store::{NewMeeting, RuleDraft};
use chrono::{DateTime, Utc};
use ratatui::crossterm::event::KeyEvent;

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
    /// Time passed: the date may have changed.
    Tick,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    LoadWeek(Week),
    SetHeld { meeting: i64, held: bool },
    Cancel { meeting: i64, reason: String },
    Reschedule { meeting: i64, to: DateTime<Utc> },
    AddMeeting(NewMeeting),
    SaveRule(RuleDraft),
    EndRule(i64),
    Suspend,
    Quit,
}

impl Effect {
    /// Whether the effect writes to the store, so the loop reloads what is on screen after it.
    pub fn changes_data(&self) -> bool {
        !matches!(self, Effect::LoadWeek(_) | Effect::Suspend | Effect::Quit)
    }
}
