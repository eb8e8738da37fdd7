//! `team push`: drains the local outbox into the server in order. Each batch of entries is
//! sent in one server transaction as upserts keyed by (manager_id, local id), built from the
//! current local rows (a row gone locally is deleted on the server), and marked pushed in
//! the local file only once the server has committed it. A push cut short loses nothing (the
//! unmarked entries go again) and doubles nothing (an upsert sent twice is one row).

use super::config::Team;
use super::{TeamError, connect, schema, status};
use crate::store::{ActionOut, MeetingOut, OutboxEntry, ScorecardOut, SellerOut, Store};
use postgres::Transaction;
use std::collections::HashSet;

/// Entries per server transaction, unless `CADENCE_TEAM_BATCH` says otherwise.
pub const BATCH: i64 = 500;

/// What a push did.
#[derive(Debug, PartialEq, Eq)]
pub struct Pushed {
    pub changes: i64,
    pub pending: i64,
}

/// Pushes every pending change of `store` as the manager `team` names, marking each batch
/// pushed at `now` (an instant as the store writes it) once the server committed it.
pub fn push(team: &Team, store: &Store, now: &str, batch: i64) -> Result<Pushed, TeamError> {
    let server = team.url.describe();
    let mut client = connect::connect(&team.url)?;
    schema::check(&mut client, &server)?;
    let me = status::identify(&mut client, team, &server)?;
    let local = |e: crate::store::StoreError| TeamError::Refused(e.to_string());
    let mut changes = 0;
    loop {
        let entries = store.outbox_pending(batch.max(1)).map_err(local)?;
        let Some(last) = entries.last().map(|e| e.seq) else {
            break;
        };
        send_batch(&mut client, store, team.share_text, me.manager_id, &entries).map_err(|e| {
            let pending = store.outbox_state().map(|s| s.pending).unwrap_or(0);
            cut_short(&e, &server, changes, pending)
        })?;
        store.outbox_mark_pushed(last, now).map_err(local)?;
        changes += entries.len() as i64;
    }
    let pending = store.outbox_state().map_err(local)?.pending;
    Ok(Pushed { changes, pending })
}

/// Why a batch failed: a local read, or the server.
enum BatchError {
    Local(crate::store::StoreError),
    Server(postgres::Error),
}

fn cut_short(error: &BatchError, server: &str, changes: i64, pending: i64) -> TeamError {
    let why = match error {
        BatchError::Local(e) => e.to_string(),
        BatchError::Server(e) => match e.as_db_error() {
            Some(db) => format!(
                "the team server {server} refused the push: {}",
                db.message()
            ),
            None => format!("the team server {server} stopped answering during the push: {e}"),
        },
    };
    TeamError::Refused(format!(
        "{why} (pushed {} changes before; {} pending, sent again by the next push)",
        crate::text::thousands(changes),
        crate::text::thousands(pending)
    ))
}

/// Sends one batch in one server transaction and commits it.
fn send_batch(
    client: &mut postgres::Client,
    store: &Store,
    share_text: bool,
    me: i64,
    entries: &[OutboxEntry],
) -> Result<(), BatchError> {
    let mut tx = client.transaction().map_err(BatchError::Server)?;
    // Each row is sent as it is now, so a row changed twice in one batch goes once.
    let mut seen = HashSet::new();
    for entry in entries {
        if !seen.insert((entry.kind.as_str(), entry.local_id)) {
            continue;
        }
        send_one(&mut tx, store, share_text, me, entry)?;
    }
    tx.commit().map_err(BatchError::Server)
}

fn send_one(
    tx: &mut Transaction<'_>,
    store: &Store,
    share_text: bool,
    me: i64,
    entry: &OutboxEntry,
) -> Result<(), BatchError> {
    let id = entry.local_id;
    let key = id.to_string();
    let result = match entry.kind.as_str() {
        "seller" => seller(
            tx,
            me,
            &key,
            store.seller_out(id).map_err(BatchError::Local)?,
        ),
        "meeting" => meeting(
            tx,
            me,
            &key,
            store.meeting_out(id).map_err(BatchError::Local)?,
        ),
        "action" => action(
            tx,
            me,
            &key,
            store.action_out(id).map_err(BatchError::Local)?,
        ),
        "scorecard" => {
            let card = store
                .scorecard_out(id, share_text)
                .map_err(BatchError::Local)?;
            scorecard(tx, me, &key, card)
        }
        "note" => {
            let note = store.note_out(id, share_text).map_err(BatchError::Local)?;
            let text_id = format!("note-{id}");
            match note {
                Some(note) => tx
                    .execute(
                        "INSERT INTO shared_texts (manager_id, text_id, kind, about_id, body) \
                         VALUES ($1, $2, 'shared_note', $3, $4) ON CONFLICT (manager_id, text_id) \
                         DO UPDATE SET about_id = EXCLUDED.about_id, body = EXCLUDED.body",
                        &[&me, &text_id, &note.meeting_id.to_string(), &note.body],
                    )
                    .map(drop),
                None => delete(tx, "shared_texts", "text_id", me, &text_id),
            }
        }
        // A kind a newer cadence wrote: nothing this one knows how to send.
        _ => Ok(()),
    };
    result.map_err(BatchError::Server)
}

fn delete(
    tx: &mut Transaction<'_>,
    table: &str,
    column: &str,
    me: i64,
    key: &str,
) -> Result<(), postgres::Error> {
    // Table and column names are this module's constants, never input.
    let sql = format!("DELETE FROM {table} WHERE manager_id = $1 AND {column} = $2");
    tx.execute(&sql, &[&me, &key]).map(drop)
}

fn seller(
    tx: &mut Transaction<'_>,
    me: i64,
    key: &str,
    seller: Option<SellerOut>,
) -> Result<(), postgres::Error> {
    let Some(s) = seller else {
        return delete(tx, "sellers", "seller_id", me, key);
    };
    tx.execute(
        "INSERT INTO sellers (manager_id, seller_id, name, started_on) \
         VALUES ($1, $2, $3, CAST($4::text AS date)) ON CONFLICT (manager_id, seller_id) \
         DO UPDATE SET name = EXCLUDED.name, started_on = EXCLUDED.started_on",
        &[&me, &key, &s.name, &s.started_on],
    )
    .map(drop)
}

/// The server's word for a local meeting status.
fn meeting_status(local: &str) -> &str {
    match local {
        "rescheduled" => "moved",
        other => other,
    }
}

fn meeting(
    tx: &mut Transaction<'_>,
    me: i64,
    key: &str,
    meeting: Option<MeetingOut>,
) -> Result<(), postgres::Error> {
    let Some(m) = meeting else {
        delete(tx, "ratings", "meeting_id", me, key)?;
        delete(tx, "one_on_ones", "meeting_id", me, key)?;
        return delete(tx, "meetings", "meeting_id", me, key);
    };
    // The cancel reason is the manager's own words: only that there was one leaves.
    let reason = m.canceled.then_some("other");
    let seller = m.seller_id.map(|s| s.to_string());
    let minutes = i32::try_from(m.minutes).unwrap_or(i32::MAX);
    tx.execute(
        "INSERT INTO meetings (manager_id, meeting_id, seller_id, kind, status, reason_category, \
         planned_at, minutes) VALUES ($1, $2, $3, $4, $5, $6, CAST($7::text AS timestamptz), $8) \
         ON CONFLICT (manager_id, meeting_id) DO UPDATE SET seller_id = EXCLUDED.seller_id, \
         kind = EXCLUDED.kind, status = EXCLUDED.status, \
         reason_category = EXCLUDED.reason_category, planned_at = EXCLUDED.planned_at, \
         minutes = EXCLUDED.minutes",
        &[
            &me,
            &key,
            &seller,
            &m.kind,
            &meeting_status(&m.status),
            &reason,
            &m.starts_at,
            &minutes,
        ],
    )?;
    let Some(o) = m.one_on_one else {
        delete(tx, "ratings", "meeting_id", me, key)?;
        return delete(tx, "one_on_ones", "meeting_id", me, key);
    };
    let actions = i32::try_from(o.action_count).unwrap_or(i32::MAX);
    tx.execute(
        "INSERT INTO one_on_ones (manager_id, meeting_id, purposes, landed, action_count, \
         no_actions_chosen, feedback_asked) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (manager_id, meeting_id) DO UPDATE SET purposes = EXCLUDED.purposes, \
         landed = EXCLUDED.landed, action_count = EXCLUDED.action_count, \
         no_actions_chosen = EXCLUDED.no_actions_chosen, feedback_asked = EXCLUDED.feedback_asked",
        &[
            &me,
            &key,
            &o.purposes,
            &o.landed,
            &actions,
            &o.no_actions_chosen,
            &o.rating.is_some(),
        ],
    )?;
    match o.rating {
        Some(rating) => {
            let rating = i16::try_from(rating).unwrap_or(0);
            let at = o.rated_at.unwrap_or(m.starts_at);
            tx.execute(
                "INSERT INTO ratings (manager_id, meeting_id, rating, rated_at) \
                 VALUES ($1, $2, $3, CAST($4::text AS timestamptz)) \
                 ON CONFLICT (manager_id, meeting_id) DO UPDATE SET rating = EXCLUDED.rating, \
                 rated_at = EXCLUDED.rated_at",
                &[&me, &key, &rating, &at],
            )
            .map(drop)
        }
        None => delete(tx, "ratings", "meeting_id", me, key),
    }
}

fn action(
    tx: &mut Transaction<'_>,
    me: i64,
    key: &str,
    action: Option<ActionOut>,
) -> Result<(), postgres::Error> {
    let Some(a) = action else {
        return delete(tx, "action_items", "action_id", me, key);
    };
    // Closed on the day of the instant it closed (UTC, as stored).
    let closed_on = a.closed_at.as_deref().and_then(|t| t.get(..10));
    tx.execute(
        "INSERT INTO action_items (manager_id, action_id, seller_id, meeting_id, owner, due_on, \
         status, closed_on) VALUES ($1, $2, $3, $4, $5, CAST($6::text AS date), $7, \
         CAST($8::text AS date)) ON CONFLICT (manager_id, action_id) DO UPDATE SET \
         seller_id = EXCLUDED.seller_id, meeting_id = EXCLUDED.meeting_id, \
         owner = EXCLUDED.owner, due_on = EXCLUDED.due_on, status = EXCLUDED.status, \
         closed_on = EXCLUDED.closed_on",
        &[
            &me,
            &key,
            &a.seller_id.to_string(),
            &a.meeting_id.map(|m| m.to_string()),
            &a.owner,
            &a.due_on,
            &a.status,
            &closed_on,
        ],
    )
    .map(drop)
}

fn scorecard(
    tx: &mut Transaction<'_>,
    me: i64,
    key: &str,
    card: Option<ScorecardOut>,
) -> Result<(), postgres::Error> {
    tx.execute(
        "DELETE FROM shared_texts WHERE manager_id = $1 AND about_id = $2 \
         AND kind IN ('evidence', 'observation')",
        &[&me, &key],
    )?;
    delete(tx, "criterion_scores", "scorecard_id", me, key)?;
    let Some(c) = card else {
        return delete(tx, "scorecards", "scorecard_id", me, key);
    };
    let version = i32::try_from(c.rubric_version).unwrap_or(i32::MAX);
    tx.execute(
        "INSERT INTO scorecards (manager_id, scorecard_id, seller_id, meeting_id, rubric, \
         rubric_version, scored_at, took_over, strength_criterion, focus_criterion, \
         weighted_score) VALUES ($1, $2, $3, $4, $5, $6, CAST($7::text AS timestamptz), $8, $9, \
         $10, CAST($11::float8 AS numeric(4, 2))) ON CONFLICT (manager_id, scorecard_id) DO \
         UPDATE SET seller_id = EXCLUDED.seller_id, meeting_id = EXCLUDED.meeting_id, \
         rubric = EXCLUDED.rubric, rubric_version = EXCLUDED.rubric_version, \
         scored_at = EXCLUDED.scored_at, took_over = EXCLUDED.took_over, \
         strength_criterion = EXCLUDED.strength_criterion, \
         focus_criterion = EXCLUDED.focus_criterion, weighted_score = EXCLUDED.weighted_score",
        &[
            &me,
            &key,
            &c.seller_id.to_string(),
            &c.meeting_id.map(|m| m.to_string()),
            &c.rubric,
            &version,
            &c.finished_at,
            &c.took_over,
            &c.strength,
            &c.focus,
            &c.score,
        ],
    )?;
    for (criterion, mark) in &c.marks {
        // A mark of 0 is "not observed", which is not a score of zero.
        let score = (*mark > 0).then(|| i16::try_from(*mark).unwrap_or(0));
        tx.execute(
            "INSERT INTO criterion_scores (manager_id, scorecard_id, criterion, score, \
             not_observed) VALUES ($1, $2, $3, $4, $5)",
            &[&me, &key, criterion, &score, &score.is_none()],
        )?;
    }
    for (text_id, kind, body) in &c.texts {
        tx.execute(
            "INSERT INTO shared_texts (manager_id, text_id, kind, about_id, body) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (manager_id, text_id) \
             DO UPDATE SET kind = EXCLUDED.kind, about_id = EXCLUDED.about_id, \
             body = EXCLUDED.body",
            &[&me, text_id, kind, &key, body],
        )?;
    }
    Ok(())
}
