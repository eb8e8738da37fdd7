//! Cadence rules: which interaction happens with whom (a seller or the whole team), how
//! often, when and for how long; each change makes a new version of the rule.

use super::Kind;
use super::recurrence::{Frequency, Recurrence};
use super::seller::SellerRef;
use crate::zone::Zone;
use chrono::{DateTime, NaiveTime, Utc, Weekday};

#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    pub id: i64,
    /// `None` for a rule with the whole team.
    pub seller: Option<SellerRef>,
    pub kind: Kind,
    pub recurrence: Recurrence,
    pub minutes: u32,
    pub zone: Zone,
    /// Meetings before this instant are not the rule's: it was made or changed then.
    pub effective_from: DateTime<Utc>,
    /// Meetings from this instant on are not the rule's: it was changed or removed then.
    pub effective_until: Option<DateTime<Utc>>,
}

impl Rule {
    /// Whether a meeting of the rule starting at `at` belongs to this version of it.
    pub fn applies_at(&self, at: DateTime<Utc>) -> bool {
        at >= self.effective_from && self.effective_until.is_none_or(|until| at < until)
    }
}

/// A rule as the cadence builder edits it.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleDraft {
    /// `None` to add a rule, `Some` to change one.
    pub id: Option<i64>,
    pub seller_id: Option<i64>,
    pub kind: Kind,
    pub frequency: Frequency,
    pub weekday: Weekday,
    pub time: NaiveTime,
    pub minutes: u32,
}
