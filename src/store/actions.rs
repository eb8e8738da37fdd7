//! Action items: commitments coming out of meetings, with an owner and a due date.

use super::{Result, SellerRef, Store, bad_row, date_from_sql};
use crate::domain::agenda::Owner;
use chrono::NaiveDate;
use rusqlite::{Row, params};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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

    fn from_key(key: &str) -> Option<ActionStatus> {
        match key {
            "open" => Some(ActionStatus::Open),
            "done" => Some(ActionStatus::Done),
            "dropped" => Some(ActionStatus::Dropped),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionItem {
    pub id: i64,
    pub seller: SellerRef,
    pub title: String,
    pub owner: Owner,
    pub due_on: NaiveDate,
    pub status: ActionStatus,
    pub meeting_id: Option<i64>,
}

/// An action item agreed in a meeting, before it is saved.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NewAction {
    pub title: String,
    pub owner: Owner,
    pub due_on: NaiveDate,
}

pub(super) const ACTION_COLUMNS: &str =
    "a.id, a.seller_id, s.name, a.title, a.owner, a.due_on, a.status, a.meeting_id";

pub(super) fn action_from_row(r: &Row) -> rusqlite::Result<ActionItem> {
    let owner: String = r.get(4)?;
    let due: String = r.get(5)?;
    let status: String = r.get(6)?;
    Ok(ActionItem {
        id: r.get(0)?,
        seller: SellerRef {
            id: r.get(1)?,
            name: r.get(2)?,
        },
        title: r.get(3)?,
        owner: Owner::from_key(&owner).ok_or_else(|| bad_row("owner", &owner))?,
        due_on: date_from_sql(&due).ok_or_else(|| bad_row("date", &due))?,
        status: ActionStatus::from_key(&status).ok_or_else(|| bad_row("status", &status))?,
        meeting_id: r.get(7)?,
    })
}

impl Store {
    /// A seller's open action items, soonest due first.
    pub fn open_actions(&self, seller_id: i64) -> Result<Vec<ActionItem>> {
        let sql = format!(
            "SELECT {ACTION_COLUMNS} FROM action_items a JOIN sellers s ON s.id = a.seller_id
             WHERE a.seller_id = ?1 AND a.status = 'open' ORDER BY a.due_on, a.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![seller_id], action_from_row)
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// Action items agreed in one meeting.
    pub fn meeting_actions(&self, meeting_id: i64) -> Result<Vec<ActionItem>> {
        let sql = format!(
            "SELECT {ACTION_COLUMNS} FROM action_items a JOIN sellers s ON s.id = a.seller_id
             WHERE a.meeting_id = ?1 ORDER BY a.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![meeting_id], action_from_row)
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }
}
