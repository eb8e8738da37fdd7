//! What the scorecard pane's progress view reads from the store: the team's heatmap and
//! coverage, and one seller's progress. The inputs are taken from the cockpit first, so
//! the reading is a query in and the view's data out, apart from the cockpit's state.

use crate::domain::progress::{self, Coverage, Heatmap, ScoredCall, SellerProgress};
use crate::domain::rubric::Rubric;
use crate::domain::{CallMarks, ScoreFilter, SellerRef};
use crate::store::{Store, StoreError};
use crate::zone::Zone;
use chrono::NaiveDate;
use std::ops::Range;

/// The cockpit's side of a progress read.
#[derive(Clone, Debug)]
pub struct ProgressQuery {
    pub rubric: Rubric,
    pub zone: Zone,
    pub today: NaiveDate,
    /// The whole team, in the order the heatmap lists it: the coverage is of everyone.
    pub sellers: Vec<SellerRef>,
    /// The sellers whose heatmap rows the pane shows: only their calls are read.
    pub shown: Range<usize>,
    /// The seller whose progress is shown, when one is.
    pub seller: Option<SellerRef>,
}

/// The team's part of the view, kept while paging sellers until anything is written.
#[derive(Clone, Debug)]
pub struct TeamProgress {
    pub read_for: TeamKey,
    pub heatmap: Heatmap,
    pub coverage: Vec<Coverage>,
}

/// What the team's part was read for: the same key reads the same.
pub type TeamKey = (String, u32, NaiveDate, Vec<SellerRef>, Range<usize>);

impl ProgressQuery {
    pub fn team_key(&self) -> TeamKey {
        (
            self.rubric.id.clone(),
            self.rubric.version,
            self.today,
            self.sellers.clone(),
            self.shown.clone(),
        )
    }

    /// The manager's own calls on the rubric: a colleague's scorecard is for calibration.
    fn mine(&self) -> ScoreFilter {
        ScoreFilter {
            rubric: Some(self.rubric.id.clone()),
            mine_only: true,
            ..ScoreFilter::default()
        }
    }

    fn calls(&self, rows: Vec<CallMarks>) -> Vec<ScoredCall> {
        rows.into_iter()
            .map(|r| ScoredCall {
                seller: r.seller,
                day: r.started_at.with_timezone(&self.zone).date_naive(),
                marks: r.marks,
                focus: r.focus,
            })
            .collect()
    }

    /// The heatmap of the shown sellers' latest calls, and who of the team was observed in
    /// the last weeks. Each read is bounded by what the pane shows, not by the years of
    /// history.
    pub fn read_team(&self, store: &Store) -> Result<TeamProgress, StoreError> {
        let shown = self.sellers.get(self.shown.clone()).unwrap_or_default();
        let latest = if shown.is_empty() {
            Vec::new()
        } else {
            self.calls(store.call_marks(
                &ScoreFilter {
                    sellers: Some(shown.iter().map(|s| s.id).collect()),
                    latest_per_seller: Some(progress::ROLLING),
                    ..self.mine()
                },
                true,
            )?)
        };
        let names: Vec<String> = shown.iter().map(|s| s.name.clone()).collect();
        let heatmap = progress::heatmap(&names, &self.rubric, &latest);
        Ok(TeamProgress {
            read_for: self.team_key(),
            heatmap,
            coverage: self.coverage(store)?,
        })
    }

    /// Calls observed per seller in the last 4 and 12 weeks up to today, counted by the
    /// store: the same as `progress::coverage` over those calls, without their marks.
    fn coverage(&self, store: &Store) -> Result<Vec<Coverage>, StoreError> {
        // A call on a day after `today - N weeks`, up to today, in the manager's zone.
        let after = |weeks: u64| self.today - chrono::Days::new(weeks * 7 - 1);
        let start = |day: NaiveDate| crate::domain::recurrence::day_start(day, self.zone);
        let counts = store.observed(
            start(after(12)),
            start(after(4)),
            start(self.today + chrono::Days::new(1)),
        )?;
        Ok(self
            .sellers
            .iter()
            .map(|seller| {
                let theirs = counts
                    .binary_search_by_key(&seller.id, |c| c.seller_id)
                    .ok()
                    .map(|at| &counts[at]);
                Coverage {
                    seller: seller.name.clone(),
                    last_4_weeks: theirs.map_or(0, |c| c.recent as usize),
                    last_12_weeks: theirs.map_or(0, |c| c.calls as usize),
                }
            })
            .collect())
    }

    /// The chosen seller's progress, when one is chosen.
    pub fn read_seller(&self, store: &Store) -> Result<Option<SellerProgress>, StoreError> {
        let Some(seller) = &self.seller else {
            return Ok(None);
        };
        let theirs = self.calls(store.call_marks(
            &ScoreFilter {
                seller: Some(seller.id),
                latest_per_seller: Some(progress::SPARK),
                ..self.mine()
            },
            true,
        )?);
        Ok(Some(progress::seller_progress(
            &seller.name,
            &self.rubric,
            &theirs,
        )))
    }
}
