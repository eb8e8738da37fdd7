//! What the end-of-week review reads: the walk's queue of open action items, and the facts
//! its summary is built from. Each query is bounded by one week (or four, for coverage).

use super::actions::{ACTION_COLUMNS, action_from_row};
use super::{ActionItem, Meeting, Result, Store, date_to_sql, instant_to_sql};
use crate::domain::recurrence::day_start;
use crate::domain::review::{ActionFigures, MeetingFact, Rating, WeekSummary};
use crate::domain::{Kind, Status, Week};
use crate::zone::Zone;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::params;
use std::collections::HashMap;

impl Store {
    /// The review walk: open items overdue first, then those due by the end of `week`, then
    /// those with no date.
    pub fn review_queue(&self, today: NaiveDate, week: Week) -> Result<Vec<ActionItem>> {
        let sql = format!(
            "SELECT {ACTION_COLUMNS} FROM action_items a JOIN sellers s ON s.id = a.seller_id
               LEFT JOIN meetings m ON m.id = a.meeting_id
             WHERE a.status = 'open' AND (a.due_on IS NULL OR a.due_on < ?2)
             ORDER BY CASE WHEN a.due_on < ?1 THEN 0 WHEN a.due_on IS NOT NULL THEN 1 ELSE 2 END,
                      a.due_on, s.name, a.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(
                params![date_to_sql(today), date_to_sql(week.end())],
                action_from_row,
            )
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// The summary of `week` as seen at `now`.
    pub fn week_summary(
        &mut self,
        week: Week,
        zone: Zone,
        now: DateTime<Utc>,
    ) -> Result<WeekSummary> {
        let today = now.with_timezone(&zone).date_naive();
        let facts = |meetings: Vec<Meeting>| -> Vec<MeetingFact> {
            meetings
                .into_iter()
                .map(|m| {
                    let day = m.starts_at.with_timezone(&zone).date_naive();
                    MeetingFact {
                        seller: m.seller.map(|s| s.name),
                        kind: m.kind,
                        day,
                        status: Status::effective(m.status, day, today),
                        cancel_reason: m.cancel_reason,
                    }
                })
                .collect()
        };
        let this_week = facts(self.week_meetings(week, zone)?);
        let sellers: Vec<String> = self.seller_refs()?.into_iter().map(|s| s.name).collect();
        let from = day_start(week.first_day(), zone);
        let to = day_start(week.end(), zone);
        let four_weeks_ago = day_start(week.prev().prev().prev().first_day(), zone);
        let joint_calls = self.joint_calls_held(four_weeks_ago, to)?;
        let actions = self.action_figures(from, to, now.min(to), zone)?;
        let ratings = self.ratings_between(from, to, zone)?;
        Ok(WeekSummary::build(
            week,
            &sellers,
            &this_week,
            &joint_calls,
            actions,
            ratings,
        ))
    }

    /// How many joint calls each seller had held with them in `[from, to)`, by name; a
    /// seller with none is left out. Counted by SQLite: the weeks before are not read.
    fn joint_calls_held(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<HashMap<String, u32>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT s.name, count(*) FROM meetings m JOIN sellers s ON s.id = m.seller_id
                 WHERE m.starts_at >= ?1 AND m.starts_at < ?2 AND m.kind = ?3 AND m.status = ?4
                 GROUP BY m.seller_id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(
                params![
                    instant_to_sql(from),
                    instant_to_sql(to),
                    Kind::JointCall.key(),
                    Status::Held.key()
                ],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// Items opened and closed in `[from, to)`, and those overdue at `as_of`: the ones open
    /// now, and the ones closed since (an item is open exactly when it has no closing time),
    /// so only what is open or recent is read, never the years of closed items. (`+status`
    /// and `+created_at` keep the planner off the indexes that would read all of them; the
    /// open items are counted from their own index, which holds the due day and creation
    /// time, where the planner would look each item up through the status index.)
    fn action_figures(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        as_of: DateTime<Utc>,
        zone: Zone,
    ) -> Result<ActionFigures> {
        let (from, to) = (instant_to_sql(from), instant_to_sql(to));
        let as_of_day = date_to_sql(as_of.with_timezone(&zone).date_naive());
        let as_of = instant_to_sql(as_of);
        self.conn
            .query_row(
                "SELECT
                   (SELECT count(*) FROM action_items WHERE created_at >= ?1 AND created_at < ?2),
                   (SELECT count(*) FROM action_items WHERE +status = 'done'
                      AND closed_at >= ?1 AND closed_at < ?2),
                   (SELECT count(*) FROM action_items WHERE +status = 'dropped'
                      AND closed_at >= ?1 AND closed_at < ?2),
                   (SELECT count(*) FROM action_items INDEXED BY action_items_open
                      WHERE status = 'open' AND due_on < ?4 AND created_at < ?3)
                   + (SELECT count(*) FROM action_items WHERE closed_at >= ?3 AND due_on < ?4
                      AND created_at < ?3)",
                params![from, to, as_of, as_of_day],
                |r| {
                    Ok(ActionFigures {
                        opened: r.get(0)?,
                        done: r.get(1)?,
                        dropped: r.get(2)?,
                        overdue: r.get(3)?,
                    })
                },
            )
            .map_err(|e| self.err(e))
    }

    /// The ratings of 1:1s that landed, for meetings starting in `[from, to)`.
    fn ratings_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        zone: Zone,
    ) -> Result<Vec<Rating>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT s.name, m.starts_at, o.rating, o.rating_comment
                 FROM one_on_ones o JOIN meetings m ON m.id = o.meeting_id
                   JOIN sellers s ON s.id = m.seller_id
                 WHERE o.state = 'landed' AND m.starts_at >= ?1 AND m.starts_at < ?2
                 ORDER BY m.starts_at, s.name",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![instant_to_sql(from), instant_to_sql(to)], |r| {
                let starts: String = r.get(1)?;
                Ok((
                    r.get::<_, String>(0)?,
                    starts,
                    r.get::<_, u8>(2)?,
                    r.get(3)?,
                ))
            })
            .map_err(|e| self.err(e))?;
        let mut ratings = Vec::new();
        for row in rows {
            let (seller, starts, rating, comment) = row.map_err(|e| self.err(e))?;
            let day = super::instant_from_sql(&starts)
                .ok_or_else(|| self.err(super::bad_row("instant", &starts)))?
                .with_timezone(&zone)
                .date_naive();
            ratings.push(Rating {
                seller,
                day,
                rating,
                comment,
            });
        }
        Ok(ratings)
    }
}
