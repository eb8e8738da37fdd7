//! The product's rules as pure functions: kinds of interaction, meeting status, weeks,
//! recurrence, adherence and date phrases. Nothing here touches the terminal, the database
//! or the clock: callers pass `now` in.

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
pub mod phrase;
pub mod progress;
pub mod recurrence;
pub mod review;
pub mod rubric;
pub mod rule;
pub mod seller;
pub mod status;
pub mod timer;
pub mod week;

pub use kind::Kind;
pub use meeting::{Meeting, NewMeeting};
pub use rule::{Rule, RuleDraft};
pub use seller::{NewSeller, Seller, SellerRef};
pub use status::Status;
pub use week::{Week, WeekStart};
