//! The end-of-week review walk: open action items one at a time (overdue, then due this
//! week, then undated), a one-key decision on each, then the week's summary.

use crate::action::Effect;
use crate::domain::review::WeekSummary;
use crate::domain::{ActionItem, HistoryEntry};

/// The keys that mean something on the summary: going back, scrolling, closing.
pub fn applies_on_summary(action: &crate::action::Action) -> bool {
    use crate::action::Action;
    matches!(
        action,
        Action::PrevItem | Action::Back | Action::Up | Action::Down
    )
}

#[derive(Debug, Default)]
pub struct ReviewWalk {
    /// Until the loop has loaded it, the walk shows "loading".
    pub loaded: bool,
    pub queue: Vec<ActionItem>,
    pub index: usize,
    /// What was decided for each item of the queue, in words.
    pub outcomes: Vec<Option<&'static str>>,
    /// The history of the item shown.
    pub history: Vec<HistoryEntry>,
    pub summary: Option<WeekSummary>,
    pub on_summary: bool,
    /// The week reviewed, as `2026-W48`.
    pub week: String,
    /// Lines scrolled, for screens too small to show it all.
    pub scroll: u16,
}

impl ReviewWalk {
    pub fn for_week(week: String) -> ReviewWalk {
        ReviewWalk {
            week,
            ..ReviewWalk::default()
        }
    }

    /// The walk's items; the summary comes with them only when there are none to walk.
    pub fn loaded(&mut self, queue: Vec<ActionItem>, summary: Option<WeekSummary>) {
        self.outcomes = vec![None; queue.len()];
        self.queue = queue;
        self.index = 0;
        self.summary = summary;
        self.on_summary = self.queue.is_empty();
        self.loaded = true;
    }

    pub fn current(&self) -> Option<&ActionItem> {
        if self.on_summary {
            None
        } else {
            self.queue.get(self.index)
        }
    }

    /// Records the decision on the current item and moves to the next.
    pub fn decided(&mut self, outcome: &'static str) -> Vec<Effect> {
        if let Some(slot) = self.outcomes.get_mut(self.index) {
            *slot = Some(outcome);
        }
        self.step_to(self.index + 1)
    }

    pub fn back(&mut self) -> Vec<Effect> {
        if self.on_summary {
            if self.queue.is_empty() {
                return Vec::new();
            }
            self.on_summary = false;
            return self.step_to(self.queue.len() - 1);
        }
        self.step_to(self.index.saturating_sub(1))
    }

    pub fn to_summary(&mut self) -> Vec<Effect> {
        self.on_summary = true;
        self.scroll = 0;
        vec![Effect::LoadReviewSummary]
    }

    fn step_to(&mut self, index: usize) -> Vec<Effect> {
        if index >= self.queue.len() {
            return self.to_summary();
        }
        self.index = index;
        self.scroll = 0;
        self.history.clear();
        vec![Effect::LoadHistory(self.queue[index].id)]
    }

    /// Keeps the walk's copy of the current item in step with a change made to it.
    pub fn set_status(&mut self, status: crate::domain::ActionStatus) {
        if let Some(item) = self.queue.get_mut(self.index) {
            item.status = status;
        }
    }

    /// How many items have had a decision.
    pub fn decided_count(&self) -> usize {
        self.outcomes.iter().filter(|o| o.is_some()).count()
    }
}
