//! A window deep in a long action list, found through an index before its rows are read.
//!
//! `LIMIT .. OFFSET` builds every row it steps over: for a window at row 40 000 of the done
//! items by due date, SQLite joined each skipped item to its seller and sorted them by name
//! (44 ms on five years of a 60-seller team). Here the rows above the window are stepped
//! over as index entries, in the same walk that counts the rows below it, and only the
//! window's rows are built. The work still grows with the depth, but at an index entry a
//! row.

use super::actions::{ACTION_COLUMNS, ACTION_FROM, and};
use super::{Result, Store, id_list};
use crate::domain::actions::ActionItem;
use crate::domain::actions::Sort;
use rusqlite::ToSql;

/// From this row down, a window is found through the index first; above it the plain
/// statement costs less than the extra steps.
pub(super) const DEEP: usize = 200;

/// Rows looked back from a window's first row for the start of its due day; a day with
/// more items than this above the window is counted instead.
const LOOK_BACK: usize = 64;

/// The filter's values with the statement's own.
fn with<'a>(
    values: &[(&'a str, &'a dyn ToSql)],
    own: &[(&'a str, &'a dyn ToSql)],
) -> Vec<(&'a str, &'a dyn ToSql)> {
    values.iter().chain(own).copied().collect()
}

impl Store {
    /// Rows `offset..offset + limit` of the list a filter keeps (`filter` is its `WHERE`
    /// clause over `a` alone, `values` what it binds) in `sort` order, and how many it
    /// keeps counted up to one past `cap`. The count is `None` when the list ends above
    /// the window and the walk did not count it, for the caller to count the plain way.
    pub(super) fn deep_window(
        &self,
        filter: &str,
        values: &[(&str, &dyn ToSql)],
        sort: Sort,
        (offset, limit): (usize, usize),
        cap: usize,
    ) -> Result<Option<Window>> {
        // One past the cap: counting that far tells "exactly the cap" from "more".
        let beyond = cap.max(offset.saturating_add(limit)).saturating_add(1);
        // Several statements read one list: one snapshot keeps another program's write
        // from landing between them.
        let _snapshot = if self.conn.is_autocommit() {
            Some(self.conn.unchecked_transaction().map_err(|e| self.err(e))?)
        } else {
            None
        };
        match sort {
            Sort::Due => self.deep_by_due(filter, values, (offset, limit), beyond),
            Sort::Age => self.deep_by_age(filter, values, (offset, limit), beyond),
            Sort::Seller => self.deep_by_seller(filter, values, (offset, limit), beyond),
        }
        .map(Some)
    }

    /// By due date, then seller, then id; undated last. The index orders the items by due
    /// date alone, so the window is read from the start of its first row's due day.
    fn deep_by_due(
        &self,
        filter: &str,
        values: &[(&str, &dyn ToSql)],
        (offset, limit): (usize, usize),
        beyond: usize,
    ) -> Result<Window> {
        let from = offset.saturating_sub(LOOK_BACK);
        let (n, at) = (sql_count(beyond - from), sql_count(from));
        let days: Vec<Option<String>> = self.column(
            &format!(
                "SELECT a.due_on FROM action_items a {filter}
                 ORDER BY a.due_on IS NULL, a.due_on LIMIT :n OFFSET :at"
            ),
            &with(values, &[(":n", &n), (":at", &at)]),
        )?;
        let Some(day) = days.get(offset - from) else {
            return Ok((Vec::new(), None)); // the list ends above the window
        };
        let counted = Some(from + days.len());
        // Always found: `day` is one of `days`.
        let first = days.iter().position(|d| d == day).unwrap_or(0);
        // The rows above the window's due day.
        let before = if first > 0 || from == 0 {
            from + first
        } else {
            let earlier = match day {
                Some(_) => "(a.due_on IS NULL) = 0 AND a.due_on < :day",
                None => "(a.due_on IS NULL) = 0",
            };
            let own: Vec<(&str, &dyn ToSql)> = match day {
                Some(d) => vec![(":day", d)],
                None => Vec::new(),
            };
            let earlier_rows: Vec<i64> = self.column(
                &format!(
                    "SELECT count(*) FROM action_items a {}",
                    and(filter, earlier)
                ),
                &with(values, &own),
            )?;
            usize::try_from(earlier_rows.first().copied().unwrap_or(0)).unwrap_or(0)
        };
        let skip = sql_count(offset.saturating_sub(before));
        let undated = |skip: &i64, take: &i64| {
            self.action_query(
                &format!(
                    "SELECT {ACTION_COLUMNS} FROM {ACTION_FROM} {}
                     ORDER BY s.name, a.id LIMIT :limit OFFSET :offset",
                    and(filter, "(a.due_on IS NULL) = 1")
                ),
                with(values, &[(":limit", take), (":offset", skip)]).as_slice(),
            )
        };
        let Some(day) = day else {
            return Ok((undated(&skip, &sql_count(limit))?, counted));
        };
        // Said as a range of the dated items, the day and those after it are one seek into
        // the index, each day's few items sorted by name.
        let mut items = self.action_query(
            &format!(
                "SELECT {ACTION_COLUMNS} FROM {ACTION_FROM} {}
                 ORDER BY a.due_on, s.name, a.id LIMIT :limit OFFSET :offset",
                and(filter, "(a.due_on IS NULL) = 0 AND a.due_on >= :day")
            ),
            with(
                values,
                &[
                    (":day", day),
                    (":limit", &sql_count(limit)),
                    (":offset", &skip),
                ],
            )
            .as_slice(),
        )?;
        if items.len() < limit {
            items.extend(undated(&0, &sql_count(limit - items.len()))?);
        }
        Ok((items, counted))
    }

    /// Oldest first: the ids of the window and below from the index of creation times,
    /// then the window's rows.
    fn deep_by_age(
        &self,
        filter: &str,
        values: &[(&str, &dyn ToSql)],
        (offset, limit): (usize, usize),
        beyond: usize,
    ) -> Result<Window> {
        let (take, skip) = (sql_count(beyond - offset), sql_count(offset));
        let mut ids: Vec<i64> = self.column(
            &format!(
                "SELECT a.id FROM action_items a {filter}
                 ORDER BY a.created_at, a.id LIMIT :limit OFFSET :offset"
            ),
            &with(values, &[(":limit", &take), (":offset", &skip)]),
        )?;
        if ids.is_empty() {
            return Ok((Vec::new(), None)); // the list ends above the window
        }
        let counted = Some(offset + ids.len());
        ids.truncate(limit);
        let ids = id_list(ids);
        let items = self.action_query(
            &format!(
                "SELECT {ACTION_COLUMNS} FROM {ACTION_FROM}
                 WHERE a.id IN (SELECT value FROM json_each(:ids))
                 ORDER BY a.created_at, a.id"
            ),
            &[(":ids", &ids as &dyn ToSql)][..],
        )?;
        Ok((items, counted))
    }

    /// By seller in name order, each one's items by due date: each seller's items are
    /// counted from the index until the window's first seller is found, then read from
    /// there, seller by seller.
    fn deep_by_seller(
        &self,
        filter: &str,
        values: &[(&str, &dyn ToSql)],
        (offset, limit): (usize, usize),
        beyond: usize,
    ) -> Result<Window> {
        let sellers = self.seller_refs()?;
        let count = format!(
            "SELECT count(*) FROM action_items a {}",
            and(filter, "a.seller_id = :one")
        );
        // The rows above the first seller with rows in the window, that seller, and the
        // rows counted so far.
        let (mut above, mut first, mut counted) = (0, None, 0);
        for seller in &sellers {
            let theirs: Vec<i64> =
                self.column(&count, with(values, &[(":one", &seller.id)]).as_slice())?;
            let theirs = usize::try_from(theirs.first().copied().unwrap_or(0)).unwrap_or(0);
            if first.is_none() && counted + theirs > offset {
                first = Some(&seller.name);
                above = counted;
            }
            counted += theirs;
            if counted >= beyond {
                break;
            }
        }
        let Some(first) = first else {
            return Ok((Vec::new(), Some(counted))); // the list ends above the window
        };
        let items = self.action_query(
            &format!(
                "SELECT {ACTION_COLUMNS} FROM sellers s CROSS JOIN action_items a
                   ON a.seller_id = s.id LEFT JOIN meetings m ON m.id = a.meeting_id
                 {}
                 ORDER BY s.name COLLATE NOCASE, a.due_on IS NULL, a.due_on, a.id
                 LIMIT :limit OFFSET :offset",
                and(filter, "s.name COLLATE NOCASE >= :first")
            ),
            with(
                values,
                &[
                    (":first", first),
                    (":limit", &sql_count(limit)),
                    (":offset", &sql_count(offset - above)),
                ],
            )
            .as_slice(),
        )?;
        Ok((items, Some(counted.min(beyond))))
    }

    fn column<T: rusqlite::types::FromSql>(
        &self,
        sql: &str,
        values: &[(&str, &dyn ToSql)],
    ) -> Result<Vec<T>> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(values, |r| r.get(0))
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }
}

/// A window's rows, and how many rows the list has counted up to one past its cap.
pub(super) type Window = (Vec<ActionItem>, Option<usize>);

/// A count of rows as SQLite takes it.
fn sql_count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::actions::{ActionFilter, StatusFilter};
    use crate::domain::agenda::Owner;
    use crate::store::actions::COUNT_AHEAD as AHEAD;
    use chrono::NaiveDate;
    use rusqlite::params;
    use rusqlite::trace::{TraceEvent, TraceEventCodes};
    use std::sync::Mutex;

    static RUN: Mutex<Vec<String>> = Mutex::new(Vec::new());

    fn capture(event: TraceEvent<'_>) {
        if let TraceEvent::Stmt(stmt, _) = event {
            RUN.lock().unwrap().push(stmt.sql().to_string());
        }
    }

    fn day(d: &str) -> NaiveDate {
        d.parse().unwrap()
    }

    /// 1500 items of three sellers (named so that case decides their order), on 16 due
    /// days of about 85 items each, a tenth undated, in every status and both owners, many
    /// created at the same instant.
    fn a_long_list() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("cadence.db")).unwrap();
        let sellers: Vec<i64> = ["bea", "Ana", "Carl"]
            .into_iter()
            .map(|name| {
                store
                    .add_seller(&crate::store::NewSeller {
                        name,
                        started_on: day("2024-01-01"),
                        motivation: "",
                    })
                    .unwrap()
            })
            .collect();
        let tx = store.conn.transaction().unwrap();
        let mut state: u64 = 7;
        let mut next = |n: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) % n
        };
        for i in 0..1500 {
            let seller = sellers[next(3) as usize];
            let due = (next(10) > 0).then(|| format!("2026-11-{:02}", 10 + next(16)));
            let status = ["open", "done", "dropped"][next(3) as usize];
            let owner = ["seller", "manager"][next(2) as usize];
            let created = format!("2026-10-{:02}T09:00:00Z", 1 + next(20));
            let closed = (status != "open").then(|| "2026-11-01T09:00:00Z".to_string());
            let reason = (status == "dropped").then_some("moved on");
            tx.execute(
                "INSERT INTO action_items
                   (seller_id, title, owner, due_on, status, created_at, closed_at, drop_reason)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    seller,
                    format!("Item {i}"),
                    owner,
                    due,
                    status,
                    created,
                    closed,
                    reason
                ],
            )
            .unwrap();
        }
        tx.commit().unwrap();
        (dir, store)
    }

    #[test]
    fn a_deep_window_holds_the_rows_the_plain_statement_reads() {
        let (_dir, store) = a_long_list();
        let today = day("2026-11-18");
        let week = (day("2026-11-16"), day("2026-11-22"));
        let filters = [
            ActionFilter::default(),
            ActionFilter {
                status: StatusFilter::Done,
                ..ActionFilter::default()
            },
            ActionFilter {
                status: StatusFilter::All,
                ..ActionFilter::default()
            },
            ActionFilter {
                status: StatusFilter::All,
                seller: Some(2),
                ..ActionFilter::default()
            },
            ActionFilter {
                status: StatusFilter::All,
                owner: Some(Owner::Manager),
                ..ActionFilter::default()
            },
            ActionFilter {
                overdue: true,
                ..ActionFilter::default()
            },
            ActionFilter {
                status: StatusFilter::All,
                due_this_week: true,
                ..ActionFilter::default()
            },
        ];
        let mut deep_windows = 0;
        store
            .conn
            .trace_v2(TraceEventCodes::SQLITE_TRACE_STMT, Some(capture));
        for filter in &filters {
            for sort in [Sort::Due, Sort::Age, Sort::Seller] {
                let whole = store
                    .list_actions(filter, sort, today, week, 100_000)
                    .unwrap();
                let ids = |items: &[ActionItem]| items.iter().map(|a| a.id).collect::<Vec<_>>();
                let all = ids(&whole.items);
                // Every 13th row, and the rows where the count ends one short of the
                // cap, at it and one past it.
                let cap_edges = (1..=3).filter_map(|d| (all.len() + d).checked_sub(34 + AHEAD + 2));
                let offsets = (DEEP..all.len() + 40).step_by(13).chain(cap_edges);
                for offset in offsets.filter(|o| *o >= DEEP) {
                    let window = store
                        .action_window(filter, sort, today, week, offset, 34)
                        .unwrap();
                    let expected = all.get(offset..).unwrap_or_default();
                    let expected = &expected[..expected.len().min(34)];
                    assert_eq!(
                        ids(&window.items),
                        expected,
                        "{filter:?} by {sort:?} from row {offset}"
                    );
                    let cap = offset + 34 + AHEAD;
                    assert_eq!(
                        (window.total, window.more),
                        (all.len().min(cap), all.len() > cap),
                        "{filter:?} by {sort:?} from row {offset}"
                    );
                    deep_windows += 1;
                }
                // A window no list reaches is empty, not an overflow.
                let nowhere = store
                    .action_window(filter, sort, today, week, usize::MAX - 10, 34)
                    .unwrap();
                assert!(nowhere.items.is_empty());
            }
        }
        // The data is long enough for many windows past `DEEP` under every filter, and
        // those by due date and by age were read through the index first.
        assert!(deep_windows > 500, "{deep_windows}");
        let run = RUN.lock().unwrap();
        let steps = [
            "a.due_on LIMIT :n OFFSET :at",
            "SELECT a.id FROM action_items a",
            "s.name COLLATE NOCASE >= :first",
        ];
        for step in steps {
            assert!(run.iter().any(|sql| sql.contains(step)), "{step}");
        }
    }
}
