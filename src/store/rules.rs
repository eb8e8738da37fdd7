//! Cadence rules: seller (or whole team) x kind -> when and how long.

use super::{
    Result, Store, StoreError, bad_row, date_from_sql, date_to_sql, instant_from_sql,
    instant_to_sql, time_from_sql, time_to_sql,
};
use crate::domain::Kind;
use crate::domain::recurrence::{Frequency, Recurrence};
use crate::domain::rule::{Rule, RuleDraft};
use crate::domain::seller::SellerRef;
use crate::zone::Zone;
use chrono::{DateTime, NaiveDate, Utc, Weekday};
use rusqlite::{OptionalExtension, Row, params};

pub(super) const RULE_COLUMNS: &str = "r.id, r.seller_id, s.name, r.kind, r.frequency, r.nth, r.weekday, \
     r.local_time, r.minutes, r.time_zone, r.starts_on, r.ends_on, r.effective_from, \
     r.effective_until";

fn instant(text: &str) -> rusqlite::Result<DateTime<Utc>> {
    instant_from_sql(text).ok_or_else(|| bad_row("instant", text))
}

pub(super) fn rule_from_row(r: &Row) -> rusqlite::Result<Rule> {
    super::in_row("cadence_rules", r, read_rule)
}

fn read_rule(r: &Row) -> rusqlite::Result<Rule> {
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
    let until: Option<String> = r.get(13)?;
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
        effective_from: instant(&r.get::<_, String>(12)?)?,
        effective_until: match until {
            Some(u) => Some(instant(&u)?),
            None => None,
        },
    })
}

impl Store {
    /// Rules in force at `now`, team rules first, then by seller and kind.
    pub fn rules(&self, now: DateTime<Utc>) -> Result<Vec<Rule>> {
        let sql = format!(
            "SELECT {RULE_COLUMNS} FROM cadence_rules r LEFT JOIN sellers s ON s.id = r.seller_id
             WHERE r.effective_until IS NULL OR r.effective_until > ?1
             ORDER BY s.name IS NOT NULL, s.name COLLATE NOCASE, r.kind, r.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([instant_to_sql(now)], rule_from_row)
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

    /// Adds a rule, or changes one, from `from` on (now, from the builder). A change ends
    /// the old version at `from` and starts a new one, so meetings already past keep the
    /// rule they had; planned meetings of the old version that have not started go away
    /// and come back under the new one. Returns the id of the rule now in force.
    pub fn save_rule(&mut self, draft: &RuleDraft, zone: Zone, from: DateTime<Utc>) -> Result<i64> {
        if draft.minutes == 0 {
            return Err(StoreError::Invalid(
                "a meeting needs at least one minute".into(),
            ));
        }
        if !draft.kind.accepts(draft.seller_id.is_some()) {
            return Err(StoreError::Invalid(draft.kind.who_rule().into()));
        }
        let path = self.path.clone();
        let err = |e| super::classify(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        let today = from.with_timezone(&zone).date_naive();
        // A new version keeps the old one's first day and zone: the phase of a biweekly or
        // quarterly rule does not shift because its time changed.
        let (starts_on, rule_zone) = match draft.id {
            None => (date_to_sql(today), zone.name().to_string()),
            Some(id) => {
                let old: Option<(String, String)> = tx
                    .query_row(
                        "SELECT starts_on, time_zone FROM cadence_rules
                         WHERE id = ?1 AND (effective_until IS NULL OR effective_until > ?2)",
                        params![id, instant_to_sql(from)],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional()
                    .map_err(err)?;
                let old = old.ok_or_else(|| {
                    StoreError::Invalid(format!("there is no cadence rule {id} in force"))
                })?;
                end_version(&tx, id, today, from).map_err(err)?;
                old
            }
        };
        tx.execute(
            "INSERT INTO cadence_rules (seller_id, kind, frequency, nth, weekday, local_time,
                                        minutes, time_zone, starts_on, effective_from)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                draft.seller_id,
                draft.kind.key(),
                draft.frequency.key(),
                draft.frequency.nth().map(|n| n.to_i64()),
                draft.weekday.num_days_from_monday(),
                time_to_sql(draft.time),
                draft.minutes,
                rule_zone,
                starts_on,
                instant_to_sql(from),
            ],
        )
        .map_err(err)?;
        let id = tx.last_insert_rowid();
        tx.commit().map_err(err)?;
        Ok(id)
    }

    /// Ends a rule at `now`: its planned meetings that have not started go away; held and
    /// canceled ones stay in history.
    pub fn end_rule(&mut self, id: i64, zone: Zone, now: DateTime<Utc>) -> Result<()> {
        let path = self.path.clone();
        let err = |e| super::classify(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        end_version(&tx, id, now.with_timezone(&zone).date_naive(), now).map_err(err)?;
        tx.commit().map_err(err)
    }
}

fn end_version(
    tx: &rusqlite::Transaction,
    rule_id: i64,
    today: NaiveDate,
    at: DateTime<Utc>,
) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE cadence_rules SET ends_on = ?2, effective_until = ?3 WHERE id = ?1",
        params![rule_id, date_to_sql(today), instant_to_sql(at)],
    )?;
    tx.execute(
        "DELETE FROM meetings WHERE rule_id = ?1 AND status = 'planned' AND starts_at >= ?2",
        params![rule_id, instant_to_sql(at)],
    )?;
    Ok(())
}
