//! Scorecards: one call scored against one rubric version, with its marks, evidence,
//! observations and finish; the rows lists and the heatmap read; how a write of a mark or
//! of evidence went.

use super::actions::ActionDraft;
use super::rubric::{Mark, Rubric};
use super::seller::SellerRef;
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq)]
pub struct Observation {
    pub criterion: String,
    /// Seconds since the call started.
    pub at_seconds: i64,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Scorecard {
    pub id: i64,
    pub seller: SellerRef,
    /// The rubric exactly as it was when scoring began.
    pub rubric: Rubric,
    pub meeting_id: Option<i64>,
    pub assessor: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub took_over: bool,
    pub marks: BTreeMap<String, Mark>,
    pub evidence: BTreeMap<String, String>,
    pub observations: Vec<Observation>,
    pub score: Option<f64>,
    pub strength: Option<String>,
    pub focus: Option<String>,
    pub action_id: Option<i64>,
}

/// How a write of evidence went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EvidenceWrite {
    Written,
    /// Another cockpit had changed it too: both texts are kept; the stored text.
    Merged(String),
}

/// How a write of a mark went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkWrite {
    Written,
    /// Another cockpit had set this mark (or none) since it was last read: it was replaced.
    Replaced(Option<Mark>),
}

impl Scorecard {
    pub fn finished(&self) -> bool {
        self.finished_at.is_some()
    }
}

/// How a scorecard ends: the strength, the one focus area, and optionally a coaching action
/// item for the focus area.
#[derive(Clone, Debug, PartialEq)]
pub struct Finish {
    pub strength: Option<String>,
    pub focus: Option<String>,
    pub action: Option<ActionDraft>,
    /// A joint call to plan, to observe the focus area again.
    pub reobserve_at: Option<DateTime<Utc>>,
    /// How long that joint call is planned for.
    pub reobserve_minutes: u32,
}

/// One finished scorecard as lists, trends and the heatmap need it.
#[derive(Clone, Debug, PartialEq)]
pub struct ScoreRow {
    pub id: i64,
    pub seller: SellerRef,
    pub rubric_id: String,
    pub rubric_version: u32,
    pub started_at: DateTime<Utc>,
    pub score: Option<f64>,
    pub marks: BTreeMap<String, Mark>,
    pub focus: Option<String>,
    pub strength: Option<String>,
    pub took_over: bool,
    pub meeting_id: Option<i64>,
    pub assessor: String,
    pub observations: usize,
}

/// Which finished scorecards to list.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScoreFilter {
    pub seller: Option<i64>,
    /// Only these sellers: the rows a pane shows of a large team.
    pub sellers: Option<Vec<i64>>,
    pub rubric: Option<String>,
    /// Only calls from this instant on.
    pub since: Option<DateTime<Utc>>,
    /// Only each seller's latest so many.
    pub latest_per_seller: Option<usize>,
    /// Only the manager's own, not colleagues' imported for calibration.
    pub mine_only: bool,
}

/// How often the manager observed one seller's calls in a span of time (`observed`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Observed {
    pub seller_id: i64,
    pub calls: u32,
    /// Those from the recent part of the span.
    pub recent: u32,
}

/// A finished call as the team's progress reads it: who, when, the focus named, and the
/// marks when asked for. Less than a `ScoreRow`, so the heatmap and the coverage of a large
/// team read only what they show.
#[derive(Clone, Debug, PartialEq)]
pub struct CallMarks {
    pub seller: String,
    pub started_at: DateTime<Utc>,
    pub focus: Option<String>,
    pub marks: BTreeMap<String, Mark>,
}
