//! The team outbox (migration 009): triggers append (kind, local id) for every change the
//! org may see, in the change's own transaction. This module reads it for `team push`: the
//! pending entries in order, and for each kind one function that selects, from the current
//! rows, only the columns allowed to leave. Private notes are never selected; shared notes,
//! observation text and evidence only when the caller says the manager opted in.

use super::{Result, Store};
use rusqlite::{OptionalExtension, params};

/// One pending change: what changed, and which local row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxEntry {
    pub seq: i64,
    pub kind: String,
    pub local_id: i64,
}

/// Where the outbox stands: how many entries wait, and when the server last committed some.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxState {
    pub pending: i64,
    pub last_push: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SellerOut {
    pub name: String,
    pub started_on: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MeetingOut {
    pub seller_id: Option<i64>,
    pub kind: String,
    /// The local status: planned, held, canceled or rescheduled.
    pub status: String,
    pub canceled: bool,
    pub starts_at: String,
    pub minutes: i64,
    pub one_on_one: Option<OneOnOneOut>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct OneOnOneOut {
    pub purposes: Vec<String>,
    pub landed: bool,
    pub action_count: i64,
    pub no_actions_chosen: bool,
    pub rating: Option<i64>,
    pub rated_at: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ActionOut {
    pub seller_id: i64,
    pub meeting_id: Option<i64>,
    pub owner: String,
    pub due_on: Option<String>,
    pub status: String,
    pub closed_at: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ScorecardOut {
    pub seller_id: i64,
    pub meeting_id: Option<i64>,
    pub rubric: String,
    pub rubric_version: i64,
    pub finished_at: String,
    pub took_over: bool,
    pub strength: Option<String>,
    pub focus: Option<String>,
    pub score: Option<f64>,
    /// (criterion, mark): 0 is not observed.
    pub marks: Vec<(String, i64)>,
    /// (text id, kind, body): empty unless the manager shares text.
    pub texts: Vec<(String, &'static str, String)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NoteOut {
    pub meeting_id: i64,
    pub body: String,
}

impl Store {
    /// How many outbox entries the server has not committed, and the last push's time.
    pub fn outbox_state(&self) -> Result<OutboxState> {
        let pushed = self.pushed_seq()?;
        let pending = self
            .conn
            .query_row(
                "SELECT count(*) FROM team_outbox WHERE seq > ?1",
                [pushed],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))?;
        let last_push = self
            .conn
            .query_row(
                "SELECT value FROM app_state WHERE key = 'team_pushed_at'",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        Ok(OutboxState { pending, last_push })
    }

    /// Up to `limit` entries the server has not committed, oldest first.
    pub fn outbox_pending(&self, limit: i64) -> Result<Vec<OutboxEntry>> {
        let pushed = self.pushed_seq()?;
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT seq, kind, local_id FROM team_outbox WHERE seq > ?1 ORDER BY seq LIMIT ?2",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![pushed, limit], |r| {
                Ok(OutboxEntry {
                    seq: r.get(0)?,
                    kind: r.get(1)?,
                    local_id: r.get(2)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// Records that the server committed every entry up to `seq`, at `at`. The outbox rows
    /// stay (append-only); the mark only moves forward.
    pub fn outbox_mark_pushed(&self, seq: i64, at: &str) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO app_state (key, value) VALUES ('team_pushed_seq', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = max(CAST(value AS INTEGER), ?1)",
                [seq],
            )
            .and_then(|_| {
                self.conn.execute(
                    "INSERT OR REPLACE INTO app_state (key, value) VALUES ('team_pushed_at', ?1)",
                    [at],
                )
            })
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    fn pushed_seq(&self) -> Result<i64> {
        self.conn
            .query_row(
                "SELECT coalesce((SELECT CAST(value AS INTEGER) FROM app_state
                                  WHERE key = 'team_pushed_seq'), 0)",
                [],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))
    }

    /// A seller as the org sees it, or `None` once removed.
    pub fn seller_out(&self, id: i64) -> Result<Option<SellerOut>> {
        self.conn
            .query_row(
                "SELECT name, started_on FROM sellers WHERE id = ?1",
                [id],
                |r| {
                    Ok(SellerOut {
                        name: r.get(0)?,
                        started_on: r.get(1)?,
                    })
                },
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// A meeting without its title or its cancel reason's words, with its 1:1's shape.
    pub fn meeting_out(&self, id: i64) -> Result<Option<MeetingOut>> {
        let meeting = self
            .conn
            .query_row(
                "SELECT seller_id, kind, status, starts_at, minutes FROM meetings WHERE id = ?1",
                [id],
                |r| {
                    let status: String = r.get(2)?;
                    Ok(MeetingOut {
                        seller_id: r.get(0)?,
                        kind: r.get(1)?,
                        canceled: status == "canceled",
                        status,
                        starts_at: r.get(3)?,
                        minutes: r.get(4)?,
                        one_on_one: None,
                    })
                },
            )
            .optional()
            .map_err(|e| self.err(e))?;
        let Some(mut meeting) = meeting else {
            return Ok(None);
        };
        meeting.one_on_one = self
            .conn
            .query_row(
                "SELECT o.purposes, o.state = 'landed', o.no_actions, o.rating, o.ended_at,
                        (SELECT count(*) FROM action_items a WHERE a.meeting_id = o.meeting_id)
                 FROM one_on_ones o WHERE o.meeting_id = ?1",
                [id],
                |r| {
                    let purposes: String = r.get(0)?;
                    Ok(OneOnOneOut {
                        purposes: purposes
                            .split(',')
                            .filter(|p| !p.is_empty())
                            .map(str::to_string)
                            .collect(),
                        landed: r.get(1)?,
                        no_actions_chosen: r.get(2)?,
                        rating: r.get(3)?,
                        rated_at: r.get(4)?,
                        action_count: r.get(5)?,
                    })
                },
            )
            .optional()
            .map_err(|e| self.err(e))?;
        Ok(Some(meeting))
    }

    /// An action item without its title.
    pub fn action_out(&self, id: i64) -> Result<Option<ActionOut>> {
        self.conn
            .query_row(
                "SELECT seller_id, meeting_id, owner, due_on, status, closed_at
                 FROM action_items WHERE id = ?1",
                [id],
                |r| {
                    Ok(ActionOut {
                        seller_id: r.get(0)?,
                        meeting_id: r.get(1)?,
                        owner: r.get(2)?,
                        due_on: r.get(3)?,
                        status: r.get(4)?,
                        closed_at: r.get(5)?,
                    })
                },
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// A finished scorecard with its marks; its evidence and observations only when
    /// `share_text`. A live one is `None`: it is not the org's until finished.
    pub fn scorecard_out(&self, id: i64, share_text: bool) -> Result<Option<ScorecardOut>> {
        let card = self
            .conn
            .query_row(
                "SELECT s.seller_id, s.meeting_id, r.rubric_id, r.version, s.finished_at,
                        s.took_over, s.strength, s.focus, s.score
                 FROM scorecards s JOIN rubric_versions r ON r.id = s.rubric
                 WHERE s.id = ?1 AND s.state = 'finished'",
                [id],
                |r| {
                    Ok(ScorecardOut {
                        seller_id: r.get(0)?,
                        meeting_id: r.get(1)?,
                        rubric: r.get(2)?,
                        rubric_version: r.get(3)?,
                        finished_at: r.get(4)?,
                        took_over: r.get(5)?,
                        strength: r.get(6)?,
                        focus: r.get(7)?,
                        score: r.get(8)?,
                        marks: Vec::new(),
                        texts: Vec::new(),
                    })
                },
            )
            .optional()
            .map_err(|e| self.err(e))?;
        let Some(mut card) = card else {
            return Ok(None);
        };
        let scores = self.collect(
            "SELECT criterion, mark, evidence FROM scores
             WHERE scorecard_id = ?1 ORDER BY criterion",
            id,
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<i64>>(1)?,
                    r.get::<_, String>(2)?,
                ))
            },
        )?;
        for (criterion, mark, evidence) in scores {
            if let Some(mark) = mark {
                card.marks.push((criterion.clone(), mark));
            }
            if share_text && !evidence.trim().is_empty() {
                card.texts
                    .push((format!("sc{id}-evidence-{criterion}"), "evidence", evidence));
            }
        }
        if share_text {
            let observations = self.collect(
                "SELECT id, text FROM observations WHERE scorecard_id = ?1 ORDER BY id",
                id,
                |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)),
            )?;
            for (obs, text) in observations {
                card.texts
                    .push((format!("sc{id}-observation-{obs}"), "observation", text));
            }
        }
        Ok(Some(card))
    }

    /// An agenda item's shared note (never its private one), when there is one to share.
    pub fn note_out(&self, id: i64, share_text: bool) -> Result<Option<NoteOut>> {
        if !share_text {
            return Ok(None);
        }
        self.conn
            .query_row(
                "SELECT meeting_id, notes FROM agenda_items WHERE id = ?1 AND notes <> ''",
                [id],
                |r| {
                    Ok(NoteOut {
                        meeting_id: r.get(0)?,
                        body: r.get(1)?,
                    })
                },
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    fn collect<T>(
        &self,
        sql: &str,
        id: i64,
        row: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(|e| self.err(e))?;
        let rows = stmt.query_map([id], row).map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("cadence.db")).unwrap();
        (dir, store)
    }

    fn kinds(store: &Store) -> Vec<(String, i64)> {
        store
            .outbox_pending(1000)
            .unwrap()
            .into_iter()
            .map(|e| (e.kind, e.local_id))
            .collect()
    }

    #[test]
    fn a_change_is_recorded_in_its_own_transaction_and_a_rolled_back_one_is_not() {
        let (_dir, mut store) = store();
        store
            .conn
            .execute_batch(
                "INSERT INTO sellers (name, started_on) VALUES ('Ana Ruiz', '2024-01-01');",
            )
            .unwrap();
        assert_eq!(kinds(&store), [("seller".to_string(), 1)]);
        let tx = store.conn.transaction().unwrap();
        tx.execute_batch(
            "INSERT INTO action_items (seller_id, title, owner, created_at)
             VALUES (1, 'call back', 'seller', '2026-11-20T09:00:00Z');",
        )
        .unwrap();
        drop(tx); // rolled back: the change and its entry go together
        assert_eq!(kinds(&store).len(), 1);
        assert_eq!(store.outbox_state().unwrap().pending, 1);
    }

    #[test]
    fn private_notes_and_a_live_clock_record_nothing_and_the_outbox_is_append_only() {
        let (_dir, store) = store();
        store
            .conn
            .execute_batch(
                "INSERT INTO sellers (name, started_on) VALUES ('Ana Ruiz', '2024-01-01');
                 INSERT INTO meetings (seller_id, kind, starts_at, minutes, status)
                   VALUES (1, 'one_on_one', '2026-11-20T09:00:00Z', 30, 'planned');
                 INSERT INTO one_on_ones (meeting_id) VALUES (1);
                 INSERT INTO agenda_items (meeting_id, position, title, minutes, owner, source)
                   VALUES (1, 0, 'pipeline', 10, 'seller', 'template');",
            )
            .unwrap();
        let before = kinds(&store);
        store
            .conn
            .execute_batch(
                "UPDATE agenda_items SET private_notes = 'worried about her';
                 UPDATE one_on_ones SET banked_ms = 5000, running_since = '2026-11-20T09:01:00Z';",
            )
            .unwrap();
        assert_eq!(kinds(&store), before);
        // Shared notes typed live are recorded once, when the 1:1 lands, then on each edit.
        store
            .conn
            .execute("UPDATE agenda_items SET notes = 'shared'", [])
            .unwrap();
        assert_eq!(kinds(&store), before);
        store
            .conn
            .execute(
                "UPDATE one_on_ones SET state = 'landed', rating = 4 WHERE meeting_id = 1",
                [],
            )
            .unwrap();
        let landed = kinds(&store);
        assert!(
            landed[before.len()..].contains(&("note".to_string(), 1)),
            "{landed:?}"
        );
        store
            .conn
            .execute("UPDATE agenda_items SET notes = 'shared, edited'", [])
            .unwrap();
        let edited = kinds(&store);
        assert_eq!(edited.len(), landed.len() + 1);
        assert_eq!(edited.last().unwrap(), &("note".to_string(), 1));
        for sql in [
            "UPDATE team_outbox SET local_id = 9",
            "DELETE FROM team_outbox",
        ] {
            let refused = store.conn.execute(sql, []).unwrap_err().to_string();
            assert!(refused.contains("append-only"), "{refused}");
        }
        store.outbox_mark_pushed(3, "2026-11-27T10:00:00Z").unwrap();
        store.outbox_mark_pushed(2, "2026-11-27T10:00:00Z").unwrap();
        let state = store.outbox_state().unwrap();
        assert_eq!(state.pending, kinds(&store).len() as i64);
        assert_eq!(
            store.outbox_pending(1).unwrap()[0].seq,
            4,
            "the mark only moves forward"
        );
    }
}
