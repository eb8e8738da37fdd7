//! Scorecards: a call scored live against one rubric version, saved mark by mark, with
//! evidence, timestamped observations, and the finish that names a strength and a focus.

use super::actions::insert_action;
use super::{
    Result, Store, StoreError, bad_row, id_list, instant_from_sql, instant_to_sql, required_text,
};
use crate::domain::calibration::{self, SharedObservation, SharedScorecard};
use crate::domain::limits;
use crate::domain::rubric::{Mark, Rubric, weighted_score};
use crate::domain::scorecard::{
    CallMarks, EvidenceWrite, Finish, MarkWrite, Observation, Observed, ScoreFilter, ScoreRow,
    Scorecard,
};
use crate::domain::seller::SellerRef;
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use std::collections::BTreeMap;

/// SQL true for a scorecard `c` that blind calibration hides: another scorecard of the same
/// seller is live, on the same call or where either has no call. Whether the seller has a
/// live scorecard at all is read once per statement, so the calls of the sellers not being
/// scored (nearly all) skip the search for each call.
const HIDDEN: &str = "(c.seller_id IN (SELECT seller_id FROM scorecards WHERE state = 'live')
     AND EXISTS (SELECT 1 FROM scorecards l
       WHERE l.state = 'live' AND l.id != c.id AND l.seller_id = c.seller_id
         AND (l.meeting_id IS NULL OR c.meeting_id IS NULL OR l.meeting_id = c.meeting_id)))";

enum VersionError {
    /// The same id and version is stored with other content.
    Changed,
    Sql(rusqlite::Error),
}

fn changed(rubric: &Rubric) -> StoreError {
    StoreError::Invalid(format!(
        "rubric '{}' version {} was scored with before and has changed since: give the \
         changed rubric a new version",
        rubric.id, rubric.version
    ))
}

/// The stored id of a rubric version, adding it if new; inside the caller's transaction.
fn rubric_version_in(
    conn: &rusqlite::Connection,
    rubric: &Rubric,
) -> std::result::Result<i64, VersionError> {
    let body = serde_json::to_string(rubric).map_err(|_| VersionError::Changed)?;
    let found: Option<(i64, String)> = conn
        .query_row(
            "SELECT id, body FROM rubric_versions WHERE rubric_id = ?1 AND version = ?2",
            params![rubric.id, rubric.version],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .map_err(VersionError::Sql)?;
    match found {
        Some((id, stored)) => {
            if serde_json::from_str::<Rubric>(&stored).is_ok_and(|r| r == *rubric) {
                Ok(id)
            } else {
                Err(VersionError::Changed)
            }
        }
        None => {
            conn.execute(
                "INSERT INTO rubric_versions (rubric_id, version, body) VALUES (?1, ?2, ?3)",
                params![rubric.id, rubric.version, body],
            )
            .map_err(VersionError::Sql)?;
            Ok(conn.last_insert_rowid())
        }
    }
}

fn unknown(id: i64) -> StoreError {
    StoreError::Invalid(format!(
        "there is no scorecard {id} (the ids are in `cadence scores`)"
    ))
}

/// The statement `score_rows` runs for a filter: only the conditions in force, in forms an
/// index answers. Each seller's latest few are read seller by seller, newest first through
/// the index of a seller's scorecards, stopping at the few: the years before are not read.
pub(crate) fn score_rows_sql(filter: &ScoreFilter) -> String {
    let columns = "k.id, k.seller_id, s.name, kv.rubric_id, kv.version, k.started_at, k.score,
                   k.focus, k.strength, k.took_over, k.meeting_id, k.assessor,
                   (SELECT count(*) FROM observations o WHERE o.scorecard_id = k.id)";
    scorecards_sql(filter, columns, "", NEWEST_FIRST)
}

/// The statement `call_marks` runs: each call's id, seller, time and focus, and with
/// `marks` one row per mark given (a call without marks has one row, with none). The rows
/// of a call come together: SQLite keeps the right side of a LEFT JOIN inside the loops of
/// the tables before it, and the scores are joined last, on the call. Unordered: ordering
/// here would sort every mark's row, where `call_marks` orders the calls.
pub(crate) fn call_marks_sql(filter: &ScoreFilter, marks: bool) -> String {
    if marks {
        scorecards_sql(
            filter,
            "k.id, s.name, k.started_at, k.focus, sc.criterion, sc.mark",
            "LEFT JOIN scores sc ON sc.scorecard_id = k.id AND sc.mark IS NOT NULL",
            "",
        )
    } else {
        scorecards_sql(
            filter,
            "k.id, s.name, k.started_at, k.focus, NULL, NULL",
            "",
            "",
        )
    }
}

const NEWEST_FIRST: &str = "ORDER BY k.started_at DESC, k.id DESC";

/// The finished scorecards a filter keeps, with `columns` of `k` (the scorecard), `s` (its
/// seller) and `kv` (its rubric version), `joins` after those, and `order` last.
fn scorecards_sql(filter: &ScoreFilter, columns: &str, joins: &str, order: &str) -> String {
    let mut conditions = vec![
        "c.state = 'finished'".to_string(),
        format!("NOT ({HIDDEN})"),
    ];
    if filter.rubric.is_some() {
        conditions.push("v.rubric_id = :rubric".into());
    }
    if filter.since.is_some() {
        conditions.push("c.started_at >= :since".into());
    }
    if filter.mine_only {
        conditions.push("c.assessor = ''".into());
    }
    if filter.latest_per_seller.is_some() {
        conditions.push("c.seller_id = s.id".into());
        let mut which = Vec::new();
        if filter.seller.is_some() {
            which.push("s.id = :seller");
        }
        if filter.sellers.is_some() {
            which.push("s.id IN (SELECT value FROM json_each(:sellers))");
        }
        let seller = if which.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", which.join(" AND "))
        };
        format!(
            "SELECT {columns}
             FROM sellers s JOIN scorecards k ON k.id IN (
                 SELECT c.id FROM scorecards c JOIN rubric_versions v ON v.id = c.rubric
                 WHERE {}
                 ORDER BY c.started_at DESC, c.id DESC LIMIT :latest)
               JOIN rubric_versions kv ON kv.id = k.rubric
               {joins}
             {seller}
             {order}",
            conditions.join(" AND ")
        )
    } else {
        if filter.seller.is_some() {
            conditions.push("c.seller_id = :seller".into());
        }
        if filter.sellers.is_some() {
            conditions.push("c.seller_id IN (SELECT value FROM json_each(:sellers))".into());
        }
        format!(
            "SELECT {columns}
             FROM scorecards k JOIN sellers s ON s.id = k.seller_id
               JOIN rubric_versions kv ON kv.id = k.rubric
               {joins}
             WHERE k.id IN (SELECT c.id FROM scorecards c JOIN rubric_versions v ON v.id = c.rubric
                            WHERE {})
             {order}",
            conditions.join(" AND ")
        )
    }
}

/// The values a score filter's conditions bind.
struct FilterValues<'a> {
    filter: &'a ScoreFilter,
    since: Option<String>,
    latest: Option<i64>,
    /// The sellers as a JSON array, the one value an `IN` list of any length binds to.
    sellers: Option<String>,
}

impl<'a> FilterValues<'a> {
    fn of(filter: &'a ScoreFilter) -> Self {
        FilterValues {
            filter,
            since: filter.since.map(instant_to_sql),
            latest: filter.latest_per_seller.map(|n| n as i64),
            sellers: filter
                .sellers
                .as_ref()
                .map(|ids| id_list(ids.iter().copied())),
        }
    }

    /// Only the conditions in force are in the statement, so only their values are bound.
    fn values(&self) -> Vec<(&str, &dyn rusqlite::ToSql)> {
        let mut values: Vec<(&str, &dyn rusqlite::ToSql)> = Vec::new();
        if self.filter.seller.is_some() {
            values.push((":seller", &self.filter.seller));
        }
        if self.filter.rubric.is_some() {
            values.push((":rubric", &self.filter.rubric));
        }
        if self.since.is_some() {
            values.push((":since", &self.since));
        }
        if self.latest.is_some() {
            values.push((":latest", &self.latest));
        }
        if self.sellers.is_some() {
            values.push((":sellers", &self.sellers));
        }
        values
    }
}

impl Store {
    /// The stored id of this rubric version, adding it the first time it is scored with. The
    /// same id and version with other content is refused: old scorecards must keep theirs.
    pub fn rubric_version(&self, rubric: &Rubric) -> Result<i64> {
        rubric_version_in(&self.conn, rubric).map_err(|e| match e {
            VersionError::Changed => changed(rubric),
            VersionError::Sql(e) => self.err(e),
        })
    }

    /// Starts scoring a call now. One scorecard is live at a time: a manager sits in on one
    /// call at once.
    pub fn start_scorecard(
        &self,
        seller_id: i64,
        rubric: &Rubric,
        meeting_id: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        self.seller(seller_id)?;
        if let Some(live) = self.live_scorecard()? {
            return Err(StoreError::Invalid(format!(
                "scorecard {live} is still being scored: finish it with e first"
            )));
        }
        if let Some(meeting) = meeting_id {
            self.meeting(meeting)?;
        }
        let version = self.rubric_version(rubric)?;
        self.conn
            .execute(
                "INSERT INTO scorecards (seller_id, rubric, meeting_id, started_at)
                 VALUES (?1, ?2, ?3, ?4)",
                params![seller_id, version, meeting_id, instant_to_sql(now)],
            )
            .map_err(|e| self.err(e))?;
        Ok(self.conn.last_insert_rowid())
    }

    /// The scorecard left live (after a quit or a crash), if any.
    pub fn live_scorecard(&self) -> Result<Option<i64>> {
        self.conn
            .query_row(
                "SELECT id FROM scorecards WHERE state = 'live' ORDER BY id DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    pub fn scorecard(&self, id: i64) -> Result<Scorecard> {
        let head = self
            .conn
            .query_row(
                "SELECT c.seller_id, s.name, v.body, c.meeting_id, c.assessor, c.started_at,
                        c.finished_at, c.took_over, c.score, c.strength, c.focus, c.action_id
                 FROM scorecards c JOIN sellers s ON s.id = c.seller_id
                   JOIN rubric_versions v ON v.id = c.rubric
                 WHERE c.id = ?1",
                [id],
                |r| {
                    let read = || -> rusqlite::Result<Scorecard> {
                        let body: String = r.get(2)?;
                        let started: String = r.get(5)?;
                        let finished: Option<String> = r.get(6)?;
                        Ok(Scorecard {
                            id,
                            seller: SellerRef {
                                id: r.get(0)?,
                                name: r.get(1)?,
                            },
                            rubric: serde_json::from_str(&body)
                                .map_err(|_| bad_row("rubric", &body))?,
                            meeting_id: r.get(3)?,
                            assessor: r.get(4)?,
                            started_at: instant_from_sql(&started)
                                .ok_or_else(|| bad_row("instant", &started))?,
                            finished_at: finished
                                .map(|f| instant_from_sql(&f).ok_or_else(|| bad_row("instant", &f)))
                                .transpose()?,
                            took_over: r.get(7)?,
                            score: r.get(8)?,
                            strength: r.get(9)?,
                            focus: r.get(10)?,
                            action_id: r.get(11)?,
                            marks: BTreeMap::new(),
                            evidence: BTreeMap::new(),
                            observations: Vec::new(),
                        })
                    };
                    read().map_err(|e| super::named_row("scorecards", &id.to_string(), e))
                },
            )
            .optional()
            .map_err(|e| self.err(e))?;
        let mut card = head.ok_or_else(|| unknown(id))?;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT criterion, mark, evidence FROM scores WHERE scorecard_id = ?1")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([id], |r| {
                let criterion = r.get::<_, String>(0)?;
                let read = || Ok((r.get::<_, Option<u8>>(1)?, r.get::<_, String>(2)?));
                let (mark, evidence) = read().map_err(|e| {
                    super::named_row("scores", &format!("({id}, '{criterion}')"), e)
                })?;
                Ok((criterion, mark, evidence))
            })
            .map_err(|e| self.err(e))?;
        for row in rows {
            let (criterion, mark, evidence) = row.map_err(|e| self.err(e))?;
            if let Some(mark) = mark.and_then(Mark::from_stored) {
                card.marks.insert(criterion.clone(), mark);
            }
            if !evidence.is_empty() {
                card.evidence.insert(criterion, evidence);
            }
        }
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, criterion, at_seconds, text FROM observations
                 WHERE scorecard_id = ?1 ORDER BY at_seconds, id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([id], |r| {
                super::in_row("observations", r, |r| {
                    Ok(Observation {
                        criterion: r.get(1)?,
                        at_seconds: r.get(2)?,
                        text: r.get(3)?,
                    })
                })
            })
            .map_err(|e| self.err(e))?;
        card.observations = rows
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))?;
        Ok(card)
    }

    fn live_card(&self, id: i64) -> Result<Scorecard> {
        let card = self.scorecard(id)?;
        if card.finished() {
            return Err(StoreError::Invalid(format!(
                "scorecard {id} is finished: it is kept as it was scored"
            )));
        }
        Ok(card)
    }

    /// A live scorecard whose rubric has this criterion: a finished one is never written to.
    fn live_criterion(&self, id: i64, criterion: &str) -> Result<Scorecard> {
        let card = self.live_card(id)?;
        if card.rubric.criterion(criterion).is_none() {
            return Err(StoreError::Invalid(format!(
                "rubric '{}' has no criterion '{criterion}'",
                card.rubric.id
            )));
        }
        Ok(card)
    }

    /// Gives a criterion a mark (or takes it away), and keeps the weighted score in step.
    pub fn set_mark(&self, id: i64, criterion: &str, mark: Option<Mark>) -> Result<()> {
        self.write_mark(id, criterion, mark).map(|_| ())
    }

    /// Gives a criterion a mark over any of `bases`: the mark the writer last read or wrote,
    /// and the ones it handed over since without knowing them written. A mark is a number:
    /// this one stands whatever is stored, but when another cockpit had set a different one
    /// meanwhile, the one replaced comes back, for the writer to be told.
    pub fn set_mark_over(
        &self,
        id: i64,
        criterion: &str,
        bases: &[Option<Mark>],
        mark: Option<Mark>,
    ) -> Result<MarkWrite> {
        let stored = self.write_mark(id, criterion, mark)?;
        Ok(if stored == mark || bases.contains(&stored) {
            MarkWrite::Written
        } else {
            MarkWrite::Replaced(stored)
        })
    }

    /// Writes a mark and the weighted score in one transaction; the mark stored before it.
    fn write_mark(&self, id: i64, criterion: &str, mark: Option<Mark>) -> Result<Option<Mark>> {
        let path = self.path.clone();
        let err = |e| super::classify(&path, e);
        // On the writer of typed text's connection too, which is shared, not borrowed. Begun
        // before the read, so the mark replaced is the one this write replaces.
        let tx = self.conn.unchecked_transaction().map_err(err)?;
        let mut card = self.live_card(id)?;
        if card.rubric.criterion(criterion).is_none() {
            return Err(StoreError::Invalid(format!(
                "rubric '{}' has no criterion '{criterion}'",
                card.rubric.id
            )));
        }
        let stored = match mark {
            Some(m) => card.marks.insert(criterion.to_string(), m),
            None => card.marks.remove(criterion),
        };
        let score = weighted_score(&card.rubric, &card.marks);
        tx.execute(
            "INSERT INTO scores (scorecard_id, criterion, mark) VALUES (?1, ?2, ?3)
             ON CONFLICT (scorecard_id, criterion) DO UPDATE SET mark = excluded.mark",
            params![id, criterion, mark.map(Mark::to_stored)],
        )
        .map_err(err)?;
        tx.execute(
            "UPDATE scorecards SET score = ?2 WHERE id = ?1",
            params![id, score],
        )
        .map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(stored)
    }

    pub fn save_evidence(&self, id: i64, criterion: &str, text: &str) -> Result<()> {
        self.live_criterion(id, criterion)?;
        self.conn
            .execute(
                "INSERT INTO scores (scorecard_id, criterion, evidence) VALUES (?1, ?2, ?3)
                 ON CONFLICT (scorecard_id, criterion) DO UPDATE SET evidence = excluded.evidence",
                params![id, criterion, text],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Writes a criterion's evidence over any of `bases`: the text the writer last read or
    /// wrote, and the ones it handed over since without knowing them written. When another
    /// cockpit changed it meanwhile, both texts are kept and the stored text comes back.
    pub fn save_evidence_over(
        &self,
        id: i64,
        criterion: &str,
        bases: &[&str],
        text: &str,
    ) -> Result<EvidenceWrite> {
        self.live_criterion(id, criterion)?;
        let err = |e| self.err(e);
        let tx = self.conn.unchecked_transaction().map_err(err)?;
        let stored: String = tx
            .query_row(
                "SELECT evidence FROM scores WHERE scorecard_id = ?1 AND criterion = ?2",
                params![id, criterion],
                |r| r.get::<_, Option<String>>(0),
            )
            .optional()
            .map_err(err)?
            .flatten()
            .unwrap_or_default();
        let merged = crate::domain::merge::merge_text(&stored, bases, text);
        tx.execute(
            "INSERT INTO scores (scorecard_id, criterion, evidence) VALUES (?1, ?2, ?3)
             ON CONFLICT (scorecard_id, criterion) DO UPDATE SET evidence = excluded.evidence",
            params![id, criterion, merged.text()],
        )
        .map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(if merged.merged() {
            EvidenceWrite::Merged(merged.text().to_string())
        } else {
            EvidenceWrite::Written
        })
    }

    pub fn add_observation(
        &self,
        id: i64,
        criterion: &str,
        at_seconds: i64,
        text: &str,
    ) -> Result<()> {
        let text = text.trim();
        if text.is_empty() {
            return Err(StoreError::Invalid(
                "an observation needs a few words".into(),
            ));
        }
        limits::check(limits::OBSERVATION, text)?;
        self.live_criterion(id, criterion)?;
        self.conn
            .execute(
                "INSERT INTO observations (scorecard_id, criterion, at_seconds, text)
                 VALUES (?1, ?2, ?3, ?4)",
                params![id, criterion, at_seconds.max(0), text],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    pub fn set_took_over(&self, id: i64, took_over: bool) -> Result<()> {
        self.set_took_over_over(id, took_over, took_over)
            .map(|_| ())
    }

    /// Sets the take-over flag over `base`, the value the writer last read or wrote. The
    /// write stands; when another cockpit had changed the flag meanwhile, the value it had
    /// set comes back, for the writer to be told.
    pub fn set_took_over_over(&self, id: i64, base: bool, took_over: bool) -> Result<Option<bool>> {
        let err = |e| self.err(e);
        let tx = self.conn.unchecked_transaction().map_err(err)?;
        let stored = self.live_card(id)?.took_over;
        tx.execute(
            "UPDATE scorecards SET took_over = ?2 WHERE id = ?1",
            params![id, took_over],
        )
        .map_err(err)?;
        tx.commit().map_err(err)?;
        Ok((stored != base).then_some(stored))
    }

    /// Finishes a scorecard: the strength, the focus area and the coaching action item, all
    /// at once or not at all. From then on it is kept as it is.
    pub fn finish_scorecard(&mut self, id: i64, finish: &Finish, now: DateTime<Utc>) -> Result<()> {
        let card = self.live_card(id)?;
        for key in [&finish.strength, &finish.focus].into_iter().flatten() {
            if card.rubric.criterion(key).is_none() {
                return Err(StoreError::Invalid(format!(
                    "rubric '{}' has no criterion '{key}'",
                    card.rubric.id
                )));
            }
        }
        // A joint call the cadence already has with the seller that day is the one to use:
        // its rules are expanded for those days first, so none appears beside it later.
        let reobserve = match finish.reobserve_at {
            Some(at) => {
                let day = at.date_naive();
                self.expand_cadence(day - chrono::Days::new(1), day + chrono::Days::new(2))?;
                let existing: Option<i64> = self
                    .conn
                    .query_row(
                        "SELECT id FROM meetings WHERE seller_id = ?1 AND kind = 'joint_call'
                           AND status = 'planned' AND starts_at >= ?2 AND starts_at < ?3",
                        params![
                            card.seller.id,
                            instant_to_sql(at - chrono::TimeDelta::hours(12)),
                            instant_to_sql(at + chrono::TimeDelta::hours(12))
                        ],
                        |r| r.get(0),
                    )
                    .optional()
                    .map_err(|e| self.err(e))?;
                if existing.is_some() { None } else { Some(at) }
            }
            None => None,
        };
        let path = self.path.clone();
        let err = |e| super::classify(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        let action = match &finish.action {
            Some(draft) if !draft.title.trim().is_empty() => {
                Some(insert_action(&tx, draft, now).map_err(err)?)
            }
            _ => None,
        };
        let changed = tx
            .execute(
                "UPDATE scorecards SET state = 'finished', finished_at = ?2, strength = ?3,
                   focus = ?4, action_id = ?5
                 WHERE id = ?1 AND state = 'live'",
                params![
                    id,
                    instant_to_sql(now),
                    finish.strength,
                    finish.focus,
                    action
                ],
            )
            .map_err(err)?;
        if changed != 1 {
            return Err(StoreError::Invalid(format!(
                "scorecard {id} is not being scored"
            )));
        }
        if let Some(at) = reobserve {
            tx.execute(
                "INSERT INTO meetings (seller_id, kind, starts_at, minutes, status)
                 VALUES (?1, 'joint_call', ?2, ?3, 'planned')",
                params![card.seller.id, instant_to_sql(at), finish.reobserve_minutes],
            )
            .map_err(err)?;
        }
        // A joint call that was scored took place.
        if let Some(meeting) = card.meeting_id {
            tx.execute(
                "UPDATE meetings SET status = 'held' WHERE id = ?1 AND status = 'planned'",
                [meeting],
            )
            .map_err(err)?;
        }
        tx.commit().map_err(err)
    }

    /// A finished scorecard as a colleague receives it. A live one is refused: calibration
    /// is blind, so scores leave only once they are final.
    pub fn share_scorecard(&self, id: i64, assessor: &str) -> Result<SharedScorecard> {
        let card = self.scorecard(id)?;
        let Some(finished_at) = card.finished_at else {
            return Err(StoreError::Invalid(format!(
                "scorecard {id} is still being scored: finish it first (scores are shared only \
                 once final, so neither of you sees the other's before both have finished)"
            )));
        };
        if self.hidden_while_scoring(id)? {
            return Err(StoreError::Invalid(format!(
                "{}'s call is being scored now: scorecard {id} is shared once that scoring is \
                 finished (calibration is blind)",
                card.seller.name
            )));
        }
        limits::check(limits::ASSESSOR, assessor.trim())?;
        let assessor = match (assessor.trim(), card.assessor.as_str()) {
            ("", "") => {
                return Err(StoreError::Invalid(
                    "say who scored it: --assessor YOUR NAME".into(),
                ));
            }
            ("", theirs) => theirs.to_string(),
            (given, _) => given.to_string(),
        };
        let call = match card.meeting_id {
            Some(m) => Some(self.meeting(m)?.starts_at),
            None => None,
        };
        Ok(SharedScorecard {
            format: calibration::FORMAT.into(),
            format_version: calibration::FORMAT_VERSION,
            assessor,
            seller: card.seller.name,
            call,
            started_at: card.started_at,
            finished_at,
            rubric: card.rubric,
            marks: card.marks,
            evidence: card.evidence,
            observations: card
                .observations
                .into_iter()
                .map(|o| SharedObservation {
                    criterion: o.criterion,
                    at_seconds: o.at_seconds,
                    text: o.text,
                })
                .collect(),
            took_over: card.took_over,
            strength: card.strength,
            focus: card.focus,
        })
    }

    /// Whether any version of this rubric was ever scored with here.
    pub fn has_rubric(&self, id: &str) -> Result<bool> {
        self.conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM rubric_versions WHERE rubric_id = ?1)",
                [id],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))
    }

    /// Whether this exact rubric version is known here, as stored for earlier scorecards.
    pub fn knows_rubric_version(&self, rubric: &Rubric) -> Result<bool> {
        let stored: Option<String> = self
            .conn
            .query_row(
                "SELECT body FROM rubric_versions WHERE rubric_id = ?1 AND version = ?2",
                params![rubric.id, rubric.version],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        Ok(stored.is_some_and(|b| serde_json::from_str::<Rubric>(&b).is_ok_and(|r| r == *rubric)))
    }

    /// Adds a colleague's finished scorecard, matched to the seller by name and to the joint
    /// call by its start. The caller has checked the rubric version is one known here.
    pub fn import_scorecard(&mut self, shared: &SharedScorecard) -> Result<i64> {
        if shared.format != calibration::FORMAT
            || shared.format_version != calibration::FORMAT_VERSION
        {
            return Err(StoreError::Invalid(format!(
                "this is not a scorecard this cadence reads (format '{}' version {}; expected '{}' version {})",
                shared.format,
                shared.format_version,
                calibration::FORMAT,
                calibration::FORMAT_VERSION
            )));
        }
        if shared.assessor.trim().is_empty() {
            return Err(StoreError::Invalid(
                "the scorecard does not say who scored it (assessor is empty)".into(),
            ));
        }
        limits::check(limits::ASSESSOR, shared.assessor.trim())?;
        for observation in &shared.observations {
            limits::check(limits::OBSERVATION, &observation.text)?;
        }
        if let Some((key, level)) = shared.marks.iter().find_map(|(k, m)| match m {
            Mark::Level(l) if !(1..=5).contains(l) => Some((k, *l)),
            _ => None,
        }) {
            return Err(StoreError::Invalid(format!(
                "the scorecard gives '{key}' level {level}: expected 1 to 5, or not observed"
            )));
        }
        if shared.finished_at < shared.started_at {
            return Err(StoreError::Invalid(
                "the scorecard finished before it started: finished_at is earlier than started_at"
                    .into(),
            ));
        }
        if let Some(o) = shared.observations.iter().find(|o| o.at_seconds < 0) {
            return Err(StoreError::Invalid(format!(
                "an observation is stamped {} seconds: expected the seconds since the call started",
                o.at_seconds
            )));
        }
        for key in shared
            .marks
            .keys()
            .chain(shared.evidence.keys())
            .chain(shared.observations.iter().map(|o| &o.criterion))
            .chain(shared.strength.iter())
            .chain(shared.focus.iter())
        {
            if shared.rubric.criterion(key).is_none() {
                return Err(StoreError::Invalid(format!(
                    "the scorecard scores '{key}', which rubric '{}' does not have",
                    shared.rubric.id
                )));
            }
        }
        let seller = self.seller_by_name(&shared.seller)?;
        let twice: Option<i64> = self
            .conn
            .query_row(
                "SELECT c.id FROM scorecards c JOIN rubric_versions v ON v.id = c.rubric
                 WHERE c.seller_id = ?1 AND c.assessor = ?2 AND c.started_at = ?3
                   AND v.rubric_id = ?4 AND v.version = ?5",
                params![
                    seller.id,
                    shared.assessor.trim(),
                    instant_to_sql(shared.started_at),
                    shared.rubric.id,
                    shared.rubric.version
                ],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        if let Some(id) = twice {
            return Err(StoreError::Invalid(format!(
                "this scorecard is here already, as scorecard {id}"
            )));
        }
        let meeting: Option<i64> = match shared.call {
            Some(at) => self
                .conn
                .query_row(
                    "SELECT id FROM meetings WHERE seller_id = ?1 AND kind = 'joint_call'
                       AND starts_at = ?2",
                    params![seller.id, instant_to_sql(at)],
                    |r| r.get(0),
                )
                .optional()
                .map_err(|e| self.err(e))?,
            None => None,
        };
        let score = weighted_score(&shared.rubric, &shared.marks);
        let path = self.path.clone();
        let err = |e| super::classify(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        let version = rubric_version_in(&tx, &shared.rubric).map_err(|e| match e {
            VersionError::Changed => changed(&shared.rubric),
            VersionError::Sql(e) => err(e),
        })?;
        tx.execute(
            "INSERT INTO scorecards (seller_id, rubric, meeting_id, assessor, started_at, state,
                                     took_over, score, strength, focus, finished_at)
             VALUES (?1, ?2, ?3, ?4, ?5, 'finished', ?6, ?7, ?8, ?9, ?10)",
            params![
                seller.id,
                version,
                meeting,
                shared.assessor.trim(),
                instant_to_sql(shared.started_at),
                shared.took_over,
                score,
                shared.strength,
                shared.focus,
                instant_to_sql(shared.finished_at)
            ],
        )
        .map_err(err)?;
        let id = tx.last_insert_rowid();
        for key in shared.marks.keys().chain(shared.evidence.keys()) {
            tx.execute(
                "INSERT INTO scores (scorecard_id, criterion, mark, evidence) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (scorecard_id, criterion) DO NOTHING",
                params![
                    id,
                    key,
                    shared.marks.get(key).map(|m| m.to_stored()),
                    shared.evidence.get(key).cloned().unwrap_or_default()
                ],
            )
            .map_err(err)?;
        }
        for o in &shared.observations {
            tx.execute(
                "INSERT INTO observations (scorecard_id, criterion, at_seconds, text)
                 VALUES (?1, ?2, ?3, ?4)",
                params![id, o.criterion, o.at_seconds.max(0), o.text],
            )
            .map_err(err)?;
        }
        tx.commit().map_err(err)?;
        Ok(id)
    }

    /// Finished scorecards, newest first, as the filter asks. Work follows what is asked:
    /// a date bound and a number per seller keep it to what the screen shows.
    pub fn score_rows(&self, filter: &ScoreFilter) -> Result<Vec<ScoreRow>> {
        let sql = score_rows_sql(filter);
        let bound = FilterValues::of(filter);
        let values = bound.values();
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(values.as_slice(), |r| {
                super::in_row("scorecards", r, read_score_row)
            })
            .map_err(|e| self.err(e))?;
        let mut out: Vec<ScoreRow> = rows
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))?;
        // The marks of the rows kept, in one query: their ids go in as one JSON array.
        let ids = id_list(out.iter().map(|r| r.id));
        let mut marks = self
            .conn
            .prepare_cached(
                "SELECT scorecard_id, criterion, mark FROM scores
                 WHERE scorecard_id IN (SELECT value FROM json_each(?1)) AND mark IS NOT NULL",
            )
            .map_err(|e| self.err(e))?;
        let found = marks
            .query_map([ids], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, u8>(2)?,
                ))
            })
            .map_err(|e| self.err(e))?;
        let at: std::collections::HashMap<i64, usize> =
            out.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
        for triple in found {
            let (id, criterion, mark) = triple.map_err(|e| self.err(e))?;
            if let (Some(&i), Some(mark)) = (at.get(&id), Mark::from_stored(mark)) {
                out[i].marks.insert(criterion, mark);
            }
        }
        Ok(out)
    }

    /// The finished calls a filter keeps, newest first, as the progress views read them:
    /// with their marks only when `marks` is set.
    pub fn call_marks(&self, filter: &ScoreFilter, marks: bool) -> Result<Vec<CallMarks>> {
        let sql = call_marks_sql(filter, marks);
        let bound = FilterValues::of(filter);
        let values = bound.values();
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let mut rows = stmt.query(values.as_slice()).map_err(|e| self.err(e))?;
        // The rows of one call come together (see `call_marks_sql`).
        let mut calls: Vec<(i64, CallMarks)> = Vec::new();
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let id: i64 = r.get(0).map_err(|e| self.err(e))?;
            if calls.last().is_none_or(|(last, _)| *last != id) {
                let started = required_text(r, 2).map_err(|e| self.err(e))?;
                let call = CallMarks {
                    seller: r.get(1).map_err(|e| self.err(e))?,
                    started_at: instant_from_sql(started)
                        .ok_or_else(|| self.err(bad_row("instant", started)))?,
                    focus: r.get(3).map_err(|e| self.err(e))?,
                    marks: BTreeMap::new(),
                };
                calls.push((id, call));
            }
            let criterion: Option<String> = r.get(4).map_err(|e| self.err(e))?;
            let mark: Option<u8> = r.get(5).map_err(|e| self.err(e))?;
            if let (Some(criterion), Some(mark), Some((_, call))) = (
                criterion,
                mark.and_then(Mark::from_stored),
                calls.last_mut(),
            ) {
                call.marks.insert(criterion, mark);
            }
        }
        // Newest first, as `score_rows` lists them.
        calls.sort_unstable_by(|(a_id, a), (b_id, b)| {
            (b.started_at, b_id).cmp(&(a.started_at, a_id))
        });
        Ok(calls.into_iter().map(|(_, call)| call).collect())
    }

    /// The manager's own finished calls per seller in `[since, until)`: how many, and how
    /// many from `recent` on, in seller id order, with the sellers observed in the span
    /// only. Each call is one step through the time index, counted here: SQLite's grouping
    /// sorted every call first, which cost as much again as reading them.
    pub fn observed(
        &self,
        since: DateTime<Utc>,
        recent: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<Observed>> {
        let sql = format!(
            "SELECT c.seller_id, c.started_at >= ?2
             FROM scorecards c
             WHERE c.state = 'finished' AND c.assessor = '' AND NOT ({HIDDEN})
               AND c.started_at >= ?1 AND c.started_at < ?3"
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let mut rows = stmt
            .query(params![
                instant_to_sql(since),
                instant_to_sql(recent),
                instant_to_sql(until)
            ])
            .map_err(|e| self.err(e))?;
        let mut counts: Vec<Observed> = Vec::new();
        while let Some(row) = rows.next().map_err(|e| self.err(e))? {
            let seller_id: i64 = row.get(0).map_err(|e| self.err(e))?;
            let is_recent: bool = row.get(1).map_err(|e| self.err(e))?;
            let at = match counts.binary_search_by_key(&seller_id, |c| c.seller_id) {
                Ok(at) => at,
                Err(at) => {
                    let none = Observed {
                        seller_id,
                        calls: 0,
                        recent: 0,
                    };
                    counts.insert(at, none);
                    at
                }
            };
            counts[at].calls += 1;
            counts[at].recent += u32::from(is_recent);
        }
        Ok(counts)
    }

    /// Whether a scorecard is hidden because its call is being scored now (blind
    /// calibration): a live scorecard of the same seller on the same call, or where either
    /// has no call to tell them apart.
    pub fn hidden_while_scoring(&self, id: i64) -> Result<bool> {
        let sql = format!("SELECT {HIDDEN} FROM scorecards c WHERE c.id = ?1");
        self.conn
            .query_row(&sql, [id], |r| r.get(0))
            .optional()
            .map_err(|e| self.err(e))?
            .ok_or_else(|| unknown(id))
    }
}

fn read_score_row(r: &rusqlite::Row) -> rusqlite::Result<ScoreRow> {
    let started: String = r.get(5)?;
    Ok(ScoreRow {
        id: r.get(0)?,
        seller: SellerRef {
            id: r.get(1)?,
            name: r.get(2)?,
        },
        rubric_id: r.get(3)?,
        rubric_version: r.get(4)?,
        started_at: instant_from_sql(&started).ok_or_else(|| bad_row("instant", &started))?,
        score: r.get(6)?,
        focus: r.get(7)?,
        strength: r.get(8)?,
        took_over: r.get(9)?,
        meeting_id: r.get(10)?,
        assessor: r.get(11)?,
        observations: r.get::<_, i64>(12)? as usize,
        marks: BTreeMap::new(),
    })
}
