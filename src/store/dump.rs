//! Every table of user data read whole, in a fixed order, and written back into an empty
//! database in one transaction: the store's side of `cadence export json` and `cadence import
//! json`. The document's types and checks live in `interchange::json`; this module only moves
//! rows, with parameterised SQL built from each table's column names.

use super::{Result, Store, StoreError};
use crate::interchange::json::{
    ActionChange, ActionItem, AgendaItem, AgendaRequest, CadenceRule, Document, FORMAT, Meeting,
    Observation, OneOnOne, RubricVersion, Score, Scorecard, Seller,
};
use chrono::{DateTime, Utc};
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, OptionalExtension, Row, ToSql, params_from_iter};
use serde_json::value::RawValue;

/// One table, its columns named as the fields of its document struct.
trait Table: Sized {
    const NAME: &'static str;
    const COLUMNS: &'static [&'static str];
    /// A key that orders the rows the same way every time.
    const ORDER: &'static str;
    fn from_row(row: &Row) -> rusqlite::Result<Self>;
    /// The values of `COLUMNS`, in order.
    fn values(&self) -> rusqlite::Result<Vec<ToSqlOutput<'_>>>;
}

/// Implements `Table` for a document struct from its field list. One macro rather than a
/// dozen hand-written readers and writers: a field listed here is a column read and written,
/// and a field left out fails to compile (the struct literal and the pattern are exhaustive).
macro_rules! table {
    ($row:ident, $name:literal, order by $order:literal, [$($field:ident),+ $(,)?]) => {
        impl Table for $row {
            const NAME: &'static str = $name;
            const COLUMNS: &'static [&'static str] = &[$(stringify!($field)),+];
            const ORDER: &'static str = $order;
            fn from_row(row: &Row) -> rusqlite::Result<Self> {
                Ok($row {
                    $($field: Column::read(row, stringify!($field))?),+
                })
            }
            fn values(&self) -> rusqlite::Result<Vec<ToSqlOutput<'_>>> {
                let $row { $($field),+ } = self;
                Ok(vec![$(Column::bind($field)?),+])
            }
        }
    };
}

table!(Seller, "sellers", order by "id", [id, name, started_on, motivation, email]);
table!(CadenceRule, "cadence_rules", order by "id", [
    id, seller_id, kind, frequency, nth, weekday, local_time, minutes, time_zone, starts_on,
    ends_on, effective_from, effective_until,
]);
table!(Meeting, "meetings", order by "id", [
    id, rule_id, occurs_on, seller_id, kind, starts_at, minutes, status, cancel_reason,
    rescheduled_to, rescheduled_from,
]);
table!(OneOnOne, "one_on_ones", order by "meeting_id", [
    meeting_id, purposes, state, banked_ms, running_since, current_item, no_actions, rating,
    rating_comment, ended_at, actual_minutes, landing_draft,
]);
table!(AgendaItem, "agenda_items", order by "id", [
    id, meeting_id, position, title, minutes, owner, source, carried_from, carried_count, done,
    booked_ms, notes, private_notes,
]);
table!(AgendaRequest, "agenda_requests", order by "id", [
    id, seller_id, title, added_at, used_in, action_id,
]);
table!(ActionItem, "action_items", order by "id", [
    id, seller_id, title, owner, due_on, status, meeting_id, created_at, closed_at, drop_reason,
    uuid,
]);
table!(ActionChange, "action_changes", order by "id", [
    id, step, action_id, at, what, before, after, undone,
]);
table!(RubricVersion, "rubric_versions", order by "id", [id, rubric_id, version, body]);
table!(Scorecard, "scorecards", order by "id", [
    id, seller_id, rubric, meeting_id, assessor, started_at, state, took_over, score, strength,
    focus, finished_at, action_id,
]);
table!(Score, "scores", order by "scorecard_id, criterion", [
    scorecard_id, criterion, mark, evidence,
]);
table!(Observation, "observations", order by "id", [id, scorecard_id, criterion, at_seconds, text]);

/// A value of one column: how it is read from a row and bound to a statement.
trait Column: Sized {
    fn read(row: &Row, column: &str) -> rusqlite::Result<Self>;
    fn bind(&self) -> rusqlite::Result<ToSqlOutput<'_>>;
}

macro_rules! plain_column {
    ($($t:ty),+) => {$(
        impl Column for $t {
            fn read(row: &Row, column: &str) -> rusqlite::Result<Self> {
                row.get(column)
            }
            fn bind(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                self.to_sql()
            }
        }
    )+};
}

plain_column!(i64, bool, String, Option<i64>, Option<f64>, Option<String>);

/// A column holding JSON text (a rubric, a journal entry, a landing draft), moved byte for
/// byte so the document shows it as JSON and the database gets back exactly what it had.
impl Column for Box<RawValue> {
    fn read(row: &Row, column: &str) -> rusqlite::Result<Self> {
        raw(row.get(column)?)
    }
    fn bind(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(ValueRef::Text(self.get().as_bytes())))
    }
}

impl Column for Option<Box<RawValue>> {
    fn read(row: &Row, column: &str) -> rusqlite::Result<Self> {
        row.get::<_, Option<String>>(column)?.map(raw).transpose()
    }
    fn bind(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        match self {
            Some(raw) => raw.bind(),
            None => Ok(ToSqlOutput::Borrowed(ValueRef::Null)),
        }
    }
}

fn raw(text: String) -> rusqlite::Result<Box<RawValue>> {
    RawValue::from_string(text.clone()).map_err(|_| super::bad_row("JSON", &text))
}

fn read_all<T: Table>(conn: &Connection) -> rusqlite::Result<Vec<T>> {
    let sql = format!(
        "SELECT {} FROM {} ORDER BY {}",
        T::COLUMNS.join(", "),
        T::NAME,
        T::ORDER
    );
    let mut stmt = conn.prepare(&sql)?;
    stmt.query_map([], |r| T::from_row(r))?.collect()
}

/// Inserts the rows; a row the schema refuses is named by its place in the document.
fn write_all<T: Table>(conn: &Connection, rows: &[T]) -> std::result::Result<(), String> {
    let sql = format!(
        "INSERT INTO {} ({}) VALUES ({})",
        T::NAME,
        T::COLUMNS.join(", "),
        vec!["?"; T::COLUMNS.len()].join(", ")
    );
    let mut stmt = conn.prepare(&sql).map_err(|e| e.to_string())?;
    for (i, row) in rows.iter().enumerate() {
        row.values()
            .and_then(|values| stmt.execute(params_from_iter(values)))
            .map_err(|e| format!("{}[{i}]: {e}", T::NAME))?;
    }
    Ok(())
}

/// The tables of user data and their columns. `app_state` is left out: it says whether the
/// cockpit closed cleanly last time, which belongs to this file, not to the team.
const TABLES: [(&str, &[&str]); 12] = [
    (Seller::NAME, Seller::COLUMNS),
    (CadenceRule::NAME, CadenceRule::COLUMNS),
    (Meeting::NAME, Meeting::COLUMNS),
    (OneOnOne::NAME, OneOnOne::COLUMNS),
    (AgendaItem::NAME, AgendaItem::COLUMNS),
    (AgendaRequest::NAME, AgendaRequest::COLUMNS),
    (ActionItem::NAME, ActionItem::COLUMNS),
    (ActionChange::NAME, ActionChange::COLUMNS),
    (RubricVersion::NAME, RubricVersion::COLUMNS),
    (Scorecard::NAME, Scorecard::COLUMNS),
    (Score::NAME, Score::COLUMNS),
    (Observation::NAME, Observation::COLUMNS),
];

impl Store {
    /// Everything, as one document stamped `now`; read in one transaction so it is one
    /// moment's data even while the cockpit writes.
    pub fn dump(&mut self, now: DateTime<Utc>) -> Result<Document> {
        let path = self.path.clone();
        let err = |e| super::classify(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        let schema = tx
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(err)?;
        let last_action: Option<i64> = tx
            .query_row(
                "SELECT seq FROM sqlite_sequence WHERE name = 'action_items'",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(err)?;
        let calendar_id: Option<String> = tx
            .query_row(
                "SELECT key, value FROM app_state WHERE key = 'calendar_id'",
                [],
                |r| super::in_row("app_state", r, |r| r.get(1)),
            )
            .optional()
            .map_err(err)?;
        let document = Document {
            cadence_export: FORMAT,
            schema,
            exported_at: super::instant_to_sql(now),
            calendar_id,
            sellers: read_all(&tx).map_err(err)?,
            cadence_rules: read_all(&tx).map_err(err)?,
            meetings: read_all(&tx).map_err(err)?,
            one_on_ones: read_all(&tx).map_err(err)?,
            agenda_items: read_all(&tx).map_err(err)?,
            agenda_requests: read_all(&tx).map_err(err)?,
            action_items_last_id: last_action.unwrap_or(0),
            action_items: read_all(&tx).map_err(err)?,
            action_changes: read_all(&tx).map_err(err)?,
            rubric_versions: read_all(&tx).map_err(err)?,
            scorecards: read_all(&tx).map_err(err)?,
            scores: read_all(&tx).map_err(err)?,
            observations: read_all(&tx).map_err(err)?,
        };
        tx.commit().map_err(err)?;
        Ok(document)
    }

    /// The tables holding rows, with how many: an import goes only where this is empty.
    pub fn user_data(&self) -> Result<Vec<(&'static str, i64)>> {
        let mut held = Vec::new();
        for (table, _) in TABLES {
            let count: i64 = self
                .conn
                .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
                .map_err(|e| self.err(e))?;
            if count > 0 {
                held.push((table, count));
            }
        }
        Ok(held)
    }

    /// Writes a checked document (read from `source`, for messages) into this empty
    /// database, all of it or (on any refusal) nothing. References are checked at the
    /// commit, so rows may point forward.
    pub fn load(&mut self, document: &Document, source: &str) -> Result<()> {
        let path = self.path.clone();
        let err = |e| super::classify(&path, e);
        let held = self.user_data()?;
        if !held.is_empty() {
            let what: Vec<String> = held.iter().map(|(t, n)| format!("{n} {t}")).collect();
            return Err(StoreError::Invalid(format!(
                "{} already holds data ({}); an export is imported only into an empty database: \
                 give a new path with --db",
                path.display(),
                what.join(", ")
            )));
        }
        let tx = self.conn.transaction().map_err(err)?;
        tx.pragma_update(None, "defer_foreign_keys", "ON")
            .map_err(err)?;
        let refused = |problem: String| {
            StoreError::Invalid(format!("{source}: {problem}; nothing was imported"))
        };
        write_all(&tx, &document.sellers).map_err(refused)?;
        write_all(&tx, &document.cadence_rules).map_err(refused)?;
        write_all(&tx, &document.meetings).map_err(refused)?;
        write_all(&tx, &document.one_on_ones).map_err(refused)?;
        write_all(&tx, &document.agenda_items).map_err(refused)?;
        write_all(&tx, &document.action_items).map_err(refused)?;
        write_all(&tx, &document.agenda_requests).map_err(refused)?;
        write_all(&tx, &document.action_changes).map_err(refused)?;
        write_all(&tx, &document.rubric_versions).map_err(refused)?;
        write_all(&tx, &document.scorecards).map_err(refused)?;
        write_all(&tx, &document.scores).map_err(refused)?;
        write_all(&tx, &document.observations).map_err(refused)?;
        if let Some(id) = &document.calendar_id {
            tx.execute(
                "INSERT OR REPLACE INTO app_state (key, value) VALUES ('calendar_id', ?1)",
                [id],
            )
            .map_err(err)?;
        }
        // AUTOINCREMENT's memory of the largest id given, which the rows alone can't restore.
        if document.action_items_last_id > 0 {
            tx.execute(
                "DELETE FROM sqlite_sequence WHERE name = 'action_items'",
                [],
            )
            .map_err(err)?;
            tx.execute(
                "INSERT INTO sqlite_sequence (name, seq) VALUES ('action_items', ?1)",
                [document.action_items_last_id],
            )
            .map_err(err)?;
        }
        tx.commit().map_err(|e| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::ConstraintViolation) => StoreError::Invalid(format!(
                "{source}: a reference points at nothing ({e}); nothing was imported"
            )),
            _ => err(e),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::migrations;
    use super::*;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("cadence.db")).unwrap();
        (dir, store)
    }

    /// A migration that adds a table or a column fails here until the export carries it.
    /// The team outbox is bookkeeping, not data: an import fills it again through triggers.
    #[test]
    fn every_table_and_column_of_the_schema_is_exported() {
        let (_dir, store) = store();
        let mut stmt = store
            .conn
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table'
                 AND name NOT IN ('app_state', 'sqlite_sequence', 'team_outbox') ORDER BY name",
            )
            .unwrap();
        let mut tables: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let mut exported: Vec<String> = TABLES.iter().map(|(t, _)| t.to_string()).collect();
        tables.sort();
        exported.sort();
        assert_eq!(tables, exported);
        let columns = |table: &str| -> Vec<String> {
            let mut stmt = store
                .conn
                .prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")
                .unwrap();
            stmt.query_map([table], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap()
        };
        for (table, exported) in TABLES {
            let mut schema = columns(table);
            let mut exported: Vec<String> = exported.iter().map(|c| c.to_string()).collect();
            schema.sort();
            exported.sort();
            assert_eq!(schema, exported, "the columns of {table}");
        }
    }

    #[test]
    fn an_empty_database_dumps_empty_tables_at_the_latest_schema() {
        let (_dir, mut store) = store();
        let now = "2026-11-27T10:00:00Z".parse().unwrap();
        let document = store.dump(now).unwrap();
        assert_eq!(document.schema, migrations::LATEST);
        assert_eq!(document.exported_at, "2026-11-27T10:00:00Z");
        assert!(document.sellers.is_empty() && document.meetings.is_empty());
        assert!(store.user_data().unwrap().is_empty());
    }
}
