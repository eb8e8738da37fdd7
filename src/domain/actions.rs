//! Action items as the tracker sees them: which ones a filter keeps, how they sort, and how a
//! due date or an age reads next to today.

use super::Kind;
use super::agenda::Owner;
use super::seller::SellerRef;
use chrono::{DateTime, NaiveDate, Utc};

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActionStatus {
    Open,
    Done,
    Dropped,
}

impl ActionStatus {
    pub fn key(self) -> &'static str {
        match self {
            ActionStatus::Open => "open",
            ActionStatus::Done => "done",
            ActionStatus::Dropped => "dropped",
        }
    }

    pub fn from_key(key: &str) -> Option<ActionStatus> {
        match key {
            "open" => Some(ActionStatus::Open),
            "done" => Some(ActionStatus::Done),
            "dropped" => Some(ActionStatus::Dropped),
            _ => None,
        }
    }
}

/// Which statuses a list shows: open by default, since that is what needs attention.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StatusFilter {
    #[default]
    Open,
    Done,
    Dropped,
    All,
}

impl StatusFilter {
    pub fn key(self) -> &'static str {
        match self {
            StatusFilter::Open => "open",
            StatusFilter::Done => "done",
            StatusFilter::Dropped => "dropped",
            StatusFilter::All => "all",
        }
    }

    /// The next filter in the cycle open → done → dropped → all.
    pub fn next(self) -> StatusFilter {
        match self {
            StatusFilter::Open => StatusFilter::Done,
            StatusFilter::Done => StatusFilter::Dropped,
            StatusFilter::Dropped => StatusFilter::All,
            StatusFilter::All => StatusFilter::Open,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    /// Soonest due first; undated last.
    #[default]
    Due,
    /// By seller, then due.
    Seller,
    /// Oldest first: what has been waiting longest.
    Age,
}

impl Sort {
    pub fn key(self) -> &'static str {
        match self {
            Sort::Due => "due",
            Sort::Seller => "seller",
            Sort::Age => "age",
        }
    }

    pub fn next(self) -> Sort {
        match self {
            Sort::Due => Sort::Seller,
            Sort::Seller => Sort::Age,
            Sort::Age => Sort::Due,
        }
    }
}

/// Filters that combine: every one set must hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActionFilter {
    pub status: StatusFilter,
    pub seller: Option<i64>,
    pub owner: Option<Owner>,
    /// Open and due before today.
    pub overdue: bool,
    /// Due within the week (the dates are given with the query).
    pub due_this_week: bool,
    /// Words in the title or the seller's name, ignoring case.
    pub text: String,
}

impl ActionFilter {
    /// The filter in force, in words: `open · Ana Ruiz · manager · overdue · "forecast"`.
    pub fn describe(&self, seller_name: Option<&str>) -> String {
        let mut parts = vec![self.status.key().to_string()];
        if let Some(name) = seller_name {
            parts.push(name.to_string());
        }
        if let Some(owner) = self.owner {
            parts.push(format!("owner {}", owner.key()));
        }
        if self.overdue {
            parts.push("overdue".into());
        }
        if self.due_this_week {
            parts.push("due this week".into());
        }
        if !self.text.is_empty() {
            parts.push(format!("\"{}\"", self.text));
        }
        parts.join(" · ")
    }
}

pub fn is_overdue(status: ActionStatus, due: Option<NaiveDate>, today: NaiveDate) -> bool {
    status == ActionStatus::Open && due.is_some_and(|d| d < today)
}

/// A due date next to today: `today`, `tomorrow`, `in 2d`, `3d late`, or `no date`.
pub fn due_label(due: Option<NaiveDate>, today: NaiveDate) -> String {
    let Some(due) = due else {
        return "no date".into();
    };
    match (due - today).num_days() {
        0 => "today".into(),
        1 => "tomorrow".into(),
        n if n > 0 => format!("in {n}d"),
        n => format!("{}d late", -n),
    }
}

/// How long an item has existed: `today`, `3d`, `5w`.
pub fn age_label(created: NaiveDate, today: NaiveDate) -> String {
    match (today - created).num_days() {
        n if n <= 0 => "new".into(),
        n if n < 28 => format!("{n}d"),
        n => format!("{}w", n / 7),
    }
}

// The records: action items as the tracker, the store and the exports name them.

/// The meeting an action item was agreed in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceMeeting {
    pub id: i64,
    pub kind: Kind,
    pub starts_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionItem {
    pub id: i64,
    pub seller: SellerRef,
    pub title: String,
    pub owner: Owner,
    pub due_on: Option<NaiveDate>,
    pub status: ActionStatus,
    pub source: Option<SourceMeeting>,
    pub created_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub drop_reason: Option<String>,
}

/// An action item agreed in a meeting, before it is saved.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NewAction {
    pub title: String,
    pub owner: Owner,
    pub due_on: NaiveDate,
}

/// An action item added in the tracker or from the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionDraft {
    pub seller_id: i64,
    pub title: String,
    pub owner: Owner,
    pub due_on: Option<NaiveDate>,
}

/// A change to one or more action items: one undo step, whatever the number of items.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActionChange {
    Done,
    /// Back to open, from done or dropped.
    Reopen,
    Drop {
        reason: Option<String>,
    },
    Due(Option<NaiveDate>),
    Reassign {
        seller_id: Option<i64>,
        owner: Option<Owner>,
    },
    Edit(ActionDraft),
}

impl ActionChange {
    /// What the change did, for messages: `Marked done`, `Dropped`.
    pub fn verb(&self) -> &'static str {
        match self {
            ActionChange::Done => "Marked done",
            ActionChange::Reopen => "Reopened",
            ActionChange::Drop { .. } => "Dropped",
            ActionChange::Due(_) => "New due date for",
            ActionChange::Reassign { .. } => "Reassigned",
            ActionChange::Edit(_) => "Edited",
        }
    }

    /// The change's name in the undo journal: stored, so never renamed.
    pub fn key(&self) -> &'static str {
        match self {
            ActionChange::Done => "done",
            ActionChange::Reopen => "reopen",
            ActionChange::Drop { .. } => "drop",
            ActionChange::Due(_) => "due",
            ActionChange::Reassign { .. } => "reassign",
            ActionChange::Edit(_) => "edit",
        }
    }
}

/// One line of an action item's history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryEntry {
    pub at: DateTime<Utc>,
    pub text: String,
}

/// At most this many rows are listed at once in the cockpit: the tracker shows a screenful,
/// and a filter finds the rest. Scripts get every row.
pub const LIST_LIMIT: usize = 2000;

/// What a list query returns: the rows from `offset` on, and how many matched in all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActionList {
    pub items: Vec<ActionItem>,
    pub total: usize,
    /// Where in the whole list `items` begins.
    pub offset: usize,
    /// Whether more items match than `total`, which then counts only as far as
    /// `COUNT_AHEAD` rows past those read.
    pub more: bool,
}

/// The agenda item an action item becomes when brought to a 1:1.
pub fn follow_up_title(title: &str) -> String {
    format!("Follow up: {}", title.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn due_reads_relative_to_today() {
        let today = d("2026-11-27");
        assert_eq!(due_label(Some(today), today), "today");
        assert_eq!(due_label(Some(d("2026-11-28")), today), "tomorrow");
        assert_eq!(due_label(Some(d("2026-11-29")), today), "in 2d");
        assert_eq!(due_label(Some(d("2026-11-26")), today), "1d late");
        assert_eq!(due_label(Some(d("2026-11-24")), today), "3d late");
        assert_eq!(due_label(None, today), "no date");
    }

    #[test]
    fn only_open_items_with_a_past_date_are_overdue() {
        let today = d("2026-11-27");
        let past = Some(d("2026-11-20"));
        assert!(is_overdue(ActionStatus::Open, past, today));
        assert!(!is_overdue(ActionStatus::Done, past, today));
        assert!(!is_overdue(ActionStatus::Open, Some(today), today));
        assert!(!is_overdue(ActionStatus::Open, None, today));
    }

    #[test]
    fn age_goes_from_days_to_weeks() {
        let today = d("2026-11-27");
        assert_eq!(age_label(today, today), "new");
        assert_eq!(age_label(d("2026-11-24"), today), "3d");
        assert_eq!(age_label(d("2026-10-16"), today), "6w");
    }

    #[test]
    fn the_filter_in_force_is_said_in_words() {
        let filter = ActionFilter {
            status: StatusFilter::Open,
            owner: Some(Owner::Manager),
            overdue: true,
            text: "forecast".into(),
            ..ActionFilter::default()
        };
        assert_eq!(
            filter.describe(Some("Ana Ruiz")),
            "open · Ana Ruiz · owner manager · overdue · \"forecast\""
        );
        assert_eq!(ActionFilter::default().describe(None), "open");
    }

    #[test]
    fn status_and_sort_cycle_back_to_the_start() {
        let mut s = StatusFilter::Open;
        for _ in 0..4 {
            s = s.next();
        }
        assert_eq!(s, StatusFilter::Open);
        assert_eq!(Sort::Due.next().next().next(), Sort::Due);
    }
}
