//! Action items as the tracker sees them: which ones a filter keeps, how they sort, and how a
//! due date or an age reads next to today.

use super::agenda::Owner;
use chrono::NaiveDate;

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
