//! The live meeting pane: a 1:1 being run, with its timer, agenda, notes and landing.
//! Pure: every change returns the effects that store it.

use super::form::{Field, Form};
use crate::action::Effect;
use crate::domain::agenda::{Owner, Purpose};
use crate::domain::timer::Timer;
use crate::domain::{AgendaItem, OneOnOne, OneOnOneState};
use chrono::{DateTime, TimeDelta, Utc};
use ratatui_textarea::TextArea;

pub use crate::domain::one_on_one::LandingDraft;

/// An agenda item with its notes open for typing.
#[derive(Debug)]
pub struct LiveItem {
    pub item: AgendaItem,
    pub shared: TextArea<'static>,
    pub private: TextArea<'static>,
}

impl LiveItem {
    fn new(item: AgendaItem) -> LiveItem {
        LiveItem {
            shared: text_area(&item.notes),
            private: text_area(&item.private_notes),
            item,
        }
    }

    /// Time booked to the item, with the running stretch if it is the current one.
    pub fn elapsed(&self, timer: &Timer, is_current: bool, now: DateTime<Utc>) -> TimeDelta {
        if is_current {
            self.item.booked + timer.stretch(now)
        } else {
            self.item.booked
        }
    }
}

/// A text area holding `text`, the cursor at its end. Split on every newline, not with
/// `str::lines`, which drops a last empty line: a note that ends in a blank line typed as
/// such must read back the same. A `\r` before a newline (an editor's) is dropped.
pub(crate) fn text_area(text: &str) -> TextArea<'static> {
    let lines: Vec<String> = text
        .split('\n')
        .map(|line| line.strip_suffix('\r').unwrap_or(line).to_string())
        .collect();
    let mut area = TextArea::new(lines);
    area.move_cursor(ratatui_textarea::CursorMove::Bottom);
    area.move_cursor(ratatui_textarea::CursorMove::End);
    area
}

fn area_text(area: &TextArea) -> String {
    area.lines().join("\n")
}

#[derive(Debug)]
pub struct LiveMeeting {
    /// The meeting as last loaded; its `items` live in `items` below.
    pub one: OneOnOne,
    pub items: Vec<LiveItem>,
    /// The item time is booked to.
    pub current: Option<usize>,
    /// The item the cursor is on: notes and edits apply to it.
    pub selected: usize,
    /// Keys go into the notes.
    pub typing: bool,
    /// The private notes are shown and typed into, instead of the shared ones.
    pub private_view: bool,
    /// Notes typed since the last save.
    pub dirty: bool,
    /// The landing as left with Esc, to come back to with `e`.
    pub landing: Option<LandingDraft>,
}

impl LiveMeeting {
    pub fn new(mut one: OneOnOne) -> LiveMeeting {
        let items: Vec<LiveItem> = std::mem::take(&mut one.items)
            .into_iter()
            .map(LiveItem::new)
            .collect();
        let current = one
            .current_item
            .and_then(|id| items.iter().position(|i| i.item.id == id));
        LiveMeeting {
            selected: current.unwrap_or(0),
            current,
            items,
            one,
            typing: false,
            private_view: false,
            dirty: false,
            landing: None,
        }
        .with_stored_landing()
    }

    /// The landing as stored while it was being filled in, if any.
    fn with_stored_landing(mut self) -> LiveMeeting {
        self.landing = self
            .one
            .landing_draft
            .as_deref()
            .and_then(|json| serde_json::from_str(json).ok());
        self
    }

    /// Takes a fresh load of the same meeting, keeping the notes being typed, the cursor and
    /// the view: a reload after an agenda change must not lose a keystroke.
    pub fn refresh(&mut self, mut one: OneOnOne) {
        let selected_id = self.items.get(self.selected).map(|i| i.item.id);
        let mut old: Vec<LiveItem> = std::mem::take(&mut self.items);
        let known: Vec<i64> = old.iter().map(|o| o.item.id).collect();
        self.items = std::mem::take(&mut one.items)
            .into_iter()
            .map(|item| match old.iter().position(|o| o.item.id == item.id) {
                Some(i) => {
                    let mut kept = old.swap_remove(i);
                    kept.item = AgendaItem {
                        notes: kept.item.notes,
                        private_notes: kept.item.private_notes,
                        booked: kept.item.booked.max(item.booked),
                        ..item
                    };
                    kept
                }
                None => LiveItem::new(item),
            })
            .collect();
        self.current = one
            .current_item
            .and_then(|id| self.items.iter().position(|i| i.item.id == id));
        // An item just added is selected, ready to be moved or re-timed; unless notes are
        // being typed, which stay on their item.
        let added = self
            .items
            .iter()
            .rposition(|i| !self.dirty && !known.is_empty() && !known.contains(&i.item.id));
        self.selected = added
            .or_else(|| selected_id.and_then(|id| self.items.iter().position(|i| i.item.id == id)))
            .unwrap_or(self.selected)
            .min(self.items.len().saturating_sub(1));
        // The timer is owned here while live: the store only echoes what was saved.
        if one.state == OneOnOneState::Live {
            one.timer = self.one.timer;
        }
        self.one = one;
    }

    /// Notes another cockpit wrote, read back: every item's text is taken from the store,
    /// but the one being typed in, whose next save keeps both texts.
    pub fn take_stored_notes(&mut self, stored: &[AgendaItem]) {
        let typing = (self.typing || self.dirty).then_some(self.selected);
        for (i, live) in self.items.iter_mut().enumerate() {
            if Some(i) == typing {
                continue;
            }
            let Some(item) = stored.iter().find(|s| s.id == live.item.id) else {
                continue;
            };
            if item.notes != live.item.notes || item.private_notes != live.item.private_notes {
                live.item.notes = item.notes.clone();
                live.item.private_notes = item.private_notes.clone();
                live.shared = text_area(&item.notes);
                live.private = text_area(&item.private_notes);
            }
        }
    }

    pub fn meeting_id(&self) -> i64 {
        self.one.meeting.id
    }

    pub fn landed(&self) -> bool {
        self.one.state == OneOnOneState::Landed
    }

    pub fn elapsed(&self, now: DateTime<Utc>) -> TimeDelta {
        self.one.timer.elapsed(now)
    }

    /// More than one purpose: the header warns.
    pub fn too_much(&self) -> bool {
        self.one.purposes.len() > 1
    }

    fn current_id(&self) -> Option<i64> {
        self.current
            .and_then(|i| self.items.get(i))
            .map(|i| i.item.id)
    }

    /// The notes of the selected item, if they changed since the last save.
    pub fn save_notes(&mut self) -> Vec<Effect> {
        if !self.dirty {
            return Vec::new();
        }
        self.dirty = false;
        match self.items.get_mut(self.selected) {
            Some(live) => {
                let base = (
                    std::mem::replace(&mut live.item.notes, area_text(&live.shared)),
                    std::mem::replace(&mut live.item.private_notes, area_text(&live.private)),
                );
                vec![Effect::SaveNotes {
                    item: live.item.id,
                    base,
                    notes: live.item.notes.clone(),
                    private_notes: live.item.private_notes.clone(),
                }]
            }
            None => Vec::new(),
        }
    }

    fn timer_effect(&self, booked: Option<(i64, TimeDelta)>) -> Effect {
        Effect::SaveTimer {
            meeting: self.meeting_id(),
            timer: self.one.timer,
            current_item: self.current_id(),
            booked,
        }
    }

    /// Books a finished stretch to the current item, here and in the effect.
    fn book(&mut self, stretch: TimeDelta) -> Option<(i64, TimeDelta)> {
        let live = self.items.get_mut(self.current?)?;
        live.item.booked += stretch;
        Some((live.item.id, stretch))
    }

    /// Stops the timer, booking the running stretch to the current item: when the meeting
    /// lands, or when another 1:1 is opened in its place.
    pub fn pause(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        let mut effects = self.stop_typing();
        if self.one.timer.running() {
            let stretch = self.one.timer.pause(now);
            let booked = self.book(stretch);
            effects.push(self.timer_effect(booked));
        }
        effects
    }

    /// Before an item is removed: if time is running on it, its stretch is booked and the
    /// clock moves on to its neighbour, so no running time is left without an item.
    pub fn before_removing(&mut self, item: i64, now: DateTime<Utc>) -> Vec<Effect> {
        let mut effects = self.save_notes();
        let Some(index) = self.items.iter().position(|i| i.item.id == item) else {
            return effects;
        };
        if self.current == Some(index) {
            let stretch = self.one.timer.cut(now);
            let booked = self.book(stretch);
            let neighbour = if index + 1 < self.items.len() {
                Some(index + 1)
            } else {
                index.checked_sub(1)
            };
            self.current = neighbour;
            effects.push(self.timer_effect(booked));
        }
        effects
    }

    pub fn toggle_timer(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        let mut effects = self.save_notes();
        if self.one.timer.running() {
            let stretch = self.one.timer.pause(now);
            let booked = self.book(stretch);
            effects.push(self.timer_effect(booked));
        } else {
            if self.current.is_none() && !self.items.is_empty() {
                self.current = Some(self.selected);
            }
            self.one.timer.start(now);
            effects.push(self.timer_effect(None));
        }
        effects
    }

    /// `n`: the current item is covered; time now goes to the next one.
    pub fn next_item(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        let mut effects = self.save_notes();
        let Some(current) = self
            .current
            .or(Some(self.selected))
            .filter(|_| !self.items.is_empty())
        else {
            return effects;
        };
        let stretch = self.one.timer.cut(now);
        let booked = self.book(stretch);
        let live = &mut self.items[current];
        if !live.item.done {
            live.item.done = true;
            effects.push(Effect::UpdateAgendaItem {
                item: live.item.id,
                minutes: live.item.minutes,
                done: true,
            });
        }
        let next = (current + 1).min(self.items.len() - 1);
        self.current = Some(next);
        self.selected = next;
        effects.push(self.timer_effect(booked));
        effects
    }

    /// `p`: back to the previous item; time goes to it again.
    pub fn prev_item(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        let mut effects = self.save_notes();
        if self.items.is_empty() {
            return effects;
        }
        let stretch = self.one.timer.cut(now);
        let booked = self.book(stretch);
        let prev = self.current.unwrap_or(self.selected).saturating_sub(1);
        self.current = Some(prev);
        self.selected = prev;
        effects.push(self.timer_effect(booked));
        effects
    }

    pub fn select(&mut self, down: bool) -> Vec<Effect> {
        let effects = self.save_notes();
        self.selected = super::step_index(self.selected, self.items.len(), down);
        effects
    }

    pub fn toggle_done(&mut self) -> Vec<Effect> {
        match self.items.get_mut(self.selected) {
            Some(live) => {
                live.item.done = !live.item.done;
                vec![Effect::UpdateAgendaItem {
                    item: live.item.id,
                    minutes: live.item.minutes,
                    done: live.item.done,
                }]
            }
            None => Vec::new(),
        }
    }

    /// `+`/`-`: one minute more or less for the selected item's box.
    pub fn retime(&mut self, more: bool) -> Vec<Effect> {
        match self.items.get_mut(self.selected) {
            Some(live) => {
                let minutes = &mut live.item.minutes;
                *minutes = if more {
                    (*minutes + 1).min(720)
                } else {
                    minutes.saturating_sub(1).max(1)
                };
                vec![Effect::UpdateAgendaItem {
                    item: live.item.id,
                    minutes: live.item.minutes,
                    done: live.item.done,
                }]
            }
            None => Vec::new(),
        }
    }

    /// `K`/`J`: moves the selected item up or down the agenda.
    pub fn move_item(&mut self, down: bool) -> Vec<Effect> {
        let from = self.selected;
        let to = super::step_index(from, self.items.len(), down);
        if from == to {
            return Vec::new();
        }
        self.items.swap(from, to);
        self.selected = to;
        self.current = self.current.map(|c| match c {
            c if c == from => to,
            c if c == to => from,
            c => c,
        });
        vec![Effect::ReorderAgenda {
            meeting: self.meeting_id(),
            order: self.items.iter().map(|i| i.item.id).collect(),
        }]
    }

    pub fn start_typing(&mut self) {
        if !self.items.is_empty() && !self.landed() {
            self.typing = true;
            // Writing goes on where the notes end.
            let private = self.private_view;
            if let Some(live) = self.items.get_mut(self.selected) {
                let area = if private {
                    &mut live.private
                } else {
                    &mut live.shared
                };
                area.move_cursor(ratatui_textarea::CursorMove::Bottom);
                area.move_cursor(ratatui_textarea::CursorMove::End);
            }
        }
    }

    pub fn stop_typing(&mut self) -> Vec<Effect> {
        self.typing = false;
        self.save_notes()
    }

    /// The notes of the selected item as typed so far, as a save would write them, without
    /// counting them saved: for the panic hook and the rescue file.
    pub fn unsaved_notes(&self) -> Option<Effect> {
        let live = self.items.get(self.selected).filter(|_| self.dirty)?;
        Some(Effect::SaveNotes {
            item: live.item.id,
            base: (live.item.notes.clone(), live.item.private_notes.clone()),
            notes: area_text(&live.shared),
            private_notes: area_text(&live.private),
        })
    }

    /// Another cockpit wrote these notes too: what is stored now (both texts) is shown.
    /// While more is being typed there, the text is left alone: the next save finds the
    /// stored text changed again and keeps both once more, so nothing is lost either way.
    pub fn notes_merged(&mut self, item: i64, shared: &str, private: &str) {
        let typing_there =
            self.dirty && self.items.get(self.selected).map(|l| l.item.id) == Some(item);
        if typing_there {
            return;
        }
        if let Some(live) = self.items.iter_mut().find(|l| l.item.id == item) {
            live.item.notes = shared.to_string();
            live.item.private_notes = private.to_string();
            live.shared = text_area(shared);
            live.private = text_area(private);
        }
    }

    /// The text of the notes being typed (shared or private, as shown).
    pub fn typed_text(&self) -> String {
        match self.items.get(self.selected) {
            Some(live) if self.private_view => area_text(&live.private),
            Some(live) => area_text(&live.shared),
            None => String::new(),
        }
    }

    /// The notes being typed, replaced by what came back from the editor, and saved.
    pub fn replace_text(&mut self, text: &str) -> Vec<Effect> {
        let private = self.private_view;
        if let Some(live) = self.items.get_mut(self.selected) {
            let area = text_area(text);
            if private {
                live.private = area;
            } else {
                live.shared = area;
            }
            self.dirty = true;
        }
        self.save_notes()
    }

    pub fn type_key(&mut self, key: ratatui::crossterm::event::KeyEvent) {
        let private = self.private_view;
        if let Some(live) = self.items.get_mut(self.selected) {
            let area = if private {
                &mut live.private
            } else {
                &mut live.shared
            };
            if super::form::type_into(area, key) {
                self.dirty = true;
            }
        }
    }

    pub fn toggle_private(&mut self) {
        self.private_view = !self.private_view;
    }

    pub fn selected_item(&self) -> Option<&LiveItem> {
        self.items.get(self.selected)
    }
}

/// The purpose picker: one purpose is the rule, more are allowed but flagged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurposePicker {
    pub meeting: i64,
    pub chosen: Vec<Purpose>,
    pub cursor: usize,
    pub error: Option<String>,
}

impl PurposePicker {
    pub fn new(meeting: i64, chosen: &[Purpose]) -> PurposePicker {
        PurposePicker {
            meeting,
            chosen: chosen.to_vec(),
            cursor: 0,
            error: None,
        }
    }

    pub fn toggle(&mut self) {
        let purpose = Purpose::ALL[self.cursor.min(Purpose::ALL.len() - 1)];
        match self.chosen.iter().position(|p| *p == purpose) {
            Some(i) => {
                self.chosen.remove(i);
            }
            None => self.chosen.push(purpose),
        }
        self.error = None;
    }
}

impl LandingDraft {
    /// What is still missing before the meeting can land, in words.
    pub fn missing(&self) -> Option<&'static str> {
        if self.actions.is_empty() && !self.no_actions {
            Some("Add the action items (a), or choose \"no actions\" (N).")
        } else if self.rating.is_none() {
            Some("Ask the seller: how useful was this meeting? Press 1 to 5.")
        } else {
            None
        }
    }
}

/// The form for a new agenda item.
pub fn agenda_item_form() -> Form {
    Form::new(
        "Add agenda item",
        vec![
            Field::text("Title", "", "what to talk about"),
            Field::text("Minutes", "5", "5"),
            Field::choice("Owner", vec!["seller".into(), "manager".into()], 0),
        ],
    )
}

/// The form for an action item agreed in the landing.
pub fn action_form(seller: &str) -> Form {
    Form::new(
        "Add action item",
        vec![
            Field::text(
                "Title",
                "",
                "submit a revised forecast, invite me to a call, …",
            ),
            Field::choice("Owner", vec![seller.to_string(), "me (manager)".into()], 0),
            Field::text("Due", "", crate::domain::phrase::DUE_EXAMPLES),
        ],
    )
}

pub fn owner_from_choice(choice: usize) -> Owner {
    if choice == 0 {
        Owner::Seller
    } else {
        Owner::Manager
    }
}
