//! 1:1s: the live meeting with its purpose, timer and agenda items, the landing that closes
//! it, and how a write of its notes or landing went.

use super::actions::{ActionItem, NewAction};
use super::agenda::{Owner, Purpose, Source};
use super::meeting::Meeting;
use super::timer::Timer;
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

/// How a write of notes went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoteWrite {
    Written,
    /// Another cockpit had changed them too: both texts are kept; the stored shared and
    /// private notes.
    Merged(String, String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgendaItem {
    pub id: i64,
    pub title: String,
    pub minutes: u32,
    pub owner: Owner,
    pub source: Source,
    pub carried_from: Option<NaiveDate>,
    pub carried_count: u32,
    /// Covered in the meeting; items not done are carried to the seller's next 1:1.
    pub done: bool,
    /// Time booked to the item while it was current.
    pub booked: TimeDelta,
    pub notes: String,
    pub private_notes: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OneOnOneState {
    Live,
    Landed,
}

#[derive(Clone, Debug, PartialEq)]
pub struct OneOnOne {
    pub meeting: Meeting,
    pub purposes: Vec<Purpose>,
    pub state: OneOnOneState,
    pub timer: Timer,
    pub current_item: Option<i64>,
    pub items: Vec<AgendaItem>,
    /// The seller's open action items from earlier meetings, for the review.
    pub open_actions: Vec<ActionItem>,
    /// Action items agreed in this meeting.
    pub actions: Vec<ActionItem>,
    pub no_actions: bool,
    pub rating: Option<u8>,
    pub comment: Option<String>,
    pub ended_at: Option<DateTime<Utc>>,
    pub actual_minutes: Option<u32>,
    /// The landing being filled in (JSON written by the cockpit), kept until it lands.
    pub landing_draft: Option<String>,
}

/// How a landing went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Landed {
    /// The 1:1 is closed with this landing.
    Here,
    /// It had been landed already, in another cockpit: this landing was added to it.
    Elsewhere {
        /// Action items added, not agreed there already.
        added: usize,
        /// Whether the comment was added beside the stored one.
        comment_added: bool,
        /// The rating given there, which stands.
        rating: Option<u8>,
    },
}

/// How keeping the landing as entered went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LandingDraftWrite {
    Written,
    /// The 1:1 was landed meanwhile, in another cockpit: nothing was written.
    Landed,
}

/// What the landing step collects before a 1:1 is closed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Landing {
    pub actions: Vec<NewAction>,
    /// "No actions", chosen explicitly.
    pub no_actions: bool,
    pub rating: u8,
    pub comment: String,
}
