//! The product's nouns and rules. The nouns (sellers, meetings, cadence rules, 1:1s, action
//! items, scorecards, and how a write of them went) are plain values that the store reads and
//! writes, the model holds, the ui draws and the commands print; the rules are pure
//! functions: kinds of interaction, meeting status, weeks, recurrence, adherence, agendas,
//! date phrases, scores. Nothing here touches the terminal, the database or the clock:
//! callers pass `now` in.

pub mod actions;
pub mod adherence;
pub mod agenda;
pub mod autosave;
pub mod calibration;
pub mod coach;
pub mod kind;
pub mod limits;
pub mod meeting;
pub mod merge;
pub mod one_on_one;
pub mod phrase;
pub mod progress;
pub mod recurrence;
pub mod review;
pub mod rubric;
pub mod rule;
pub mod scorecard;
pub mod seller;
pub mod status;
pub mod timer;
pub mod week;

pub use actions::{
    ActionChange, ActionDraft, ActionItem, ActionList, ActionStatus, HistoryEntry, NewAction,
    SourceMeeting,
};
pub use kind::Kind;
pub use meeting::{Meeting, NewMeeting};
pub use one_on_one::{
    AgendaItem, Landed, Landing, LandingDraftWrite, NoteWrite, OneOnOne, OneOnOneState,
};
pub use rule::{Rule, RuleDraft};
pub use scorecard::{
    CallMarks, EvidenceWrite, Finish, MarkWrite, Observation, Observed, ScoreFilter, ScoreRow,
    Scorecard,
};
pub use seller::{NewSeller, Seller, SellerRef};
pub use status::Status;
pub use week::{Week, WeekStart};
