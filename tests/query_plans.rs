//! Every statement the cockpit runs on the way to a frame (starting, paging weeks, moving,
//! typing notes, scoring, filtering action items, the review and progress views) is
//! captured as it runs, then put to SQLite's planner: none may scan a history table. So a
//! changed query or a dropped index cannot quietly make a keystroke cost years of history.

mod support;

use cadence::store::{GenSpec, Store};
use rusqlite::trace::{TraceEvent, TraceEventCodes};
use std::sync::Mutex;
use support::session::{a_session, berlin, now, progress_keys};

/// The tables that grow with history; a scan of any of them costs the years kept.
const HISTORY: [&str; 8] = [
    "meetings",
    "one_on_ones",
    "agenda_items",
    "action_items",
    "action_changes",
    "scorecards",
    "scores",
    "observations",
];

/// Indexes a plan may read from one end: partial indexes of what is current (open action
/// items, the live 1:1 and call), which hold what the manager has in hand rather than history,
/// and the indexes a list of past items is read through in its own order, which stop at the
/// rows the list shows.
const READ_IN_ORDER: [&str; 5] = [
    "action_items_open",
    "one_on_ones_live",
    "scorecards_live",
    "action_items_due",
    "action_items_created",
];

static CAPTURED: Mutex<Vec<String>> = Mutex::new(Vec::new());
/// The capture is shared: one session traces at a time.
static SESSIONS: Mutex<()> = Mutex::new(());

fn capture(event: TraceEvent<'_>) {
    if let TraceEvent::Stmt(stmt, _) = event {
        let sql = stmt.sql().to_string();
        // Triggers show as comments; the statement that fired them is captured itself.
        if !sql.trim_start().starts_with("--") {
            CAPTURED.lock().unwrap_or_else(|e| e.into_inner()).push(sql);
        }
    }
}

/// The names a statement gives the history tables it reads: the tables and their aliases.
fn history_names(sql: &str) -> Vec<String> {
    let words: Vec<String> = sql
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let keywords = [
        "where", "join", "left", "inner", "on", "order", "group", "limit", "set", "as", "using",
        "values", "select", "union",
    ];
    let mut names = Vec::new();
    for (i, word) in words.iter().enumerate() {
        if HISTORY.contains(&word.as_str()) {
            names.push(word.clone());
            let mut next = words.get(i + 1);
            if next.is_some_and(|w| w == "as") {
                next = words.get(i + 2);
            }
            if let Some(alias) = next.filter(|w| !keywords.contains(&w.as_str())) {
                names.push(alias.clone());
            }
        }
    }
    names
}

/// The plan's lines that read a history table from end to end, or from one point back to its
/// beginning (a range with only an upper bound on an index of history).
fn full_scans(store: &Store, sql: &str) -> Vec<String> {
    let names = history_names(sql);
    let mut stmt = store
        .instrumented()
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .unwrap_or_else(|e| panic!("{e}: {sql}"));
    // The plan is made at prepare time: the parameters need no values.
    let mut rows = stmt.raw_query();
    let mut scans = Vec::new();
    while let Some(row) = rows.next().unwrap() {
        let detail: String = row.get(3).unwrap();
        let scanned = detail
            .strip_prefix("SCAN ")
            .and_then(|rest| rest.split_whitespace().next())
            .map(str::to_lowercase);
        let in_order = READ_IN_ORDER
            .iter()
            .any(|i| detail.ends_with(&format!("INDEX {i}")));
        // A count that stops at a cap reads at most that many matching rows: the one
        // statement of that shape, a count over a subquery that ends at `LIMIT :cap`.
        let capped = sql
            .trim_start()
            .starts_with("SELECT count(*) FROM (SELECT 1 FROM")
            && sql.trim_end().ends_with("LIMIT :cap)");
        let scans_history = scanned.is_some_and(|t| names.contains(&t)) && !in_order && !capped;
        // `(created_at<?)`: everything before a point, which is all of history but the last.
        let back_to_the_start = detail.starts_with("SEARCH ")
            && detail.ends_with("<?)")
            && !detail.contains(" AND ")
            && !detail.contains('=')
            && !READ_IN_ORDER
                .iter()
                .any(|i| detail.contains(&format!("INDEX {i} ")));
        if scans_history || back_to_the_start {
            scans.push(detail);
        }
    }
    scans
}

/// A generated history, with `prepare` run on it, put through the sessions: the statements
/// that read history from end to end, each with the plan lines that do.
fn problems_in_a_session(prepare: impl FnOnce(&Store)) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("cadence.db")).unwrap();
    let spec = GenSpec {
        sellers: 3,
        years: 1,
        seed: 1,
    };
    store.generate(spec, berlin(), now()).unwrap();
    prepare(&store);
    // Between calls the scorecard pane shows progress; then a 1:1 and a call are live.
    let _one_at_a_time = SESSIONS.lock().unwrap_or_else(|e| e.into_inner());
    CAPTURED.lock().unwrap_or_else(|e| e.into_inner()).clear();
    store
        .instrumented()
        .trace_v2(TraceEventCodes::SQLITE_TRACE_STMT, Some(capture));
    a_session(&mut store, progress_keys(), |_| {});
    store
        .instrumented()
        .trace_v2(TraceEventCodes::empty(), None);
    store
        .start_sample_meeting_and_call(berlin(), now())
        .unwrap();
    store
        .instrumented()
        .trace_v2(TraceEventCodes::SQLITE_TRACE_STMT, Some(capture));
    a_session(&mut store, Vec::new(), |_| {});
    store
        .instrumented()
        .trace_v2(TraceEventCodes::empty(), None);
    let mut statements = std::mem::take(&mut *CAPTURED.lock().unwrap_or_else(|e| e.into_inner()));
    statements.sort();
    statements.dedup();
    let planned: Vec<&String> = statements
        .iter()
        .filter(|sql| {
            let head = sql.trim_start().to_uppercase();
            ["SELECT", "WITH", "UPDATE", "DELETE", "INSERT"]
                .iter()
                .any(|k| head.starts_with(k))
        })
        .collect();
    assert!(
        planned.len() > 20,
        "the session ran the cockpit's queries: {planned:#?}"
    );
    let mut problems = Vec::new();
    for sql in planned {
        let scans = full_scans(&store, sql);
        if !scans.is_empty() {
            problems.push(format!("{}\n  -> {}", sql.trim(), scans.join("; ")));
        }
    }
    problems
}

#[test]
fn no_keystroke_scans_a_history_table() {
    let problems = problems_in_a_session(|_| {});
    assert!(
        problems.is_empty(),
        "statements on a keystroke's path scan history:\n{}",
        problems.join("\n\n")
    );
}

#[test]
fn a_dropped_index_is_caught() {
    let problems = problems_in_a_session(|store| {
        store
            .instrumented()
            .execute_batch("DROP INDEX meetings_starts_at")
            .unwrap();
    });
    let text = problems.join("\n");
    assert!(
        text.contains("WHERE m.starts_at >= ?1 AND m.starts_at < ?2"),
        "{text}"
    );
}

#[test]
fn a_full_scan_is_caught_and_an_index_search_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("cadence.db")).unwrap();
    let scan = "SELECT count(*) FROM action_items a WHERE a.title = ?1";
    assert_eq!(full_scans(&store, scan).len(), 1);
    let search = "SELECT count(*) FROM meetings m WHERE m.starts_at >= ?1 AND m.starts_at < ?2";
    assert!(full_scans(&store, search).is_empty());
    let capped = "SELECT count(*) FROM (SELECT 1 FROM action_items a LIMIT :cap)";
    assert!(full_scans(&store, capped).is_empty(), "a count up to a cap");
    let before = "SELECT count(*) FROM meetings m WHERE m.starts_at < ?1";
    assert_eq!(
        full_scans(&store, before).len(),
        1,
        "all history before a point"
    );
    let open = "SELECT count(*) FROM action_items WHERE status = 'open' AND due_on < ?1";
    assert!(
        full_scans(&store, open).is_empty(),
        "open items are current"
    );
    assert_eq!(
        history_names("SELECT 1 FROM action_items AS a JOIN sellers s ON s.id = a.seller_id"),
        ["action_items", "a"]
    );
}
