//! Meetings: occurrences of cadence rules and one-offs, with their status.

use super::{
    Result, Store, StoreError, bad_row, date_to_sql, instant_from_sql, instant_to_sql,
    required_text, text,
};
use crate::domain::Week;
use crate::domain::meeting::{Meeting, NewMeeting};
use crate::domain::recurrence::{day_start, local_instant};
use crate::domain::seller::SellerRef;
use crate::domain::{Kind, Status};
use crate::zone::Zone;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, Row, params};
use std::cmp::Ordering;

pub(super) const MEETING_COLUMNS: &str = "m.id, m.rule_id, m.seller_id, s.name, m.kind, m.starts_at, \
     m.minutes, m.status, m.cancel_reason, m.rescheduled_to, m.rescheduled_from";

/// Two names as SQLite's NOCASE collation orders them: ASCII letters folded, other bytes
/// as they are.
fn nocase(a: &str, b: &str) -> Ordering {
    a.bytes()
        .map(|b| b.to_ascii_lowercase())
        .cmp(b.bytes().map(|b| b.to_ascii_lowercase()))
}

pub(super) fn meeting_from_row(r: &Row) -> rusqlite::Result<Meeting> {
    super::in_row("meetings", r, read_meeting)
}

fn read_meeting(r: &Row) -> rusqlite::Result<Meeting> {
    let seller = match r.get::<_, Option<i64>>(2)? {
        Some(id) => Some(SellerRef {
            id,
            name: r.get(3)?,
        }),
        None => None,
    };
    let kind = required_text(r, 4)?;
    let starts = required_text(r, 5)?;
    let status = required_text(r, 7)?;
    let moved = text(r, 9)?;
    Ok(Meeting {
        id: r.get(0)?,
        rule_id: r.get(1)?,
        seller,
        kind: Kind::from_key(kind).ok_or_else(|| bad_row("kind", kind))?,
        starts_at: instant_from_sql(starts).ok_or_else(|| bad_row("instant", starts))?,
        minutes: r.get(6)?,
        status: Status::from_stored(status).ok_or_else(|| bad_row("status", status))?,
        cancel_reason: r.get(8)?,
        rescheduled_to: match moved {
            Some(m) => Some(instant_from_sql(m).ok_or_else(|| bad_row("instant", m))?),
            None => None,
        },
        rescheduled_from: r.get(10)?,
    })
}

/// The days the cadence was written out into meetings, for the rules as of a version
/// (`app_state.rules_version`), kept in `app_state` as JSON.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct ExpandedDays {
    rules_version: String,
    /// `[from, to)` ranges, in order, none touching another.
    ranges: Vec<(NaiveDate, NaiveDate)>,
}

/// The rules' version now, and what was expanded when.
#[derive(Debug)]
struct Expansion {
    version: String,
    days: Option<ExpandedDays>,
}

/// Ranges kept at most: a manager paging far and wide keeps the latest, and an older week
/// opened again is merely written again (to no effect).
const RANGES_KEPT: usize = 64;

impl Expansion {
    fn covers(&self, from: NaiveDate, to: NaiveDate) -> bool {
        self.days.as_ref().is_some_and(|d| {
            d.rules_version == self.version && d.ranges.iter().any(|(a, b)| *a <= from && to <= *b)
        })
    }

    /// The record once `[from, to)` is written too: ranges that meet are merged.
    fn record(self, from: NaiveDate, to: NaiveDate) -> ExpandedDays {
        let mut ranges = match self.days {
            Some(d) if d.rules_version == self.version => d.ranges,
            _ => Vec::new(),
        };
        ranges.push((from, to));
        ranges.sort();
        let mut merged: Vec<(NaiveDate, NaiveDate)> = Vec::new();
        for (a, b) in ranges {
            match merged.last_mut() {
                Some(last) if a <= last.1 => last.1 = last.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        let extra = merged.len().saturating_sub(RANGES_KEPT);
        merged.drain(..extra);
        ExpandedDays {
            rules_version: self.version,
            ranges: merged,
        }
    }
}

impl Store {
    /// Writes the meetings the cadence rules produce on the days `[from, to)`, once: days
    /// already expanded are left as they are. Costs work proportional to the days asked for.
    pub fn expand_cadence(&mut self, from: NaiveDate, to: NaiveDate) -> Result<()> {
        // Opening a week again, in this start or a later one, reads it without a write,
        // until a rule changes (from here or from another program: triggers count every
        // change in the rules' version).
        if self.expansion().map_err(|e| self.err(e))?.covers(from, to) {
            return Ok(());
        }
        self.expand_rules(from, to)
    }

    fn expansion(&self) -> rusqlite::Result<Expansion> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT key, value FROM app_state WHERE key IN ('rules_version', 'expanded_days')",
        )?;
        let mut rows = stmt.query([])?;
        let (mut version, mut days) = (String::new(), None);
        while let Some(row) = rows.next()? {
            let (key, value): (String, String) =
                super::in_row("app_state", row, |r| Ok((r.get(0)?, r.get(1)?)))?;
            if key == "rules_version" {
                version = value;
            } else {
                // Unreadable, it is as if nothing was expanded: the next write replaces it.
                days = serde_json::from_str::<ExpandedDays>(&value).ok();
            }
        }
        Ok(Expansion { version, days })
    }

    fn expand_rules(&mut self, from: NaiveDate, to: NaiveDate) -> Result<()> {
        let path = self.path.clone();
        let err = |e| super::classify(&path, e);
        // The rules and their version are read under the write lock the transaction takes
        // as it begins (the store's transactions are immediate): a rule another program
        // ends meanwhile cannot have its deleted meetings written back from an older read.
        let tx = self.conn.unchecked_transaction().map_err(err)?;
        let state = self.expansion().map_err(err)?;
        let rules = self.rules_overlapping(from, to)?;
        {
            let mut insert = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO meetings
                       (rule_id, occurs_on, seller_id, kind, starts_at, minutes, status)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'planned')",
                )
                .map_err(err)?;
            for rule in &rules {
                for day in rule.recurrence.dates_between(from, to) {
                    let starts = local_instant(day, rule.recurrence.time, rule.zone);
                    if !rule.applies_at(starts) {
                        continue;
                    }
                    insert
                        .execute(params![
                            rule.id,
                            date_to_sql(day),
                            rule.seller.as_ref().map(|s| s.id),
                            rule.kind.key(),
                            instant_to_sql(starts),
                            rule.minutes,
                        ])
                        .map_err(err)?;
                }
            }
        }
        let days = state.record(from, to);
        tx.execute(
            "INSERT INTO app_state (key, value) VALUES ('expanded_days', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![serde_json::to_string(&days).unwrap_or_default()],
        )
        .map_err(err)?;
        tx.commit().map_err(err)
    }

    /// The meetings of a week in the manager's zone, with the cadence expanded for its days
    /// first: work proportional to the week, whatever the size of the history.
    pub fn week_meetings(&mut self, week: Week, zone: Zone) -> Result<Vec<Meeting>> {
        // A day either side covers rules kept in another zone than the manager's.
        let from = week.first_day() - chrono::Days::new(1);
        let to = week.end() + chrono::Days::new(1);
        self.expand_cadence(from, to)?;
        self.meetings_between(
            day_start(week.first_day(), zone),
            day_start(week.end(), zone),
        )
    }

    /// Meetings starting in `[from, to)`, in time order; at the same time, the team's first,
    /// then by seller name (as SQLite's NOCASE orders it), then as added.
    pub fn meetings_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<Meeting>> {
        // Read in the index's order and ordered here: SQLite ordered the names with a sorter
        // over every row, which cost as much as reading them.
        let sql = format!(
            "SELECT {MEETING_COLUMNS} FROM meetings m LEFT JOIN sellers s ON s.id = m.seller_id
             WHERE m.starts_at >= ?1 AND m.starts_at < ?2
             ORDER BY m.starts_at"
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(
                params![instant_to_sql(from), instant_to_sql(to)],
                meeting_from_row,
            )
            .map_err(|e| self.err(e))?;
        let mut meetings: Vec<Meeting> = rows
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))?;
        meetings.sort_by(|a, b| {
            let names = || match (&a.seller, &b.seller) {
                (Some(x), Some(y)) => nocase(&x.name, &y.name),
                (x, y) => x.is_some().cmp(&y.is_some()),
            };
            a.starts_at
                .cmp(&b.starts_at)
                .then_with(names)
                .then(a.id.cmp(&b.id))
        });
        Ok(meetings)
    }

    pub fn meeting(&self, id: i64) -> Result<Meeting> {
        let sql = format!(
            "SELECT {MEETING_COLUMNS} FROM meetings m LEFT JOIN sellers s ON s.id = m.seller_id
             WHERE m.id = ?1"
        );
        self.conn
            .query_row(&sql, [id], meeting_from_row)
            .optional()
            .map_err(|e| self.err(e))?
            .ok_or_else(|| StoreError::Invalid(format!("there is no meeting {id}")))
    }

    pub fn add_meeting(&self, meeting: &NewMeeting) -> Result<i64> {
        if meeting.minutes == 0 {
            return Err(StoreError::Invalid(
                "a meeting needs at least one minute".into(),
            ));
        }
        self.conn
            .execute(
                "INSERT INTO meetings (seller_id, kind, starts_at, minutes, status)
                 VALUES (?1, ?2, ?3, ?4, 'planned')",
                params![
                    meeting.seller_id,
                    meeting.kind.key(),
                    instant_to_sql(meeting.starts_at),
                    meeting.minutes
                ],
            )
            .map_err(|e| self.err(e))?;
        Ok(self.conn.last_insert_rowid())
    }

    /// A 1:1 run in cadence (its timer started, or landed) changes status through its
    /// landing only, so the week's keys cannot close or reopen it silently. One only opened
    /// to look at it is still free to be canceled or moved.
    fn refuse_if_run_live(&self, id: i64, doing: &str) -> Result<()> {
        let state: Option<(String, bool)> = self
            .conn
            .query_row(
                "SELECT state, running_since IS NOT NULL OR banked_ms > 0
                 FROM one_on_ones WHERE meeting_id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        match state {
            Some((state, _)) if state == "landed" => Err(StoreError::Invalid(
                "this 1:1 has landed and keeps its record as it was held".into(),
            )),
            Some((_, true)) => Err(StoreError::Invalid(format!(
                "this 1:1 is being run: end it with e in the meeting pane and land it, \
                 rather than {doing} it here"
            ))),
            _ => Ok(()),
        }
    }

    /// Marks a meeting held, or back to planned. Canceled meetings come back as planned.
    pub fn set_held(&self, id: i64, held: bool) -> Result<()> {
        self.refuse_if_run_live(id, "mark")?;
        let status = if held { "held" } else { "planned" };
        let changed = self
            .conn
            .execute(
                "UPDATE meetings SET status = ?2, cancel_reason = NULL
                 WHERE id = ?1 AND status <> 'rescheduled'",
                params![id, status],
            )
            .map_err(|e| self.err(e))?;
        self.expect_one(changed, id)
    }

    pub fn cancel_meeting(&self, id: i64, reason: &str) -> Result<()> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(StoreError::Invalid(
                "canceling a meeting needs a reason".into(),
            ));
        }
        crate::domain::limits::check(crate::domain::limits::REASON, reason)?;
        self.refuse_if_run_live(id, "cancel")?;
        let changed = self
            .conn
            .execute(
                "UPDATE meetings SET status = 'canceled', cancel_reason = ?2
                 WHERE id = ?1 AND status <> 'rescheduled'",
                params![id, reason],
            )
            .map_err(|e| self.err(e))?;
        self.expect_one(changed, id)
    }

    /// Moves a meeting: the original stays on the calendar as rescheduled (pointing at the
    /// new time), and a planned meeting appears at the new time. Returns the new meeting.
    pub fn reschedule_meeting(&mut self, id: i64, to: DateTime<Utc>) -> Result<i64> {
        let original = self.meeting(id)?;
        self.refuse_if_run_live(id, "reschedule")?;
        if original.status == Status::Rescheduled {
            return Err(StoreError::Invalid(
                "this meeting was already moved: reschedule its new slot instead".into(),
            ));
        }
        let path = self.path.clone();
        let err = |e| super::classify(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        tx.execute(
            "UPDATE meetings SET status = 'rescheduled', rescheduled_to = ?2, cancel_reason = NULL
             WHERE id = ?1",
            params![id, instant_to_sql(to)],
        )
        .map_err(err)?;
        tx.execute(
            "INSERT INTO meetings (seller_id, kind, starts_at, minutes, status, rescheduled_from)
             VALUES (?1, ?2, ?3, ?4, 'planned', ?5)",
            params![
                original.seller.as_ref().map(|s| s.id),
                original.kind.key(),
                instant_to_sql(to),
                original.minutes,
                id
            ],
        )
        .map_err(err)?;
        let new_id = tx.last_insert_rowid();
        tx.commit().map_err(err)?;
        Ok(new_id)
    }

    fn expect_one(&self, changed: usize, id: i64) -> Result<()> {
        if changed == 1 {
            Ok(())
        } else {
            Err(StoreError::Invalid(format!(
                "meeting {id} does not exist or was moved"
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn state(version: &str, ranges: Vec<(NaiveDate, NaiveDate)>) -> Expansion {
        Expansion {
            version: "2".into(),
            days: Some(ExpandedDays {
                rules_version: version.into(),
                ranges,
            }),
        }
    }

    #[test]
    fn ranges_that_meet_are_merged_and_another_version_covers_nothing() {
        let merged = state("2", vec![(day(1), day(8))]).record(day(8), day(15));
        assert_eq!(merged.ranges, vec![(day(1), day(15))]);
        let apart = state("2", vec![(day(1), day(8))]).record(day(20), day(27));
        assert_eq!(apart.ranges, vec![(day(1), day(8)), (day(20), day(27))]);
        assert!(state("2", apart.ranges.clone()).covers(day(21), day(26)));
        assert!(!state("2", apart.ranges.clone()).covers(day(7), day(9)));
        // Expanded for rules since changed: covers nothing, and the record starts afresh.
        let stale = state("1", vec![(day(1), day(8))]);
        assert!(!stale.covers(day(2), day(3)));
        assert_eq!(
            stale.record(day(20), day(27)).ranges,
            vec![(day(20), day(27))]
        );
    }

    #[test]
    fn only_the_latest_ranges_are_kept() {
        let mut days = ExpandedDays::default();
        let start = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
        for week in 0..(RANGES_KEPT as u64 + 10) {
            let from = start + chrono::Days::new(week * 14);
            days = Expansion {
                version: String::new(),
                days: Some(days),
            }
            .record(from, from + chrono::Days::new(7));
        }
        assert_eq!(days.ranges.len(), RANGES_KEPT);
        assert_eq!(days.ranges[0].0, start + chrono::Days::new(10 * 14));
    }
}
