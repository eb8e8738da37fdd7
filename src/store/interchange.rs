//! What the files to and from other tools need of the database: the meetings of a range
//! with the day of their rule, action items with their uuids, and applying a task list or
//! a roster as one transaction, so a bad file writes nothing.

use super::actions::{
    ACTION_COLUMNS, ACTION_FROM, Stored, action_from_row, journal, new_step, put_row, read_row,
};
use super::meetings::{MEETING_COLUMNS, meeting_from_row};
use super::rules::{RULE_COLUMNS, rule_from_row};
use super::{
    ActionItem, Meeting, Result, Rule, Store, StoreError, date_from_sql, date_to_sql,
    instant_from_sql, instant_to_sql,
};
use crate::domain::actions::ActionStatus;
use crate::domain::limits;
use crate::domain::recurrence::{day_start, local_instant};
use crate::interchange::roster::RosterRow;
use crate::interchange::{Read, Task, When};
use crate::zone::Zone;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, params};
use std::collections::HashMap;

/// A meeting with the day of the cadence rule it is an occurrence of (`None` for a
/// one-off or a moved meeting's new slot).
#[derive(Clone, Debug, PartialEq)]
pub struct MeetingOccurrence {
    pub meeting: Meeting,
    pub occurs_on: Option<NaiveDate>,
}

/// An occurrence a cadence rule would have had, had it not been changed or removed: a
/// calendar that imported it before is told it is canceled.
#[derive(Clone, Debug, PartialEq)]
pub struct Withdrawn {
    pub rule: Rule,
    pub day: NaiveDate,
    pub starts_at: DateTime<Utc>,
}

/// How long after a rule's change its lost occurrences are still sent as canceled: an
/// export reaches at most this far ahead, so no calendar can hold one from before.
const WITHDRAWN_FOR: chrono::TimeDelta = chrono::TimeDelta::weeks(52);

/// What an import did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Imported {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
}

impl Store {
    /// This database's calendar id: made once, then the same in every calendar export, so
    /// event UIDs stay the same and never collide with another database's.
    pub fn calendar_id(&self) -> Result<String> {
        self.conn
            .execute(
                "INSERT OR IGNORE INTO app_state (key, value)
                 VALUES ('calendar_id', lower(hex(randomblob(8))))",
                [],
            )
            .map_err(|e| self.err(e))?;
        self.conn
            .query_row(
                "SELECT key, value FROM app_state WHERE key = 'calendar_id'",
                [],
                |r| super::in_row("app_state", r, |r| r.get(1)),
            )
            .map_err(|e| self.err(e))
    }

    /// The meetings starting on the days `[from, to)` in `zone`, in time order, with the
    /// cadence expanded for those days first.
    pub fn calendar_meetings(
        &mut self,
        from: NaiveDate,
        to: NaiveDate,
        zone: Zone,
    ) -> Result<Vec<MeetingOccurrence>> {
        // A day either side covers rules kept in another zone than the manager's.
        self.expand_cadence(from - chrono::Days::new(1), to + chrono::Days::new(1))?;
        let sql = format!(
            "SELECT {MEETING_COLUMNS}, m.occurs_on
             FROM meetings m LEFT JOIN sellers s ON s.id = m.seller_id
             WHERE m.starts_at >= ?1 AND m.starts_at < ?2
             ORDER BY m.starts_at, s.name, m.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(
                params![
                    instant_to_sql(day_start(from, zone)),
                    instant_to_sql(day_start(to, zone))
                ],
                |r| {
                    let day: Option<String> = r.get(11)?;
                    Ok(MeetingOccurrence {
                        meeting: meeting_from_row(r)?,
                        occurs_on: day.as_deref().and_then(date_from_sql),
                    })
                },
            )
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// The occurrences on the days `[from, to)` that rule versions ended (by a change or a
    /// removal) would have had after they ended, and that no meeting stands for.
    pub fn withdrawn_occurrences(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        zone: Zone,
    ) -> Result<Vec<Withdrawn>> {
        let (start, end) = (day_start(from, zone), day_start(to, zone));
        let sql = format!(
            "SELECT {RULE_COLUMNS} FROM cadence_rules r LEFT JOIN sellers s ON s.id = r.seller_id
             WHERE r.effective_until IS NOT NULL AND r.effective_until < ?2
               AND r.effective_until > ?1 AND r.starts_on < ?3"
        );
        let rules: Vec<Rule> = {
            let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
            let rows = stmt
                .query_map(
                    params![
                        instant_to_sql(start - WITHDRAWN_FOR),
                        instant_to_sql(end),
                        date_to_sql(to + chrono::Days::new(1))
                    ],
                    rule_from_row,
                )
                .map_err(|e| self.err(e))?;
            rows.collect::<rusqlite::Result<_>>()
                .map_err(|e| self.err(e))?
        };
        let mut kept = self
            .conn
            .prepare_cached("SELECT 1 FROM meetings WHERE rule_id = ?1 AND occurs_on = ?2")
            .map_err(|e| self.err(e))?;
        let mut withdrawn = Vec::new();
        for rule in rules {
            let Some(until) = rule.effective_until else {
                continue;
            };
            let mut unended = rule.recurrence;
            unended.ends_on = None;
            // A day either side covers rules kept in another zone than the manager's.
            let days =
                unended.dates_between(from - chrono::Days::new(1), to + chrono::Days::new(1));
            for day in days {
                let starts_at = local_instant(day, unended.time, rule.zone);
                let lost = starts_at >= until && starts_at < until + WITHDRAWN_FOR;
                if !lost || starts_at < start || starts_at >= end {
                    continue;
                }
                if kept
                    .exists(params![rule.id, date_to_sql(day)])
                    .map_err(|e| self.err(e))?
                {
                    continue;
                }
                withdrawn.push(Withdrawn {
                    rule: rule.clone(),
                    day,
                    starts_at,
                });
            }
        }
        withdrawn.sort_by_key(|w| w.starts_at);
        Ok(withdrawn)
    }

    /// Action items with their uuids, oldest first: the open ones, or with `all` every one.
    pub fn actions_with_uuids(&self, all: bool) -> Result<Vec<(String, ActionItem)>> {
        let sql = format!(
            "SELECT {ACTION_COLUMNS}, a.uuid FROM {ACTION_FROM}
             WHERE ?1 OR a.status = 'open'
             ORDER BY a.created_at, a.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([all], |r| Ok((r.get(13)?, action_from_row(r)?)))
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// Applies tasks read from a file as one undo step: a known uuid updates its item, an
    /// unknown one (or none) adds one. The first problem (an unknown seller, a uuid twice)
    /// refuses the whole file, named by its place, and nothing is written.
    pub fn import_tasks(
        &mut self,
        reads: &[Read],
        zone: Zone,
        now: DateTime<Utc>,
    ) -> Result<Imported> {
        let team = self.sellers()?;
        let sellers: HashMap<String, i64> =
            team.iter().map(|s| (s.name.to_lowercase(), s.id)).collect();
        let path = self.path.clone();
        let err = |e| super::classify(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        let mut seen: HashMap<&str, &str> = HashMap::new();
        let mut step = None;
        let mut done = Imported::default();
        for Read { place, task } in reads {
            let bad = |why: String| StoreError::Invalid(format!("{place}: {why}"));
            let seller_id = match sellers.get(&task.seller.to_lowercase()) {
                Some(id) => *id,
                None => {
                    let known: Vec<&str> = team.iter().map(|s| s.name.as_str()).collect();
                    return Err(bad(format!(
                        "there is no seller named '{}'; your sellers are: {} (add one with \
                         `cadence seller add` or `cadence import roster`)",
                        task.seller,
                        known.join(", ")
                    )));
                }
            };
            if let Some(uuid) = task.uuid.as_deref()
                && let Some(first) = seen.insert(uuid, place)
            {
                return Err(bad(format!(
                    "uuid {uuid} is also {first}'s: each item once"
                )));
            }
            let existing: Option<(i64, Stored)> = match task.uuid.as_deref() {
                Some(uuid) => {
                    let id: Option<i64> = tx
                        .query_row("SELECT id FROM action_items WHERE uuid = ?1", [uuid], |r| {
                            r.get(0)
                        })
                        .optional()
                        .map_err(err)?;
                    match id {
                        Some(id) => read_row(&tx, id).map_err(err)?.map(|row| (id, row)),
                        None => None,
                    }
                }
                None => None,
            };
            let before = existing.as_ref().map(|(_, row)| row);
            let after = row_for(task, seller_id, before, zone, now);
            if after.title.is_empty() {
                return Err(bad("the item has no text".into()));
            }
            limits::check(limits::ACTION_TITLE, &after.title).map_err(|e| bad(e.to_string()))?;
            if before == Some(&after) {
                done.unchanged += 1;
                continue;
            }
            let step = match step {
                Some(s) => s,
                None => *step.insert(new_step(&tx).map_err(err)?),
            };
            match existing {
                Some((id, before)) => {
                    put_row(&tx, id, &after).map_err(err)?;
                    journal(&tx, step, id, now, "import", Some(&before), &after).map_err(err)?;
                    done.updated += 1;
                }
                None => {
                    tx.execute(
                        "INSERT INTO action_items (uuid, seller_id, title, owner, due_on, status,
                                                   created_at, closed_at, drop_reason)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                        params![
                            after.uuid,
                            after.seller_id,
                            after.title,
                            after.owner,
                            after.due_on,
                            after.status,
                            after.created_at,
                            after.closed_at,
                            after.drop_reason
                        ],
                    )
                    .map_err(err)?;
                    let id = tx.last_insert_rowid();
                    // As stored: with the uuid the database gave it when the file had none.
                    let added = read_row(&tx, id)
                        .and_then(|row| row.ok_or(rusqlite::Error::QueryReturnedNoRows))
                        .map_err(err)?;
                    journal(&tx, step, id, now, "add", None, &added).map_err(err)?;
                    done.added += 1;
                }
            }
        }
        tx.commit().map_err(err)?;
        Ok(done)
    }

    /// Adds the sellers of a roster in one transaction; a name already in the team refuses
    /// the whole file, named by its line. Rows without a start date started `today`.
    pub fn import_roster(&mut self, rows: &[RosterRow], today: NaiveDate) -> Result<usize> {
        let path = self.path.clone();
        let err = |e| super::classify(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        for row in rows {
            let fits = |field, text: &str| {
                limits::check(field, text)
                    .map(|_| ())
                    .map_err(|e| StoreError::Invalid(format!("line {}: {e}", row.line)))
            };
            fits(limits::SELLER_NAME, &row.name)?;
            fits(limits::EMAIL, row.email.as_deref().unwrap_or(""))?;
            let taken: Option<String> = tx
                .query_row(
                    "SELECT name FROM sellers WHERE name = ?1 COLLATE NOCASE",
                    [&row.name],
                    |r| r.get(0),
                )
                .optional()
                .map_err(err)?;
            if let Some(name) = taken {
                return Err(StoreError::Invalid(format!(
                    "line {}: '{name}' is already in your team: each seller once (remove the row)",
                    row.line
                )));
            }
            tx.execute(
                "INSERT INTO sellers (name, started_on, email) VALUES (?1, ?2, ?3)",
                params![
                    row.name,
                    date_to_sql(row.started_on.unwrap_or(today)),
                    row.email
                ],
            )
            .map_err(err)?;
        }
        tx.commit().map_err(err)?;
        Ok(rows.len())
    }
}

/// The row a task makes: of a new item, or of the item it updates (`before`), keeping what
/// the file does not say (the meeting it came from, a drop reason) and, for a day, the
/// stored instant when it is that day's, so a re-import of todo.txt changes nothing.
fn row_for(
    task: &Task,
    seller_id: i64,
    before: Option<&Stored>,
    zone: Zone,
    now: DateTime<Utc>,
) -> Stored {
    let instant = |when: When, kept: Option<&str>| -> String {
        match when {
            When::Instant(t) => instant_to_sql(t),
            When::Day(d) => kept
                .filter(|k| {
                    instant_from_sql(k).is_some_and(|t| t.with_timezone(&zone).date_naive() == d)
                })
                .map(String::from)
                .unwrap_or_else(|| instant_to_sql(day_start(d, zone))),
        }
    };
    let closed = (task.status != ActionStatus::Open).then(|| {
        instant(
            task.closed.unwrap_or(When::Instant(now)),
            before.and_then(|b| b.closed_at.as_deref()),
        )
    });
    Stored {
        seller_id,
        title: task.title.trim().to_string(),
        owner: task.owner.key().into(),
        due_on: task.due_on.map(date_to_sql),
        status: task.status.key().into(),
        meeting_id: before.and_then(|b| b.meeting_id),
        created_at: instant(task.created, before.map(|b| b.created_at.as_str())),
        closed_at: closed,
        drop_reason: (task.status == ActionStatus::Dropped)
            .then(|| {
                task.drop_reason
                    .clone()
                    .or_else(|| before.and_then(|b| b.drop_reason.clone()))
            })
            .flatten(),
        uuid: before
            .and_then(|b| b.uuid.clone())
            .or_else(|| task.uuid.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::agenda::Owner;

    fn zone() -> Zone {
        crate::zone::Zone::named("Europe/Berlin").unwrap()
    }

    fn now() -> DateTime<Utc> {
        "2026-11-27T10:00:00Z".parse().unwrap()
    }

    fn day(text: &str) -> When {
        When::Day(text.parse().unwrap())
    }

    fn dropped_on_the_26th() -> Stored {
        Stored {
            seller_id: 1,
            title: "Send the deck".into(),
            owner: "seller".into(),
            due_on: None,
            status: "dropped".into(),
            meeting_id: Some(7),
            created_at: "2026-11-20T14:03:00Z".into(),
            closed_at: Some("2026-11-26T16:30:00Z".into()),
            drop_reason: Some("deal lost".into()),
            uuid: Some("8f14e45f-ceea-467a-9d5e-0123456789ab".into()),
        }
    }

    fn task(created: When, closed: When) -> Task {
        Task {
            uuid: Some("8f14e45f-ceea-467a-9d5e-0123456789ab".into()),
            title: "Send the deck".into(),
            seller: "Ana Ruiz".into(),
            owner: Owner::Seller,
            status: ActionStatus::Dropped,
            due_on: None,
            created,
            closed: Some(closed),
            drop_reason: None,
        }
    }

    #[test]
    fn the_same_days_keep_the_stored_instants_and_what_the_file_cannot_say() {
        let before = dropped_on_the_26th();
        let same = task(day("2026-11-20"), day("2026-11-26"));
        assert_eq!(row_for(&same, 1, Some(&before), zone(), now()), before);
    }

    #[test]
    fn another_day_is_its_start_in_the_managers_zone() {
        let before = dropped_on_the_26th();
        let moved = task(day("2026-11-20"), day("2026-11-27"));
        let row = row_for(&moved, 1, Some(&before), zone(), now());
        assert_eq!(row.closed_at.as_deref(), Some("2026-11-26T23:00:00Z"));
        assert_eq!(row.created_at, before.created_at);
        let new = row_for(&moved, 1, None, zone(), now());
        assert_eq!(new.created_at, "2026-11-19T23:00:00Z");
        assert_eq!((new.meeting_id, new.drop_reason), (None, None));
    }

    #[test]
    fn reopening_clears_the_close_and_the_reason() {
        let mut open = task(day("2026-11-20"), day("2026-11-26"));
        open.status = ActionStatus::Open;
        let row = row_for(&open, 1, Some(&dropped_on_the_26th()), zone(), now());
        assert_eq!((row.closed_at, row.drop_reason), (None, None));
        assert_eq!(row.status, "open");
    }
}
