//! 1:1s run live: purpose, timer, agenda items with their notes, and the landing that closes
//! them with action items and the seller's feedback.

use super::{
    Meeting, Result, SellerRef, Store, StoreError, bad_row, date_from_sql, date_to_sql,
    instant_from_sql, instant_to_sql,
};
use crate::domain::agenda::{
    self, DraftItem, Leftover, Owner, Purpose, Source, Template, purposes_from_text,
    purposes_to_text,
};
use crate::domain::one_on_one::{
    AgendaItem, Landed, Landing, LandingDraftWrite, NoteWrite, OneOnOne, OneOnOneState,
};
use crate::domain::timer::Timer;
use crate::domain::{Kind, Status};
use crate::zone::Zone;
use chrono::{DateTime, TimeDelta, Utc};
use rusqlite::{OptionalExtension, Row, Transaction, params};

const ITEM_COLUMNS: &str = "id, title, minutes, owner, source, carried_from, carried_count, done, \
     booked_ms, notes, private_notes";

fn item_from_row(r: &Row) -> rusqlite::Result<AgendaItem> {
    super::in_row("agenda_items", r, read_item)
}

fn read_item(r: &Row) -> rusqlite::Result<AgendaItem> {
    let owner: String = r.get(3)?;
    let source: String = r.get(4)?;
    let carried: Option<String> = r.get(5)?;
    Ok(AgendaItem {
        id: r.get(0)?,
        title: r.get(1)?,
        minutes: r.get(2)?,
        owner: Owner::from_key(&owner).ok_or_else(|| bad_row("owner", &owner))?,
        source: Source::from_key(&source).ok_or_else(|| bad_row("source", &source))?,
        carried_from: match carried {
            Some(c) => Some(date_from_sql(&c).ok_or_else(|| bad_row("date", &c))?),
            None => None,
        },
        carried_count: r.get(6)?,
        done: r.get(7)?,
        booked: TimeDelta::milliseconds(r.get(8)?),
        notes: r.get(9)?,
        private_notes: r.get(10)?,
    })
}

fn insert_item(
    tx: &Transaction,
    meeting_id: i64,
    position: i64,
    item: &DraftItem,
) -> rusqlite::Result<i64> {
    tx.execute(
        "INSERT INTO agenda_items
           (meeting_id, position, title, minutes, owner, source, carried_from, carried_count)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            meeting_id,
            position,
            item.title.trim(),
            item.minutes,
            item.owner.key(),
            item.source.key(),
            item.carried_from.map(date_to_sql),
            item.carried_count,
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

fn next_position(tx: &Transaction, meeting_id: i64) -> rusqlite::Result<i64> {
    tx.query_row(
        "SELECT coalesce(max(position), 0) + 1 FROM agenda_items WHERE meeting_id = ?1",
        [meeting_id],
        |r| r.get(0),
    )
}

impl Store {
    /// Opens a 1:1 to run live: the first time, it becomes live with an empty agenda.
    pub fn open_one_on_one(&self, meeting_id: i64) -> Result<OneOnOne> {
        let meeting = self.meeting(meeting_id)?;
        if meeting.kind != Kind::OneOnOne || meeting.seller.is_none() {
            return Err(StoreError::Invalid(format!(
                "only a 1:1 with a seller can be run live; this is a {}",
                meeting.kind.label()
            )));
        }
        if matches!(meeting.status, Status::Canceled | Status::Rescheduled) {
            return Err(StoreError::Invalid(format!(
                "this 1:1 was {}; open its new slot, or mark it planned with d first",
                meeting.status.key()
            )));
        }
        self.conn
            .execute(
                "INSERT OR IGNORE INTO one_on_ones (meeting_id) VALUES (?1)",
                [meeting_id],
            )
            .map_err(|e| self.err(e))?;
        self.one_on_one(meeting_id)
    }

    /// The 1:1 left mid-meeting (its timer started and not landed), if any: cadence reopens
    /// it on start. A 1:1 opened but never started does not count.
    pub fn live_one_on_one(&self) -> Result<Option<i64>> {
        self.conn
            .query_row(
                "SELECT o.meeting_id FROM one_on_ones o JOIN meetings m ON m.id = o.meeting_id
                 WHERE o.state = 'live' AND (o.running_since IS NOT NULL OR o.banked_ms > 0)
                   AND m.status IN ('planned', 'held')
                 ORDER BY o.running_since IS NULL, o.running_since DESC, o.meeting_id DESC
                 LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    pub fn one_on_one(&self, meeting_id: i64) -> Result<OneOnOne> {
        let meeting = self.meeting(meeting_id)?;
        let row = self
            .conn
            .query_row(
                "SELECT purposes, state, banked_ms, running_since, current_item, no_actions,
                        rating, rating_comment, ended_at, actual_minutes, landing_draft
                 FROM one_on_ones WHERE meeting_id = ?1",
                [meeting_id],
                |r| {
                    let read = || -> rusqlite::Result<OneOnOne> {
                        let state: String = r.get(1)?;
                        let running: Option<String> = r.get(3)?;
                        let ended: Option<String> = r.get(8)?;
                        Ok(OneOnOne {
                            meeting: meeting.clone(),
                            purposes: purposes_from_text(&r.get::<_, String>(0)?),
                            state: if state == "landed" {
                                OneOnOneState::Landed
                            } else {
                                OneOnOneState::Live
                            },
                            timer: Timer {
                                banked: TimeDelta::milliseconds(r.get(2)?),
                                running_since: match running {
                                    Some(t) => Some(
                                        instant_from_sql(&t)
                                            .ok_or_else(|| bad_row("instant", &t))?,
                                    ),
                                    None => None,
                                },
                            },
                            current_item: r.get(4)?,
                            items: Vec::new(),
                            open_actions: Vec::new(),
                            actions: Vec::new(),
                            no_actions: r.get(5)?,
                            rating: r.get(6)?,
                            comment: r.get(7)?,
                            ended_at: match ended {
                                Some(t) => Some(
                                    instant_from_sql(&t).ok_or_else(|| bad_row("instant", &t))?,
                                ),
                                None => None,
                            },
                            actual_minutes: r.get(9)?,
                            landing_draft: r.get(10)?,
                        })
                    };
                    read().map_err(|e| super::named_row("one_on_ones", &meeting_id.to_string(), e))
                },
            )
            .optional()
            .map_err(|e| self.err(e))?;
        let mut one = row.ok_or_else(|| {
            StoreError::Invalid(format!("meeting {meeting_id} has not been run as a 1:1"))
        })?;
        let sql = format!(
            "SELECT {ITEM_COLUMNS} FROM agenda_items WHERE meeting_id = ?1 ORDER BY position, id"
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        one.items = stmt
            .query_map([meeting_id], item_from_row)
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))?;
        one.actions = self.meeting_actions(meeting_id)?;
        if let Some(seller) = &one.meeting.seller {
            one.open_actions = self
                .open_actions(seller.id)?
                .into_iter()
                .filter(|a| a.source.as_ref().map(|m| m.id) != Some(meeting_id))
                .collect();
        }
        Ok(one)
    }

    /// Sets the meeting's purposes. The first time, the agenda is assembled: the seller's
    /// requests, leftovers of their last 1:1, the review of their open actions, then the
    /// templates. Purposes added later append their template items.
    pub fn set_purposes(
        &mut self,
        meeting_id: i64,
        purposes: &[Purpose],
        templates: &[(Purpose, Template)],
        zone: Zone,
    ) -> Result<()> {
        let before = self.one_on_one(meeting_id)?;
        let seller = before
            .meeting
            .seller
            .clone()
            .ok_or_else(|| StoreError::Invalid("a 1:1 needs a seller".into()))?;
        let template_of = |p: &Purpose| {
            templates
                .iter()
                .find(|(tp, _)| tp == p)
                .map(|(_, t)| t.clone())
        };
        let path = self.path.clone();
        let err = |e| super::classify(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        tx.execute(
            "UPDATE one_on_ones SET purposes = ?2 WHERE meeting_id = ?1",
            params![meeting_id, purposes_to_text(purposes)],
        )
        .map_err(err)?;
        // The first purpose assembles the agenda, even if items were added before it.
        let drafts = if before.purposes.is_empty() {
            let requests = seller_requests(&tx, seller.id).map_err(err)?;
            let leftovers = leftovers(&tx, &before.meeting, &seller, zone).map_err(err)?;
            let chosen: Vec<Template> = purposes.iter().filter_map(template_of).collect();
            // Requests made from action items are the manager's follow-ups, not the seller's asks.
            let (follow_ups, asks): (Vec<_>, Vec<_>) = requests
                .into_iter()
                .partition(|(_, from_action)| *from_action);
            let titles: Vec<String> = asks.into_iter().map(|(t, _)| t).collect();
            let follow_ups: Vec<String> = follow_ups.into_iter().map(|(t, _)| t).collect();
            tx.execute(
                "UPDATE agenda_requests SET used_in = ?1 WHERE seller_id = ?2 AND used_in IS NULL",
                params![meeting_id, seller.id],
            )
            .map_err(err)?;
            agenda::assemble(
                &titles,
                &leftovers,
                before.open_actions.len(),
                &follow_ups,
                &chosen,
            )
        } else {
            let added: Vec<Template> = purposes
                .iter()
                .filter(|p| !before.purposes.contains(p))
                .filter_map(template_of)
                .collect();
            agenda::assemble(&[], &[], 0, &[], &added)
        };
        let first_position = next_position(&tx, meeting_id).map_err(err)?;
        let mut first = None;
        for (position, draft) in (first_position..).zip(&drafts) {
            let id = insert_item(&tx, meeting_id, position, draft).map_err(err)?;
            first.get_or_insert(id);
        }
        if before.current_item.is_none() {
            tx.execute(
                "UPDATE one_on_ones SET current_item = ?2 WHERE meeting_id = ?1",
                params![meeting_id, first],
            )
            .map_err(err)?;
        }
        tx.commit().map_err(err)
    }

    /// Stores the timer and the item it is booking to; `booked` adds a finished stretch to an
    /// item. One transaction, so the banked time and the items never disagree.
    pub fn save_timer(
        &mut self,
        meeting_id: i64,
        timer: &Timer,
        current_item: Option<i64>,
        booked: Option<(i64, TimeDelta)>,
    ) -> Result<()> {
        let path = self.path.clone();
        let err = |e| super::classify(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        tx.execute(
            "UPDATE one_on_ones SET banked_ms = ?2, running_since = ?3, current_item = ?4
             WHERE meeting_id = ?1 AND state = 'live'",
            params![
                meeting_id,
                timer.banked.num_milliseconds(),
                timer.running_since.map(instant_to_sql),
                current_item
            ],
        )
        .map_err(err)?;
        if let Some((item, stretch)) = booked {
            tx.execute(
                "UPDATE agenda_items SET booked_ms = booked_ms + ?2 WHERE id = ?1",
                params![item, stretch.num_milliseconds()],
            )
            .map_err(err)?;
        }
        tx.commit().map_err(err)
    }

    /// Keeps the landing as entered so far, made by `write` from the one stored (if any) in
    /// the same transaction, so a second cockpit landing the same 1:1 is never written over
    /// unseen. A 1:1 landed meanwhile is left as it is, and said.
    pub fn save_landing_draft_with(
        &self,
        meeting_id: i64,
        write: impl FnOnce(Option<&str>) -> Result<String>,
    ) -> Result<LandingDraftWrite> {
        let err = |e| self.err(e);
        let tx = self.conn.unchecked_transaction().map_err(err)?;
        let row: Option<(String, Option<String>)> = tx
            .query_row(
                "SELECT state, landing_draft FROM one_on_ones WHERE meeting_id = ?1",
                [meeting_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(err)?;
        let Some((state, stored)) = row else {
            return Err(StoreError::Invalid(format!(
                "meeting {meeting_id} has not been run as a 1:1"
            )));
        };
        if state == "landed" {
            return Ok(LandingDraftWrite::Landed);
        }
        let json = write(stored.as_deref())?;
        tx.execute(
            "UPDATE one_on_ones SET landing_draft = ?2 WHERE meeting_id = ?1",
            params![meeting_id, json],
        )
        .map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(LandingDraftWrite::Written)
    }

    /// Keeps the landing as entered so far; `None` clears it.
    pub fn save_landing_draft(&self, meeting_id: i64, json: Option<&str>) -> Result<()> {
        self.conn
            .execute(
                "UPDATE one_on_ones SET landing_draft = ?2 WHERE meeting_id = ?1 AND state = 'live'",
                params![meeting_id, json],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Writes an item's notes over `base`, the text the writer last read or wrote. When
    /// another cockpit changed them meanwhile, neither text is lost: what each wrote is kept,
    /// one after the other, and the stored text comes back.
    pub fn save_notes_over(
        &self,
        item: i64,
        base: (&str, &str),
        notes: &str,
        private_notes: &str,
    ) -> Result<NoteWrite> {
        self.save_notes_over_any(item, &[base], notes, private_notes)
    }

    /// Writes an item's notes over any of `bases`: the text the writer last read or wrote,
    /// and the ones it handed over since without knowing them written (a write that failed
    /// is no second writer).
    pub fn save_notes_over_any(
        &self,
        item: i64,
        bases: &[(&str, &str)],
        notes: &str,
        private_notes: &str,
    ) -> Result<NoteWrite> {
        let tx = self.conn.unchecked_transaction().map_err(|e| self.err(e))?;
        let stored: Option<(String, String)> = tx
            .query_row(
                "SELECT notes, private_notes FROM agenda_items WHERE id = ?1",
                [item],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        let Some(stored) = stored else {
            return Err(StoreError::Invalid(format!(
                "agenda item {item} is gone (removed in another cockpit?): the notes were kept \
                 for a rescue file"
            )));
        };
        let shared_bases: Vec<&str> = bases.iter().map(|b| b.0).collect();
        let private_bases: Vec<&str> = bases.iter().map(|b| b.1).collect();
        let shared = crate::domain::merge::merge_text(&stored.0, &shared_bases, notes);
        let private = crate::domain::merge::merge_text(&stored.1, &private_bases, private_notes);
        tx.execute(
            "UPDATE agenda_items SET notes = ?2, private_notes = ?3 WHERE id = ?1",
            params![item, shared.text(), private.text()],
        )
        .map_err(|e| self.err(e))?;
        tx.commit().map_err(|e| self.err(e))?;
        Ok(if shared.merged() || private.merged() {
            NoteWrite::Merged(shared.text().to_string(), private.text().to_string())
        } else {
            NoteWrite::Written
        })
    }

    pub fn add_agenda_item(
        &mut self,
        meeting_id: i64,
        title: &str,
        minutes: u32,
        owner: Owner,
    ) -> Result<i64> {
        crate::domain::limits::check(crate::domain::limits::AGENDA_TITLE, title.trim())?;
        let path = self.path.clone();
        let err = |e| super::classify(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        let position = next_position(&tx, meeting_id).map_err(err)?;
        let draft = DraftItem {
            title: title.to_string(),
            minutes,
            owner,
            source: Source::Added,
            carried_from: None,
            carried_count: 0,
        };
        let id = insert_item(&tx, meeting_id, position, &draft).map_err(err)?;
        tx.execute(
            "UPDATE one_on_ones SET current_item = coalesce(current_item, ?2) WHERE meeting_id = ?1",
            params![meeting_id, id],
        )
        .map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(id)
    }

    pub fn remove_agenda_item(&self, item: i64) -> Result<()> {
        self.conn
            .execute(
                "UPDATE one_on_ones SET current_item = NULL WHERE current_item = ?1",
                [item],
            )
            .map_err(|e| self.err(e))?;
        self.conn
            .execute("DELETE FROM agenda_items WHERE id = ?1", [item])
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    pub fn update_agenda_item(&self, item: i64, minutes: u32, done: bool) -> Result<()> {
        self.conn
            .execute(
                "UPDATE agenda_items SET minutes = ?2, done = ?3 WHERE id = ?1",
                params![item, minutes.max(1), done],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Puts the agenda in the given order of item ids.
    pub fn reorder_agenda(&mut self, meeting_id: i64, order: &[i64]) -> Result<()> {
        let path = self.path.clone();
        let err = |e| super::classify(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        for (position, item) in order.iter().enumerate() {
            tx.execute(
                "UPDATE agenda_items SET position = ?3 WHERE id = ?1 AND meeting_id = ?2",
                params![item, meeting_id, position as i64 + 1],
            )
            .map_err(err)?;
        }
        tx.commit().map_err(err)
    }

    /// Closes a live 1:1: its action items, feedback and real duration are stored and the
    /// meeting is marked held, all at once or not at all. A 1:1 landed already (in another
    /// cockpit) is not landed again over it: this landing is added to it as an amendment
    /// (`amend`), so nothing entered in either is lost.
    /// Adds what was entered for the landing of a 1:1 that another cockpit landed meanwhile:
    /// the action items not already agreed, and the comment beside its own. Nothing else is
    /// asked of `landing`: the first landing's rating and length stand. `None` when the 1:1
    /// is not landed.
    pub fn amend_landed_one_on_one(
        &mut self,
        meeting_id: i64,
        landing: &Landing,
        now: DateTime<Utc>,
    ) -> Result<Option<Landed>> {
        let seller = self.landing_seller(meeting_id, landing)?;
        let path = self.path.clone();
        let err = |e| super::classify(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        if !is_landed(&tx, meeting_id).map_err(err)? {
            return Ok(None);
        }
        let landed = amend(&tx, meeting_id, seller, landing, now).map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(Some(landed))
    }

    /// The seller of the 1:1 `meeting_id`, once the landing's action items are within their
    /// length: what landing and amending both need first.
    fn landing_seller(&self, meeting_id: i64, landing: &Landing) -> Result<i64> {
        for action in &landing.actions {
            crate::domain::limits::check(crate::domain::limits::ACTION_TITLE, &action.title)?;
        }
        self.meeting(meeting_id)?
            .seller
            .map(|seller| seller.id)
            .ok_or_else(|| StoreError::Invalid("a 1:1 needs a seller".into()))
    }

    pub fn land_one_on_one(
        &mut self,
        meeting_id: i64,
        landing: &Landing,
        timer: &Timer,
        now: DateTime<Utc>,
    ) -> Result<Landed> {
        if landing.actions.is_empty() && !landing.no_actions {
            return Err(StoreError::Invalid(
                "a 1:1 lands with action items or an explicit \"no actions\"".into(),
            ));
        }
        if !(1..=5).contains(&landing.rating) {
            return Err(StoreError::Invalid("the rating is 1 to 5".into()));
        }
        let seller = self.landing_seller(meeting_id, landing)?;
        let elapsed = timer.elapsed(now);
        let actual_minutes = (elapsed.num_seconds() + 30) / 60;
        let path = self.path.clone();
        let err = |e| super::classify(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        if is_landed(&tx, meeting_id).map_err(err)? {
            let landed = amend(&tx, meeting_id, seller, landing, now).map_err(err)?;
            tx.commit().map_err(err)?;
            return Ok(landed);
        }
        for action in &landing.actions {
            tx.execute(
                "INSERT INTO action_items (seller_id, title, owner, due_on, meeting_id, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    seller,
                    action.title.trim(),
                    action.owner.key(),
                    date_to_sql(action.due_on),
                    meeting_id,
                    instant_to_sql(now)
                ],
            )
            .map_err(err)?;
        }
        let comment = landing.comment.trim();
        let changed = tx
            .execute(
                "UPDATE one_on_ones SET state = 'landed', no_actions = ?2, rating = ?3,
                   rating_comment = ?4, ended_at = ?5, actual_minutes = ?6, banked_ms = ?7,
                   running_since = NULL, landing_draft = NULL
                 WHERE meeting_id = ?1 AND state = 'live'",
                params![
                    meeting_id,
                    landing.no_actions && landing.actions.is_empty(),
                    landing.rating,
                    (!comment.is_empty()).then_some(comment),
                    instant_to_sql(now),
                    actual_minutes,
                    elapsed.num_milliseconds()
                ],
            )
            .map_err(err)?;
        if changed != 1 {
            return Err(StoreError::Invalid(format!(
                "meeting {meeting_id} is not a live 1:1"
            )));
        }
        tx.execute(
            "UPDATE meetings SET status = 'held', cancel_reason = NULL WHERE id = ?1",
            [meeting_id],
        )
        .map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(Landed::Here)
    }

    /// Puts an item on a seller's next 1:1 agenda. The seller is found by name, ignoring case.
    pub fn add_agenda_request(
        &self,
        seller_name: &str,
        title: &str,
        now: DateTime<Utc>,
    ) -> Result<SellerRef> {
        let title = title.trim();
        if title.is_empty() {
            return Err(StoreError::Invalid("an agenda item needs a title".into()));
        }
        crate::domain::limits::check(crate::domain::limits::AGENDA_TITLE, title)?;
        let seller = self.seller_by_name(seller_name)?;
        self.conn
            .execute(
                "INSERT INTO agenda_requests (seller_id, title, added_at) VALUES (?1, ?2, ?3)",
                params![seller.id, title, instant_to_sql(now)],
            )
            .map_err(|e| self.err(e))?;
        Ok(seller)
    }
}

/// A landing made after the 1:1 was landed elsewhere, added to it: its action items not
/// already agreed there (the same title, owner and due date), and its comment beside the
/// stored one unless one holds the other. The rating, length and time stay as landed.
/// Whether the 1:1 `meeting_id` was landed already (in this cockpit or another).
fn is_landed(tx: &Transaction, meeting_id: i64) -> rusqlite::Result<bool> {
    let state: Option<String> = tx
        .query_row(
            "SELECT state FROM one_on_ones WHERE meeting_id = ?1",
            [meeting_id],
            |r| r.get(0),
        )
        .optional()?;
    Ok(state.as_deref() == Some("landed"))
}

fn amend(
    tx: &Transaction,
    meeting_id: i64,
    seller_id: i64,
    landing: &Landing,
    now: DateTime<Utc>,
) -> rusqlite::Result<Landed> {
    let mut added = 0;
    for action in &landing.actions {
        added += tx.execute(
            "INSERT INTO action_items (seller_id, title, owner, due_on, meeting_id, created_at)
             SELECT ?1, ?2, ?3, ?4, ?5, ?6
             WHERE NOT EXISTS (SELECT 1 FROM action_items WHERE meeting_id = ?5
                 AND title = ?2 AND owner = ?3 AND due_on = ?4)",
            params![
                seller_id,
                action.title.trim(),
                action.owner.key(),
                date_to_sql(action.due_on),
                meeting_id,
                instant_to_sql(now)
            ],
        )?;
    }
    if added > 0 {
        // "No actions" was said there; there are some now.
        tx.execute(
            "UPDATE one_on_ones SET no_actions = 0 WHERE meeting_id = ?1",
            [meeting_id],
        )?;
    }
    let (stored, rating): (Option<String>, Option<u8>) = tx.query_row(
        "SELECT rating_comment, rating FROM one_on_ones WHERE meeting_id = ?1",
        [meeting_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let stored = stored.unwrap_or_default();
    let ours = landing.comment.trim();
    let comment_added = !ours.is_empty() && !stored.contains(ours);
    if comment_added {
        let both = if stored.is_empty() || ours.contains(stored.as_str()) {
            ours.to_string()
        } else {
            format!("{stored}\n\n{}\n{ours}", crate::domain::merge::BOTH)
        };
        tx.execute(
            "UPDATE one_on_ones SET rating_comment = ?2 WHERE meeting_id = ?1",
            params![meeting_id, both],
        )?;
    }
    Ok(Landed::Elsewhere {
        added,
        comment_added,
        rating,
    })
}

/// The seller's open agenda requests: title, and whether it came from an action item.
fn seller_requests(tx: &Transaction, seller_id: i64) -> rusqlite::Result<Vec<(String, bool)>> {
    let mut stmt = tx.prepare_cached(
        "SELECT title, action_id IS NOT NULL FROM agenda_requests
         WHERE seller_id = ?1 AND used_in IS NULL ORDER BY id",
    )?;
    let rows = stmt.query_map([seller_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// Unfinished items of the seller's last 1:1 run in cadence before this one. Template items
/// are not carried: the template brings them again.
fn leftovers(
    tx: &Transaction,
    meeting: &Meeting,
    seller: &SellerRef,
    zone: Zone,
) -> rusqlite::Result<Vec<Leftover>> {
    let last: Option<(i64, String)> = tx
        .query_row(
            "SELECT o.meeting_id, m.starts_at FROM one_on_ones o JOIN meetings m ON m.id = o.meeting_id
             WHERE m.seller_id = ?1 AND m.id <> ?2 AND m.starts_at < ?3
               AND m.status IN ('planned', 'held')
             ORDER BY m.starts_at DESC LIMIT 1",
            params![seller.id, meeting.id, instant_to_sql(meeting.starts_at)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((last_id, starts)) = last else {
        return Ok(Vec::new());
    };
    let from = instant_from_sql(&starts)
        .ok_or_else(|| bad_row("instant", &starts))?
        .with_timezone(&zone)
        .date_naive();
    let mut stmt = tx.prepare_cached(
        "SELECT title, minutes, owner, carried_count FROM agenda_items
         WHERE meeting_id = ?1 AND done = 0 AND source NOT IN ('actions', 'template')
         ORDER BY position, id",
    )?;
    let rows = stmt.query_map([last_id], |r| {
        let owner: String = r.get(2)?;
        Ok(Leftover {
            title: r.get(0)?,
            minutes: r.get(1)?,
            owner: Owner::from_key(&owner).ok_or_else(|| bad_row("owner", &owner))?,
            from,
            carried: r.get(3)?,
        })
    })?;
    rows.collect()
}
