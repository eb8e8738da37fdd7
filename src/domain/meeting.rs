//! Meetings: one occurrence on the calendar, of a cadence rule or a one-off, with its status.

use super::seller::SellerRef;
use super::{Kind, Status};
use chrono::{DateTime, Utc};

#[derive(Clone, Debug, PartialEq)]
pub struct Meeting {
    pub id: i64,
    pub rule_id: Option<i64>,
    /// `None` for a meeting with the whole team.
    pub seller: Option<SellerRef>,
    pub kind: Kind,
    pub starts_at: DateTime<Utc>,
    pub minutes: u32,
    /// As stored: never `Missed`, which depends on today (see `Status::effective`).
    pub status: Status,
    pub cancel_reason: Option<String>,
    pub rescheduled_to: Option<DateTime<Utc>>,
    pub rescheduled_from: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewMeeting {
    pub seller_id: Option<i64>,
    pub kind: Kind,
    pub starts_at: DateTime<Utc>,
    pub minutes: u32,
}
