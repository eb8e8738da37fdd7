//! Cadence rules: seller (or whole team) x kind -> when and how long.

use super::{
    Result, SellerRef, Store, StoreError, bad_row, date_from_sql, date_to_sql, instant_to_sql,
    time_from_sql, time_to_sql,
};
use crate::domain::Kind;
use crate::domain::recurrence::{Frequency, Recurrence};
use chrono::{DateTime, Days, NaiveDate, NaiveTime, Utc, Weekday};
use chrono_tz::Tz;
use rusqlite::{OptionalExtension, Row, params};

#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    pub id: i64,
    /// `None` for a rule with the whole team.
    pub seller: Option<SellerRef>,
    pub kind: Kind,
    pub recurrence: Recurrence,
    pub minutes: u32,
    pub zone: Tz,
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

const RULE_COLUMNS: &str = "r.id, r.seller_id, s.name, r.kind, r.frequency, r.nth, r.weekday, \
     r.local_time, r.minutes, r.time_zone, r.starts_on, r.ends_on";

fn rule_from_row(r: &Row) -> rusqlite::Result<Rule> {
    let seller = match r.get::<_, Option<i64>>(1)? {
        Some(id) => Some(SellerRef {
            id,
            name: r.get(2)?,
        }),
        None => None,
    };
    let kind: String = r.get(3)?;
    let frequency: String = r.get(4)?;
    let weekday: u8 = r.get(6)?;
    let time: String = r.get(7)?;
    let zone: String = r.get(9)?;
    let starts: String = r.get(10)?;
    let ends: Option<String> = r.get(11)?;
    Ok(Rule {
        id: r.get(0)?,
        seller,
        kind: Kind::from_key(&kind).ok_or_else(|| bad_row("kind", &kind))?,
        recurrence: Recurrence {
            frequency: Frequency::from_parts(&frequency, r.get(5)?)
                .ok_or_else(|| bad_row("frequency", &frequency))?,
            weekday: Weekday::try_from(weekday).map_err(|_| bad_row("weekday", "?"))?,
            time: time_from_sql(&time).ok_or_else(|| bad_row("time", &time))?,
            starts_on: date_from_sql(&starts).ok_or_else(|| bad_row("date", &starts))?,
            ends_on: match ends {
                Some(e) => Some(date_from_sql(&e).ok_or_else(|| bad_row("date", &e))?),
                None => None,
            },
        },
        minutes: r.get(8)?,
        zone: zone.parse().map_err(|_| bad_row("time zone", &zone))?,
    })
}

impl Store {
    /// Rules in force on `today` or later, team rules first, then by seller and kind.
    pub fn rules(&self, today: NaiveDate) -> Result<Vec<Rule>> {
        let sql = format!(
            "SELECT {RULE_COLUMNS} FROM cadence_rules r LEFT JOIN sellers s ON s.id = r.seller_id
             WHERE r.ends_on IS NULL OR r.ends_on >= ?1
             ORDER BY s.name IS NOT NULL, s.name COLLATE NOCASE, r.kind, r.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([date_to_sql(today)], rule_from_row)
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// Rules that can fall in `[from, to)`.
    pub(super) fn rules_overlapping(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Rule>> {
        let sql = format!(
            "SELECT {RULE_COLUMNS} FROM cadence_rules r LEFT JOIN sellers s ON s.id = r.seller_id
             WHERE r.starts_on < ?2 AND (r.ends_on IS NULL OR r.ends_on >= ?1)"
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![date_to_sql(from), date_to_sql(to)], rule_from_row)
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// Adds or changes a rule. A new rule starts on `starts_on` (today, from the builder) so
    /// it never fills the past with missed meetings. A change applies from `now` on: planned meetings of the rule that
    /// have not started are removed and come back under the new rule; history stays as it was.
    pub fn save_rule(
        &mut self,
        draft: &RuleDraft,
        zone: Tz,
        starts_on: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        if draft.minutes == 0 {
            return Err(StoreError::Invalid(
                "a meeting needs at least one minute".into(),
            ));
        }
        let path = self.path.clone();
        let err = |e| super::classify(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        if let Some(id) = draft.id {
            let exists = tx
                .query_row(
                    "SELECT 1 FROM cadence_rules WHERE id = ?1",
                    [id],
                    |_| Ok(()),
                )
                .optional()
                .map_err(err)?;
            if exists.is_none() {
                return Err(StoreError::Invalid(format!(
                    "there is no cadence rule {id}"
                )));
            }
        }
        // One statement adds or changes: a change keeps the rule's zone and first day.
        tx.execute(
            "INSERT INTO cadence_rules (id, seller_id, kind, frequency, nth, weekday, local_time,
                                        minutes, time_zone, starts_on)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
             ON CONFLICT(id) DO UPDATE SET seller_id = excluded.seller_id, kind = excluded.kind,
               frequency = excluded.frequency, nth = excluded.nth, weekday = excluded.weekday,
               local_time = excluded.local_time, minutes = excluded.minutes",
            params![
                draft.id,
                draft.seller_id,
                draft.kind.key(),
                draft.frequency.key(),
                draft.frequency.nth().map(|n| n.to_i64()),
                draft.weekday.num_days_from_monday(),
                time_to_sql(draft.time),
                draft.minutes,
                zone.name(),
                date_to_sql(starts_on),
            ],
        )
        .map_err(err)?;
        let id = match draft.id {
            Some(id) => {
                forget_future_occurrences(&tx, id, now).map_err(err)?;
                id
            }
            None => tx.last_insert_rowid(),
        };
        tx.commit().map_err(err)?;
        Ok(id)
    }

    /// Ends a rule: it stops producing meetings after `today`'s past ones, and its planned
    /// meetings that have not started go away. Held and canceled meetings stay in history.
    pub fn end_rule(&mut self, id: i64, today: NaiveDate, now: DateTime<Utc>) -> Result<()> {
        let path = self.path.clone();
        let err = |e| super::classify(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        let yesterday = today - Days::new(1);
        tx.execute(
            "UPDATE cadence_rules SET ends_on = ?2 WHERE id = ?1",
            params![id, date_to_sql(yesterday)],
        )
        .map_err(err)?;
        forget_future_occurrences(&tx, id, now).map_err(err)?;
        tx.commit().map_err(err)
    }
}

fn forget_future_occurrences(
    tx: &rusqlite::Transaction,
    rule_id: i64,
    now: DateTime<Utc>,
) -> rusqlite::Result<usize> {
    tx.execute(
        "DELETE FROM meetings WHERE rule_id = ?1 AND status = 'planned' AND starts_at >= ?2",
        params![rule_id, instant_to_sql(now)],
    )
}
