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

/// The landing: what the meeting agreed and how useful the seller found it. Stored as it is
/// entered, so a crash in the middle of the landing loses nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct LandingDraft {
    pub actions: Vec<NewAction>,
    pub selected: usize,
    pub no_actions: bool,
    pub rating: Option<u8>,
    pub comment: String,
    #[serde(skip)]
    pub error: Option<String>,
}

impl LandingDraft {
    /// This landing written over `stored`, given `base`, the landing as this cockpit last
    /// stored or read it; and whether another cockpit's changes were taken in. Nothing
    /// entered in either is dropped: action items added in either are all kept (an identical
    /// one once), the comments are merged as notes are, and for the rating and "no actions"
    /// the one changed here stands. With an empty `base` everything stored is taken in.
    pub fn over(&self, stored: &LandingDraft, base: &LandingDraft) -> (LandingDraft, bool) {
        if stored.entered() == base.entered() || stored.entered() == self.entered() {
            return (self.clone(), false);
        }
        let mut actions = self.actions.clone();
        for theirs in &stored.actions {
            if !base.actions.contains(theirs) && !actions.contains(theirs) {
                actions.push(theirs.clone());
            }
        }
        let no_actions = actions.is_empty()
            && ours_or_theirs(self.no_actions, base.no_actions, stored.no_actions);
        let merged = LandingDraft {
            selected: self.selected.min(actions.len().saturating_sub(1)),
            no_actions,
            rating: ours_or_theirs(self.rating, base.rating, stored.rating),
            comment: merge_comment(&stored.comment, &base.comment, &self.comment),
            actions,
            error: None,
        };
        (merged, true)
    }

    /// What a save compares: what was entered, not where the cursor is.
    fn entered(&self) -> (&[NewAction], bool, Option<u8>, &str) {
        (&self.actions, self.no_actions, self.rating, &self.comment)
    }

    /// The landing to close the meeting with.
    pub fn landing(&self) -> Landing {
        Landing {
            actions: self.actions.clone(),
            no_actions: self.no_actions && self.actions.is_empty(),
            rating: self.rating.unwrap_or(0),
            comment: self.comment.clone(),
        }
    }
}

/// A value both cockpits may set: the one changed here stands, else the other's.
fn ours_or_theirs<T: PartialEq>(ours: T, base: T, theirs: T) -> T {
    if ours != base { ours } else { theirs }
}

/// Two comments as notes are merged, where one already holding the other is kept alone: a
/// comment that already has both texts is not given one of them a second time.
fn merge_comment(stored: &str, base: &str, ours: &str) -> String {
    match super::merge::merge_text(stored, &[base], ours) {
        super::merge::Merged::Both(both) if !stored.contains(ours) => {
            if ours.contains(stored) {
                ours.to_string()
            } else {
                both
            }
        }
        super::merge::Merged::Both(_) => stored.to_string(),
        one => one.text().to_string(),
    }
}
