//! Action items: commitments coming out of meetings, with an owner and a due date, and the
//! journal of changes that lets the tracker undo and redo them across restarts.

use super::action_window::DEEP;
use super::{
    Result, Store, StoreError, bad_row, date_from_sql, date_to_sql, id_list, instant_from_sql,
    instant_to_sql, required_text, text,
};
use crate::domain::Kind;
pub use crate::domain::actions::ActionStatus;
use crate::domain::actions::{
    ActionChange, ActionDraft, ActionItem, ActionList, HistoryEntry, SourceMeeting, follow_up_title,
};
use crate::domain::actions::{ActionFilter, Sort, StatusFilter};
use crate::domain::agenda::Owner;
use crate::domain::seller::SellerRef;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, Row, Transaction, params};
use serde::{Deserialize, Serialize};

/// An action item's row as the journal keeps it, before and after a change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Stored {
    pub(super) seller_id: i64,
    pub(super) title: String,
    pub(super) owner: String,
    pub(super) due_on: Option<String>,
    pub(super) status: String,
    pub(super) meeting_id: Option<i64>,
    pub(super) created_at: String,
    pub(super) closed_at: Option<String>,
    pub(super) drop_reason: Option<String>,
    /// Kept so that an addition undone and redone is the same item to taskwarrior and
    /// todo.txt; journal entries written before it had none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) uuid: Option<String>,
}

pub(super) const ACTION_COLUMNS: &str = "a.id, a.seller_id, s.name, a.title, a.owner, a.due_on, \
     a.status, a.meeting_id, m.kind, m.starts_at, a.created_at, a.closed_at, a.drop_reason";

pub(super) const ACTION_FROM: &str = "action_items a JOIN sellers s ON s.id = a.seller_id \
     LEFT JOIN meetings m ON m.id = a.meeting_id";

fn optional_date(text: Option<&str>) -> rusqlite::Result<Option<NaiveDate>> {
    text.map(|t| date_from_sql(t).ok_or_else(|| bad_row("date", t)))
        .transpose()
}

fn optional_instant(text: Option<&str>) -> rusqlite::Result<Option<DateTime<Utc>>> {
    text.map(|t| instant_from_sql(t).ok_or_else(|| bad_row("instant", t)))
        .transpose()
}

pub(super) fn action_from_row(r: &Row) -> rusqlite::Result<ActionItem> {
    super::in_row("action_items", r, read_action)
}

fn read_action(r: &Row) -> rusqlite::Result<ActionItem> {
    let owner = required_text(r, 4)?;
    let status = required_text(r, 6)?;
    let source = match (r.get::<_, Option<i64>>(7)?, text(r, 8)?) {
        (Some(id), Some(kind)) => {
            let starts = required_text(r, 9)?;
            Some(SourceMeeting {
                id,
                kind: Kind::from_key(kind).ok_or_else(|| bad_row("kind", kind))?,
                starts_at: instant_from_sql(starts).ok_or_else(|| bad_row("instant", starts))?,
            })
        }
        _ => None,
    };
    let created = required_text(r, 10)?;
    Ok(ActionItem {
        id: r.get(0)?,
        seller: SellerRef {
            id: r.get(1)?,
            name: r.get(2)?,
        },
        title: r.get(3)?,
        owner: Owner::from_key(owner).ok_or_else(|| bad_row("owner", owner))?,
        due_on: optional_date(text(r, 5)?)?,
        status: ActionStatus::from_key(status).ok_or_else(|| bad_row("status", status))?,
        source,
        created_at: instant_from_sql(created).ok_or_else(|| bad_row("instant", created))?,
        closed_at: optional_instant(text(r, 11)?)?,
        drop_reason: r.get(12)?,
    })
}

/// How far past the rows read a list's matches are counted: far enough for any screen,
/// short of the years of closed items.
pub const COUNT_AHEAD: usize = 1000;

impl Store {
    /// A seller's open action items, soonest due first, undated last.
    pub fn open_actions(&self, seller_id: i64) -> Result<Vec<ActionItem>> {
        let sql = format!(
            "SELECT {ACTION_COLUMNS} FROM {ACTION_FROM}
             WHERE a.seller_id = ?1 AND a.status = 'open'
             ORDER BY a.due_on IS NULL, a.due_on, a.id"
        );
        self.action_query(&sql, params![seller_id])
    }

    /// Action items agreed in one meeting.
    pub fn meeting_actions(&self, meeting_id: i64) -> Result<Vec<ActionItem>> {
        let sql = format!(
            "SELECT {ACTION_COLUMNS} FROM {ACTION_FROM} WHERE a.meeting_id = ?1 ORDER BY a.id"
        );
        self.action_query(&sql, params![meeting_id])
    }

    pub fn action(&self, id: i64) -> Result<ActionItem> {
        let sql = format!("SELECT {ACTION_COLUMNS} FROM {ACTION_FROM} WHERE a.id = ?1");
        self.action_query(&sql, params![id])?
            .pop()
            .ok_or_else(|| unknown_action(id))
    }

    /// The action items a filter keeps, in `sort` order, at most `limit` of them, and how
    /// many it keeps in all (counted to the end: scripts are told every match). `today`
    /// decides what is overdue and `week` the days of "due this week".
    pub fn list_actions(
        &self,
        filter: &ActionFilter,
        sort: Sort,
        today: NaiveDate,
        week: (NaiveDate, NaiveDate),
        limit: usize,
    ) -> Result<ActionList> {
        self.read_actions(filter, sort, today, week, (0, limit), None)
    }

    /// The rows `offset..offset + limit` of the list a filter keeps, and how many it keeps,
    /// counted no further than `COUNT_AHEAD` rows past those: the cockpit reads the rows
    /// around the selection, so a long list costs what the pane shows.
    pub fn action_window(
        &self,
        filter: &ActionFilter,
        sort: Sort,
        today: NaiveDate,
        week: (NaiveDate, NaiveDate),
        offset: usize,
        limit: usize,
    ) -> Result<ActionList> {
        let cap = offset.saturating_add(limit).saturating_add(COUNT_AHEAD);
        self.read_actions(filter, sort, today, week, (offset, limit), Some(cap))
    }

    fn read_actions(
        &self,
        filter: &ActionFilter,
        sort: Sort,
        today: NaiveDate,
        week: (NaiveDate, NaiveDate),
        (offset, limit): (usize, usize),
        cap: Option<usize>,
    ) -> Result<ActionList> {
        let as_sql = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        let (skip, take) = (as_sql(offset), as_sql(limit));
        let bound = FilterValues::of(filter, today, week);
        let mut values = bound.values();
        // Deep in a long list, the rows above the window are stepped over in an index, and
        // counted with those below; a search by text needs each item's seller, so it is
        // read the plain way.
        let deep = match cap {
            Some(cap) if offset >= DEEP && bound.text.is_empty() => {
                self.deep_window(&list_filter(filter), &values, sort, (offset, limit), cap)?
            }
            _ => None,
        };
        values.extend([
            (":limit", &take as &dyn rusqlite::ToSql),
            (":offset", &skip),
        ]);
        let (items, counted) = match deep {
            Some(window) => window,
            None => (
                self.action_query(&list_sql(filter, sort), values.as_slice())?,
                None,
            ),
        };
        // A first window that is not full holds every match; otherwise the rest are counted.
        if offset == 0 && items.len() < limit {
            let total = items.len();
            return Ok(ActionList {
                items,
                total,
                offset,
                more: false,
            });
        }
        values.truncate(values.len() - 2);
        // One past the cap, to tell "exactly the cap" from "more than the cap".
        let beyond = cap.map(|c| as_sql(c.saturating_add(1)));
        if let Some(beyond) = &beyond {
            values.push((":cap", beyond));
        }
        let counted = match counted {
            Some(counted) => counted,
            None => {
                let counted: i64 = self
                    .conn
                    .prepare_cached(&count_sql(filter, beyond.is_some()))
                    .and_then(|mut stmt| stmt.query_row(values.as_slice(), |r| r.get(0)))
                    .map_err(|e| self.err(e))?;
                usize::try_from(counted).unwrap_or(0)
            }
        };
        let more = cap.is_some_and(|c| counted > c);
        Ok(ActionList {
            items,
            total: if more {
                cap.unwrap_or(counted)
            } else {
                counted
            },
            offset,
            more,
        })
    }

    /// Which of `ids` the filter still keeps, with their status: marks survive a reload only
    /// on rows still listed, wherever in the list they are.
    pub fn still_listed(
        &self,
        filter: &ActionFilter,
        today: NaiveDate,
        week: (NaiveDate, NaiveDate),
        ids: &[i64],
    ) -> Result<Vec<(i64, ActionStatus)>> {
        let ids = id_list(ids.iter().copied());
        let bound = FilterValues::of(filter, today, week);
        let mut values = bound.values();
        values.push((":ids", &ids));
        let sql = format!(
            "SELECT a.id, a.status FROM action_items a JOIN sellers s ON s.id = a.seller_id
             {} ORDER BY a.id",
            and(
                &list_filter(filter),
                "a.id IN (SELECT value FROM json_each(:ids))"
            )
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(values.as_slice(), |r| {
                super::in_row("action_items", r, |r| {
                    let status: String = r.get(1)?;
                    let status = ActionStatus::from_key(&status)
                        .ok_or_else(|| bad_row("status", &status))?;
                    Ok((r.get::<_, i64>(0)?, status))
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    pub(super) fn action_query(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
    ) -> Result<Vec<ActionItem>> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params, action_from_row)
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// Adds an action item outside a meeting; one undo step.
    pub fn add_action(&mut self, draft: &ActionDraft, now: DateTime<Utc>) -> Result<i64> {
        let title = checked_title(&draft.title)?;
        self.seller(draft.seller_id)?;
        let path = self.path.clone();
        let err = |e| super::classify(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        let draft = ActionDraft {
            title: title.to_string(),
            ..draft.clone()
        };
        let id = insert_action(&tx, &draft, now).map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(id)
    }

    /// Applies one change to every item in `ids`, as one undo step. An unknown id changes
    /// nothing and says which it was. Returns how many items actually changed.
    pub fn change_actions(
        &mut self,
        ids: &[i64],
        change: &ActionChange,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        match change {
            ActionChange::Edit(draft) => {
                checked_title(&draft.title)?;
                self.seller(draft.seller_id)?;
            }
            ActionChange::Drop {
                reason: Some(reason),
            } => {
                crate::domain::limits::check(crate::domain::limits::REASON, reason.trim())?;
            }
            ActionChange::Reassign {
                seller_id: Some(id),
                ..
            } => {
                self.seller(*id)?;
            }
            _ => {}
        }
        let path = self.path.clone();
        let err = |e| super::classify(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        let step = new_step(&tx).map_err(err)?;
        let mut changed = 0;
        for &id in ids {
            let before = read_row(&tx, id)
                .map_err(err)?
                .ok_or_else(|| unknown_action(id))?;
            let after = apply(&before, change, now);
            if after == before {
                continue;
            }
            put_row(&tx, id, &after).map_err(err)?;
            journal(&tx, step, id, now, change.key(), Some(&before), &after).map_err(err)?;
            changed += 1;
        }
        tx.commit().map_err(err)?;
        Ok(changed)
    }

    /// Undoes the last change step not yet undone. Returns what was undone, in words, or
    /// `None` when there is nothing left to undo.
    pub fn undo_action_change(&mut self) -> Result<Option<String>> {
        self.replay(true)
    }

    /// Redoes the step undone last. Returns what was redone, or `None`.
    pub fn redo_action_change(&mut self) -> Result<Option<String>> {
        self.replay(false)
    }

    fn replay(&mut self, undo: bool) -> Result<Option<String>> {
        let path = self.path.clone();
        let err = |e| super::classify(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        let step: Option<i64> = if undo {
            tx.query_row(
                "SELECT max(step) FROM action_changes WHERE undone = 0 AND step IS NOT NULL",
                [],
                |r| r.get(0),
            )
        } else {
            tx.query_row(
                "SELECT min(step) FROM action_changes WHERE undone = 1 AND step IS NOT NULL",
                [],
                |r| r.get(0),
            )
        }
        .map_err(err)?;
        let Some(step) = step else {
            return Ok(None);
        };
        let entries = step_entries(&tx, step).map_err(err)?;
        let ordered: Box<dyn Iterator<Item = &JournalEntry>> = if undo {
            Box::new(entries.iter().rev())
        } else {
            Box::new(entries.iter())
        };
        for entry in ordered {
            let target = if undo {
                &entry.before
            } else {
                &Some(entry.after.clone())
            };
            match target {
                Some(row) => put_row(&tx, entry.action_id, row).map_err(err)?,
                None => {
                    // Undoing an addition: the item goes, with any request to discuss it;
                    // a scorecard that made it keeps its focus area, without the link.
                    tx.execute(
                        "DELETE FROM agenda_requests WHERE action_id = ?1",
                        [entry.action_id],
                    )
                    .map_err(err)?;
                    tx.execute(
                        "UPDATE scorecards SET action_id = NULL WHERE action_id = ?1",
                        [entry.action_id],
                    )
                    .map_err(err)?;
                    tx.execute("DELETE FROM action_items WHERE id = ?1", [entry.action_id])
                        .map_err(err)?;
                }
            }
        }
        tx.execute(
            "UPDATE action_changes SET undone = ?2 WHERE step = ?1",
            params![step, undo],
        )
        .map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(Some(describe_step(&entries)))
    }

    /// What happened to an item, oldest first: where it came from, then every change.
    pub fn action_history(&self, id: i64) -> Result<Vec<HistoryEntry>> {
        let item = self.action(id)?;
        let mut history = vec![HistoryEntry {
            at: item.created_at,
            text: match &item.source {
                Some(m) => format!("agreed in the {}", m.kind.label()),
                None => "added".into(),
            },
        }];
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, at, what, before, after FROM action_changes
                 WHERE action_id = ?1 AND undone = 0 AND what != 'add' ORDER BY id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([id], |r| {
                super::in_row("action_changes", r, |r| {
                    let at: String = r.get(1)?;
                    let at = instant_from_sql(&at).ok_or_else(|| bad_row("instant", &at))?;
                    let what: String = r.get(2)?;
                    let before: Option<String> = r.get(3)?;
                    let after: String = r.get(4)?;
                    Ok((at, what, before, after))
                })
            })
            .map_err(|e| self.err(e))?;
        for row in rows {
            let (at, what, before, after) = row.map_err(|e| self.err(e))?;
            let before = before.and_then(|b| serde_json::from_str::<Stored>(&b).ok());
            let after = serde_json::from_str::<Stored>(&after).ok();
            history.push(HistoryEntry {
                at,
                text: history_text(&what, before.as_ref(), after.as_ref()),
            });
        }
        Ok(history)
    }

    /// Puts an open action item on its seller's next 1:1: straight onto the agenda if that
    /// 1:1 is being run now, else as a request its agenda will pick up.
    pub fn bring_to_next_one_on_one(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        let item = self.action(id)?;
        if item.status != ActionStatus::Open {
            return Err(StoreError::Invalid(format!(
                "action item {id} is {}: only open items are brought to a 1:1",
                item.status.key()
            )));
        }
        let title = follow_up_title(&item.title);
        let path = self.path.clone();
        let err = |e| super::classify(&path, e);
        let live: Option<i64> = self
            .conn
            .query_row(
                "SELECT o.meeting_id FROM one_on_ones o JOIN meetings m ON m.id = o.meeting_id
                 WHERE o.state = 'live' AND m.seller_id = ?1",
                [item.seller.id],
                |r| r.get(0),
            )
            .optional()
            .map_err(err)?;
        if let Some(meeting) = live {
            let minutes = crate::domain::agenda::FOLLOW_UP_MINUTES;
            self.add_agenda_item(meeting, &title, minutes, Owner::Manager)?;
        } else {
            let tx = self.conn.transaction().map_err(err)?;
            tx.execute(
                "INSERT INTO agenda_requests (seller_id, title, added_at, action_id)
                 VALUES (?1, ?2, ?3, ?4)",
                params![item.seller.id, title, instant_to_sql(now), id],
            )
            .map_err(err)?;
            tx.commit().map_err(err)?;
        }
        let row = read_row(&self.conn, id)
            .map_err(err)?
            .ok_or_else(|| unknown_action(id))?;
        self.conn
            .execute(
                "INSERT INTO action_changes (step, action_id, at, what, before, after)
                 VALUES (NULL, ?1, ?2, 'bring', NULL, ?3)",
                params![id, instant_to_sql(now), to_json(&row)],
            )
            .map_err(err)?;
        Ok(())
    }
}

/// The values a filter's conditions bind, as SQL text.
struct FilterValues<'a> {
    filter: &'a ActionFilter,
    today: String,
    from: String,
    to: String,
    owner: Option<&'static str>,
    text: &'a str,
}

impl<'a> FilterValues<'a> {
    fn of(filter: &'a ActionFilter, today: NaiveDate, week: (NaiveDate, NaiveDate)) -> Self {
        FilterValues {
            filter,
            today: date_to_sql(today),
            from: date_to_sql(week.0),
            to: date_to_sql(week.1),
            owner: filter.owner.map(Owner::key),
            text: filter.text.trim(),
        }
    }

    /// Only the conditions in force are in the statement, so only their values are bound.
    fn values(&self) -> Vec<(&str, &dyn rusqlite::ToSql)> {
        let f = self.filter;
        let mut values: Vec<(&str, &dyn rusqlite::ToSql)> = Vec::new();
        if f.seller.is_some() {
            values.push((":seller", &f.seller));
        }
        if self.owner.is_some() {
            values.push((":owner", &self.owner));
        }
        if f.overdue {
            values.push((":today", &self.today));
        }
        if f.due_this_week {
            values.push((":from", &self.from));
            values.push((":to", &self.to));
        }
        if !self.text.is_empty() {
            values.push((":text", &self.text));
        }
        values
    }
}

/// The statement `list_actions` runs for a filter and sort: only the conditions in force,
/// each in a form an index answers (the status as a literal, so the index of open items
/// applies), so the work follows the items shown rather than the years of history.
pub(crate) fn list_sql(filter: &ActionFilter, sort: Sort) -> String {
    let order = match sort {
        Sort::Due => "a.due_on IS NULL, a.due_on, s.name, a.id",
        Sort::Seller => "s.name COLLATE NOCASE, a.due_on IS NULL, a.due_on, a.id",
        Sort::Age => "a.created_at, a.id",
    };
    // By seller: seller by seller in name order, each one's items read through an index in
    // due order (CROSS JOIN keeps that order of the loops), so the list stops at its limit.
    let from = match sort {
        Sort::Seller => {
            "sellers s CROSS JOIN action_items a ON a.seller_id = s.id \
             LEFT JOIN meetings m ON m.id = a.meeting_id"
        }
        Sort::Due | Sort::Age => ACTION_FROM,
    };
    format!(
        "SELECT {ACTION_COLUMNS} FROM {from}
         {}
         ORDER BY {order} LIMIT :limit OFFSET :offset",
        list_filter(filter)
    )
}

/// How many items the filter keeps; `capped`, counted no further than `:cap`, never through
/// all of history. Only the seller's name needs the join; without it the count is read from
/// an index alone.
fn count_sql(filter: &ActionFilter, capped: bool) -> String {
    let from = if filter.text.trim().is_empty() {
        "action_items a"
    } else {
        "action_items a JOIN sellers s ON s.id = a.seller_id"
    };
    let mut conditions = list_filter(filter);
    if filter.overdue {
        // Said outright, "has a date" lets the count read the overdue items as one range of
        // the (status, due_on IS NULL, due_on) index instead of testing every open item.
        // The list does not need it: it reads that index in order and stops at its window.
        conditions.push_str(" AND (a.due_on IS NULL) = 0");
    }
    if capped {
        format!("SELECT count(*) FROM (SELECT 1 FROM {from} {conditions} LIMIT :cap)")
    } else {
        format!("SELECT count(*) FROM {from} {conditions}")
    }
}

/// A filter's conditions (`WHERE ..` or nothing) and one more.
pub(super) fn and(filter: &str, more: &str) -> String {
    if filter.is_empty() {
        format!("WHERE {more}")
    } else {
        format!("{filter} AND {more}")
    }
}

fn list_filter(filter: &ActionFilter) -> String {
    let mut conditions = Vec::new();
    let status = match filter.status {
        StatusFilter::Open => Some("a.status = 'open'"),
        StatusFilter::Done => Some("a.status = 'done'"),
        StatusFilter::Dropped => Some("a.status = 'dropped'"),
        StatusFilter::All => None,
    };
    conditions.extend(status);
    if filter.seller.is_some() {
        conditions.push("a.seller_id = :seller");
    }
    if filter.owner.is_some() {
        conditions.push("a.owner = :owner");
    }
    if filter.overdue {
        conditions.push("a.status = 'open' AND a.due_on < :today");
    }
    if filter.due_this_week {
        conditions.push("a.due_on BETWEEN :from AND :to");
    }
    if !filter.text.trim().is_empty() {
        conditions.push(
            "(instr(lower(a.title), lower(:text)) > 0 OR instr(lower(s.name), lower(:text)) > 0)",
        );
    }
    if conditions.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conditions.join(" AND "))
    }
}

/// Adds an action item inside a caller's transaction, journaled as one undo step. The
/// draft is checked by the caller.
pub(super) fn insert_action(
    tx: &Transaction,
    draft: &ActionDraft,
    now: DateTime<Utc>,
) -> rusqlite::Result<i64> {
    tx.execute(
        "INSERT INTO action_items (seller_id, title, owner, due_on, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            draft.seller_id,
            draft.title.trim(),
            draft.owner.key(),
            draft.due_on.map(date_to_sql),
            instant_to_sql(now)
        ],
    )?;
    let id = tx.last_insert_rowid();
    let after = read_row(tx, id)?.ok_or(rusqlite::Error::QueryReturnedNoRows)?;
    let step = new_step(tx)?;
    journal(tx, step, id, now, "add", None, &after)?;
    Ok(id)
}

fn unknown_action(id: i64) -> StoreError {
    StoreError::Invalid(format!(
        "there is no action item {id} (the ids are in `cadence actions list --all`)"
    ))
}

fn checked_title(title: &str) -> Result<&str> {
    let title = title.trim();
    if title.is_empty() {
        return Err(StoreError::Invalid("an action item needs a title".into()));
    }
    Ok(crate::domain::limits::check(
        crate::domain::limits::ACTION_TITLE,
        title,
    )?)
}

fn apply(before: &Stored, change: &ActionChange, now: DateTime<Utc>) -> Stored {
    let mut row = before.clone();
    let close = |row: &mut Stored, status: ActionStatus| {
        if row.status != status.key() {
            row.status = status.key().into();
            row.closed_at = Some(instant_to_sql(now));
        }
    };
    match change {
        ActionChange::Done => {
            close(&mut row, ActionStatus::Done);
            row.drop_reason = None;
        }
        ActionChange::Drop { reason } => {
            close(&mut row, ActionStatus::Dropped);
            row.drop_reason = reason
                .as_deref()
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(String::from);
        }
        ActionChange::Reopen => {
            row.status = ActionStatus::Open.key().into();
            row.closed_at = None;
            row.drop_reason = None;
        }
        ActionChange::Due(due) => row.due_on = due.map(date_to_sql),
        ActionChange::Reassign { seller_id, owner } => {
            if let Some(id) = seller_id {
                row.seller_id = *id;
            }
            if let Some(owner) = owner {
                row.owner = owner.key().into();
            }
        }
        ActionChange::Edit(draft) => {
            row.seller_id = draft.seller_id;
            row.title = draft.title.trim().into();
            row.owner = draft.owner.key().into();
            row.due_on = draft.due_on.map(date_to_sql);
        }
    }
    row
}

pub(super) fn read_row(conn: &rusqlite::Connection, id: i64) -> rusqlite::Result<Option<Stored>> {
    conn.query_row(
        "SELECT seller_id, title, owner, due_on, status, meeting_id, created_at, closed_at,
                drop_reason, uuid
         FROM action_items WHERE id = ?1",
        [id],
        |r| {
            Ok(Stored {
                seller_id: r.get(0)?,
                title: r.get(1)?,
                owner: r.get(2)?,
                due_on: r.get(3)?,
                status: r.get(4)?,
                meeting_id: r.get(5)?,
                created_at: r.get(6)?,
                closed_at: r.get(7)?,
                drop_reason: r.get(8)?,
                uuid: r.get(9)?,
            })
        },
    )
    .optional()
}

/// Writes an item's row as the journal has it, adding the row if it is gone (an undone
/// addition, redone).
pub(super) fn put_row(tx: &Transaction, id: i64, row: &Stored) -> rusqlite::Result<()> {
    // A row without a uuid (from an older journal) keeps its own, or gets a new one.
    tx.execute(
        "INSERT INTO action_items (id, seller_id, title, owner, due_on, status, meeting_id,
                                   created_at, closed_at, drop_reason, uuid)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT (id) DO UPDATE SET seller_id = excluded.seller_id,
           title = excluded.title, owner = excluded.owner, due_on = excluded.due_on,
           status = excluded.status, meeting_id = excluded.meeting_id,
           created_at = excluded.created_at, closed_at = excluded.closed_at,
           drop_reason = excluded.drop_reason, uuid = coalesce(excluded.uuid, uuid)",
        params![
            id,
            row.seller_id,
            row.title,
            row.owner,
            row.due_on,
            row.status,
            row.meeting_id,
            row.created_at,
            row.closed_at,
            row.drop_reason,
            row.uuid
        ],
    )
    .map(|_| ())
}

pub(super) fn to_json(row: &Stored) -> String {
    // A struct of strings and integers always serialises.
    serde_json::to_string(row).unwrap_or_default()
}

/// A new step number. Steps undone and not redone are forgotten: a new change starts a new
/// branch of history, as in every editor.
pub(super) fn new_step(tx: &Transaction) -> rusqlite::Result<i64> {
    tx.execute(
        "DELETE FROM action_changes WHERE undone = 1 AND step IS NOT NULL",
        [],
    )?;
    tx.query_row(
        "SELECT coalesce(max(step), 0) + 1 FROM action_changes WHERE step IS NOT NULL",
        [],
        |r| r.get(0),
    )
}

pub(super) fn journal(
    tx: &Transaction,
    step: i64,
    id: i64,
    now: DateTime<Utc>,
    what: &str,
    before: Option<&Stored>,
    after: &Stored,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO action_changes (step, action_id, at, what, before, after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            step,
            id,
            instant_to_sql(now),
            what,
            before.map(to_json),
            to_json(after)
        ],
    )
    .map(|_| ())
}

struct JournalEntry {
    action_id: i64,
    what: String,
    before: Option<Stored>,
    after: Stored,
}

fn read_entry(r: &rusqlite::Row) -> rusqlite::Result<JournalEntry> {
    let before: Option<String> = r.get(3)?;
    let after: String = r.get(4)?;
    let parse = |text: &str| {
        serde_json::from_str::<Stored>(text).map_err(|_| bad_row("journal entry", text))
    };
    Ok(JournalEntry {
        action_id: r.get(1)?,
        what: r.get(2)?,
        before: before.as_deref().map(parse).transpose()?,
        after: parse(&after)?,
    })
}

fn step_entries(tx: &Transaction, step: i64) -> rusqlite::Result<Vec<JournalEntry>> {
    let mut stmt = tx.prepare_cached(
        "SELECT id, action_id, what, before, after FROM action_changes WHERE step = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([step], |r| super::in_row("action_changes", r, read_entry))?;
    rows.collect()
}

/// `marked done: Send the revised forecast`, `moved the due date of 3 items`.
fn describe_step(entries: &[JournalEntry]) -> String {
    let Some(first) = entries.first() else {
        return "nothing".into();
    };
    let verb = match first.what.as_str() {
        "add" => "added",
        "done" => "marked done",
        "reopen" => "reopened",
        "drop" => "dropped",
        "due" => "moved the due date of",
        "reassign" => "reassigned",
        "import" => "imported",
        _ => "edited",
    };
    if entries.len() == 1 {
        format!("{verb} \"{}\"", first.after.title)
    } else {
        format!("{verb} {} items", entries.len())
    }
}

fn history_text(what: &str, before: Option<&Stored>, after: Option<&Stored>) -> String {
    let due = |row: Option<&Stored>| {
        row.and_then(|r| r.due_on.as_deref())
            .and_then(date_from_sql)
            .map(|d| d.format("%a %b %-d").to_string())
            .unwrap_or_else(|| "no date".into())
    };
    match what {
        "done" => "marked done".into(),
        "reopen" => "reopened".into(),
        "drop" => match after.and_then(|a| a.drop_reason.as_deref()) {
            Some(reason) => format!("dropped: {reason}"),
            None => "dropped".into(),
        },
        "due" => format!("due moved from {} to {}", due(before), due(after)),
        "reassign" => "reassigned".into(),
        "bring" => "brought to the next 1:1".into(),
        "import" => "updated by an import".into(),
        _ => "edited".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> Stored {
        Stored {
            seller_id: 1,
            title: "Send the forecast".into(),
            owner: "seller".into(),
            due_on: Some("2026-11-27".into()),
            status: "open".into(),
            meeting_id: None,
            created_at: "2026-11-20T09:00:00Z".into(),
            closed_at: None,
            drop_reason: None,
            uuid: None,
        }
    }

    fn now() -> DateTime<Utc> {
        "2026-11-27T10:00:00Z".parse().unwrap()
    }

    #[test]
    fn closing_stamps_the_time_and_reopening_clears_it() {
        let done = apply(&row(), &ActionChange::Done, now());
        assert_eq!(done.status, "done");
        assert_eq!(done.closed_at.as_deref(), Some("2026-11-27T10:00:00Z"));
        let open = apply(&done, &ActionChange::Reopen, now());
        assert_eq!(open, row());
    }

    #[test]
    fn a_drop_keeps_its_reason_and_a_blank_reason_is_none() {
        let dropped = apply(
            &row(),
            &ActionChange::Drop {
                reason: Some(" deal lost ".into()),
            },
            now(),
        );
        assert_eq!(dropped.drop_reason.as_deref(), Some("deal lost"));
        let silent = apply(
            &row(),
            &ActionChange::Drop {
                reason: Some(" ".into()),
            },
            now(),
        );
        assert_eq!(silent.drop_reason, None);
    }

    #[test]
    fn marking_done_what_is_done_changes_nothing() {
        let done = apply(&row(), &ActionChange::Done, now());
        let later = now() + chrono::TimeDelta::hours(1);
        assert_eq!(apply(&done, &ActionChange::Done, later), done);
    }

    #[test]
    fn a_long_history_is_counted_only_a_way_past_the_rows_read() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("cadence.db")).unwrap();
        let seller = store
            .add_seller(&crate::store::NewSeller {
                name: "Ana Ruiz",
                started_on: NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
                motivation: "",
            })
            .unwrap();
        let tx = store.conn.transaction().unwrap();
        for i in 0..2500 {
            tx.execute(
                "INSERT INTO action_items (seller_id, title, owner, status, created_at, closed_at)
                 VALUES (?1, ?2, 'seller', 'done', '2024-01-01T09:00:00Z', '2024-01-02T09:00:00Z')",
                params![seller, format!("Item {i}")],
            )
            .unwrap();
        }
        tx.commit().unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let done = ActionFilter {
            status: StatusFilter::Done,
            ..ActionFilter::default()
        };
        let window = |offset| {
            store
                .action_window(&done, Sort::Age, day, (day, day), offset, 50)
                .unwrap()
        };
        let first = window(0);
        assert_eq!(
            (first.items.len(), first.total, first.more),
            (50, 1050, true)
        );
        let further = window(1000);
        assert_eq!((further.total, further.more), (2050, true));
        let last = window(2480);
        assert_eq!((last.items.len(), last.total, last.more), (20, 2500, false));
        // Exactly as many as the cap: counted whole, not "2500+".
        let exactly = window(1450);
        assert_eq!((exactly.total, exactly.more), (2500, false));
        // Scripts are told every match.
        let listed = store
            .list_actions(&done, Sort::Age, day, (day, day), 8)
            .unwrap();
        assert_eq!(
            (listed.items.len(), listed.total, listed.more),
            (8, 2500, false)
        );
    }
}
