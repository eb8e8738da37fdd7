//! Saving typed text (1:1 notes and scorecard evidence) without the typing ever waiting for
//! the disk, and without ever dropping it. The cockpit hands each draft here; a writer
//! thread with its own connection writes them in order, and what it reports decides the
//! status bar's "saved" or "NOT SAVED". A draft that could not be written stays here, is
//! tried again, and can be written to a rescue file at any time; a panic writes what is
//! left from its hook.
//!
//! Without a writer thread (tests, benchmarks) drafts are written at once on the cockpit's
//! own connection, through the same bookkeeping.

use crate::domain::autosave::SaveState;
use crate::domain::rubric::Mark;
use crate::domain::{EvidenceWrite, MarkWrite, NoteWrite};
use crate::store::{SameFile, Store, StoreError};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// One piece of typed text to keep, whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Draft {
    Notes {
        item: i64,
        /// The text the cockpit last read or wrote here: a different text in the database
        /// means another cockpit wrote it meanwhile.
        base: (String, String),
        notes: String,
        private_notes: String,
    },
    Evidence {
        scorecard: i64,
        criterion: String,
        /// The evidence the cockpit last read or wrote here, as for notes.
        base: String,
        text: String,
    },
    /// A criterion's mark, or none: written off the keystroke like text, in the same order.
    Mark {
        scorecard: i64,
        criterion: String,
        /// The mark the cockpit last read or wrote here: another one stored means another
        /// cockpit set it meanwhile, and this cockpit is told it replaced it.
        base: Option<Mark>,
        mark: Option<Mark>,
    },
}

/// What a draft is the text of: a later draft of the same target replaces an earlier one.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub enum Target {
    Notes(i64),
    Evidence(i64, String),
    Mark(i64, String),
}

impl Draft {
    pub fn target(&self) -> Target {
        match self {
            Draft::Notes { item, .. } => Target::Notes(*item),
            Draft::Evidence {
                scorecard,
                criterion,
                ..
            } => Target::Evidence(*scorecard, criterion.clone()),
            Draft::Mark {
                scorecard,
                criterion,
                ..
            } => Target::Mark(*scorecard, criterion.clone()),
        }
    }

    /// The draft as a rescue file shows it: where it belongs, then the text.
    fn rescue_text(&self) -> String {
        match self {
            Draft::Notes {
                item,
                notes,
                private_notes,
                ..
            } => format!(
                "## Notes of agenda item {item}\n\n{notes}\n\n### Private notes\n\n{private_notes}\n"
            ),
            Draft::Evidence {
                scorecard,
                criterion,
                text,
                ..
            } => format!("## Evidence for {criterion} on scorecard {scorecard}\n\n{text}\n"),
            Draft::Mark {
                scorecard,
                criterion,
                mark,
                ..
            } => format!(
                "## Mark for {criterion} on scorecard {scorecard}\n\n{}\n",
                mark.map(Mark::label).unwrap_or_else(|| "none".into())
            ),
        }
    }
}

/// How a written draft went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Written {
    Saved,
    /// Another cockpit had changed the notes: both texts were kept, here is what is stored.
    Merged(String, String),
    /// Another cockpit had changed the evidence: both texts were kept, here is what is
    /// stored.
    EvidenceMerged(String),
    /// Another cockpit had set this mark (or none) meanwhile: this one replaced it.
    MarkReplaced(Option<Mark>),
}

/// A draft, and the earlier drafts of its target handed over since one was last known
/// written: stored text equal to one of those is this cockpit's, not a second writer's.
type Job = (u64, Draft, Vec<Draft>);
/// The writer's error is carried whole, so its kind (damage above all) decides what the
/// cockpit does, not the words it is said in.
type Outcome = (u64, Draft, Result<Written, StoreError>);

enum Writer {
    /// Written at once, on the cockpit's connection (tests, benchmarks).
    Inline,
    Thread {
        jobs: Option<Sender<Job>>,
        outcomes: Receiver<Outcome>,
        handle: Option<JoinHandle<()>>,
    },
}

pub struct DraftSaver {
    writer: Writer,
    next: u64,
    /// The newest job sent per target: an older job's outcome no longer decides anything.
    newest: HashMap<Target, u64>,
    /// Sent and not yet reported.
    in_flight: usize,
    /// Drafts whose newest write failed, with why: kept, retried, rescuable.
    failed: HashMap<Target, (Draft, String)>,
    /// Per target, the texts handed over since one was last known written. Text is stored
    /// only when its write commits: the next write compares against these too, so a retry
    /// after a failed write is not taken for another cockpit's change.
    earlier: HashMap<Target, Vec<Draft>>,
    /// Everything not yet known to be in the database, for the panic hook.
    unsaved: Arc<Mutex<HashMap<Target, Draft>>>,
    /// Where rescue files go first: beside the database.
    rescue_dir: PathBuf,
    /// SQLite found the file damaged while writing a draft, not yet told to the cockpit.
    damage: Option<StoreError>,
}

impl DraftSaver {
    /// Writes on the caller's connection, as drafts come.
    pub fn inline(db: &Path) -> DraftSaver {
        DraftSaver::with(Writer::Inline, db)
    }

    /// Writes on a thread with its own connection to `file`, so typing never waits. The
    /// connection is opened on that thread, so the first frame does not wait for it either;
    /// when it cannot be opened, each draft fails with why (NOT SAVED, kept, retried,
    /// rescuable) and the next one tries to open it again.
    pub fn background(file: SameFile) -> Result<DraftSaver, StoreError> {
        let db = file.path().to_path_buf();
        let (jobs, inbox) = channel::<Job>();
        let (report, outcomes) = channel::<Outcome>();
        let handle = std::thread::Builder::new()
            .name("cadence-drafts".into())
            .spawn(move || {
                // Opened with the first draft, not at once: a connection opened alongside
                // the cockpit's first reads would hold up the first frame.
                let mut store = None;
                for (seq, draft, earlier) in inbox {
                    if let Some(stall) = crate::fault::injected().stall_writer {
                        std::thread::sleep(stall);
                    }
                    if !matches!(store, Some(Ok(_))) {
                        store = Some(file.open());
                    }
                    let result = match store.as_ref().expect("opened just above") {
                        Ok(store) => write(store, &draft, &earlier),
                        // Removed or replaced since the start: the reason says it first.
                        Err(e) if file.replaced() => Err(StoreError::Invalid(e.reason())),
                        Err(e) => Err(StoreError::Invalid(format!(
                            "cannot open the database: {}",
                            e.reason()
                        ))),
                    };
                    if report.send((seq, draft, result)).is_err() {
                        break;
                    }
                }
            })
            .map_err(|error| StoreError::Io {
                path: db.clone(),
                error,
            })?;
        Ok(DraftSaver::with(
            Writer::Thread {
                jobs: Some(jobs),
                outcomes,
                handle: Some(handle),
            },
            &db,
        ))
    }

    fn with(writer: Writer, db: &Path) -> DraftSaver {
        DraftSaver {
            writer,
            next: 0,
            newest: HashMap::new(),
            in_flight: 0,
            failed: HashMap::new(),
            earlier: HashMap::new(),
            unsaved: Arc::new(Mutex::new(HashMap::new())),
            rescue_dir: db
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_else(std::env::temp_dir),
            damage: None,
        }
    }

    /// The text being typed now, not yet handed over: the panic hook writes it too.
    pub fn typed(&self, draft: Draft) {
        if let Ok(mut unsaved) = self.unsaved.lock() {
            unsaved.insert(draft.target(), draft);
        }
    }

    /// Hands a draft over for writing. With the inline writer the outcome is known at once
    /// and comes back from the next `outcomes`.
    pub fn submit(&mut self, store: &Store, draft: Draft) -> Vec<(Draft, Result<Written, String>)> {
        self.next += 1;
        let seq = self.next;
        // A newer text or mark replaces one that failed: a retry must not write the old one
        // over it.
        self.failed.remove(&draft.target());
        self.newest.insert(draft.target(), seq);
        self.typed(draft.clone());
        self.in_flight += 1;
        let earlier = self.handed(&draft);
        match &self.writer {
            Writer::Inline => {
                let result = write(store, &draft, &earlier);
                self.settle(vec![(seq, draft, result)])
            }
            Writer::Thread { jobs, .. } => {
                let sent = jobs
                    .as_ref()
                    .is_some_and(|j| j.send((seq, draft.clone(), earlier)).is_ok());
                if sent {
                    Vec::new()
                } else {
                    self.settle(vec![(
                        seq,
                        draft,
                        Err(StoreError::Invalid(
                            "the writer of typed text has stopped".into(),
                        )),
                    )])
                }
            }
        }
    }

    /// Keeps a draft that is not to be written now, with why: it shows NOT SAVED, stays
    /// for the rescue file, and is written by a later submit or retry.
    pub fn keep(&mut self, draft: Draft, why: &str) {
        self.typed(draft.clone());
        self.failed.insert(draft.target(), (draft, why.to_string()));
    }

    /// The texts or marks of `draft`'s target handed over and not known written, before
    /// `draft`, which joins them.
    fn handed(&mut self, draft: &Draft) -> Vec<Draft> {
        let handed = self.earlier.entry(draft.target()).or_default();
        let before = handed.clone();
        if !handed.contains(draft) {
            handed.push(draft.clone());
        }
        before
    }

    /// What the writer has reported since last asked.
    pub fn outcomes(&mut self) -> Vec<(Draft, Result<Written, String>)> {
        let reported: Vec<Outcome> = match &self.writer {
            Writer::Thread { outcomes, .. } => outcomes.try_iter().collect(),
            Writer::Inline => Vec::new(),
        };
        self.settle(reported)
    }

    fn settle(&mut self, reported: Vec<Outcome>) -> Vec<(Draft, Result<Written, String>)> {
        let mut current = Vec::new();
        for (seq, draft, result) in reported {
            self.in_flight = self.in_flight.saturating_sub(1);
            let result = result.map_err(|e| self.reason_of(e));
            let target = draft.target();
            if self.newest.get(&target) != Some(&seq) {
                // A newer text of the same target is on its way; its outcome will decide.
                continue;
            }
            match &result {
                Ok(_) => {
                    self.failed.remove(&target);
                    self.earlier.remove(&target);
                    if let Ok(mut unsaved) = self.unsaved.lock()
                        && unsaved.get(&target) == Some(&draft)
                    {
                        unsaved.remove(&target);
                    }
                }
                Err(why) => {
                    self.failed.insert(target, (draft.clone(), why.clone()));
                }
            }
            current.push((draft, result));
        }
        current
    }

    /// Why a write failed, for the status bar; damage is kept for `damage` too, whichever
    /// draft found it (an outdated one as well).
    fn reason_of(&mut self, error: StoreError) -> String {
        let why = error.reason();
        if matches!(error, StoreError::Corrupt { .. }) {
            self.damage.get_or_insert(error);
        }
        why
    }

    /// The damage SQLite reported while writing drafts, once: the cockpit then stops
    /// writing, as when its own connection finds it.
    pub fn damage(&mut self) -> Option<StoreError> {
        self.damage.take()
    }

    /// The drafts to try again: the ones whose last write failed.
    pub fn retry(&mut self, store: &Store) -> Vec<(Draft, Result<Written, String>)> {
        let again: Vec<Draft> = self.failed.values().map(|(d, _)| d.clone()).collect();
        let mut outcomes = Vec::new();
        for draft in again {
            outcomes.extend(self.submit(store, draft));
        }
        outcomes
    }

    pub fn state(&self) -> SaveState {
        if let Some((_, why)) = self.failed.values().next() {
            SaveState::NotSaved(why.clone())
        } else if self.in_flight > 0 {
            SaveState::Pending
        } else if self.next == 0 {
            SaveState::Nothing
        } else {
            SaveState::Saved
        }
    }

    /// Whether a draft was handed over and its outcome is not in yet.
    pub fn writing(&self) -> bool {
        self.in_flight > 0
    }

    pub fn has_failed(&self) -> bool {
        !self.failed.is_empty()
    }

    /// Writes every draft not known to be saved into a rescue file readable by its owner
    /// alone: beside the database, or in the home or temporary directory when that cannot
    /// be written. Says where it went, or every place tried.
    pub fn rescue(&self, now: DateTime<Utc>) -> Result<Option<Rescued>, NotRescued> {
        let drafts: Vec<Draft> = match self.unsaved.lock() {
            Ok(unsaved) => unsaved.values().cloned().collect(),
            Err(_) => Vec::new(),
        };
        rescue(&drafts, &self.rescue_dir, now)
    }

    /// The criteria of scorecard `card` with a mark or evidence not yet known written.
    pub fn pending_on(&self, card: i64) -> Vec<String> {
        let Ok(unsaved) = self.unsaved.lock() else {
            return Vec::new();
        };
        unsaved
            .keys()
            .filter_map(|t| match t {
                Target::Mark(c, k) | Target::Evidence(c, k) if *c == card => Some(k.clone()),
                _ => None,
            })
            .collect()
    }

    /// A handle on the unsaved drafts for the panic hook.
    pub fn unsaved(&self) -> Arc<Mutex<HashMap<Target, Draft>>> {
        Arc::clone(&self.unsaved)
    }

    /// Writes on `store`, here and now, the marks and evidence of scorecard `card` whose
    /// last write failed: a scorecard is finished only with everything it was given. Says
    /// why when one still cannot be written.
    pub fn write_failed_of(&mut self, store: &Store, card: i64) -> Result<(), String> {
        let targets: Vec<Target> = self
            .failed
            .keys()
            .filter(|t| matches!(t, Target::Mark(c, _) | Target::Evidence(c, _) if *c == card))
            .cloned()
            .collect();
        for target in targets {
            let Some((draft, _)) = self.failed.get(&target).cloned() else {
                continue;
            };
            let earlier = self.earlier.get(&target).cloned().unwrap_or_default();
            write(store, &draft, &earlier).map_err(|e| self.reason_of(e))?;
            self.failed.remove(&target);
            self.earlier.remove(&target);
            if let Ok(mut unsaved) = self.unsaved.lock()
                && unsaved.get(&target) == Some(&draft)
            {
                unsaved.remove(&target);
            }
        }
        Ok(())
    }

    /// Waits until what was handed over so far is written, and reports it: a write on the
    /// cockpit's own connection then comes after them, in the order of the keys.
    pub fn written_so_far(&mut self) -> Vec<(Draft, Result<Written, String>)> {
        let mut reported = Vec::new();
        if let Writer::Thread { outcomes, .. } = &self.writer {
            for _ in 0..self.in_flight {
                match outcomes.recv() {
                    Ok(outcome) => reported.push(outcome),
                    // The writer stopped: what it had is reported as not saved by `finish`.
                    Err(_) => break,
                }
            }
        }
        self.settle(reported)
    }

    /// Waits until the writer has written everything handed over, and reports it.
    pub fn finish(&mut self) -> Vec<(Draft, Result<Written, String>)> {
        let reported: Vec<Outcome> = match &mut self.writer {
            Writer::Thread {
                jobs,
                outcomes,
                handle,
            } => {
                jobs.take();
                if let Some(handle) = handle.take() {
                    let _ = handle.join();
                }
                outcomes.try_iter().collect()
            }
            Writer::Inline => Vec::new(),
        };
        self.settle(reported)
    }
}

impl Drop for DraftSaver {
    fn drop(&mut self) {
        self.finish();
    }
}

/// Writes `draft`; `earlier` are the drafts of its target handed over before it and not
/// known written.
fn write(store: &Store, draft: &Draft, earlier: &[Draft]) -> Result<Written, StoreError> {
    store.check_file()?;
    match draft {
        Draft::Notes {
            item,
            base,
            notes,
            private_notes,
        } => {
            let mut bases = vec![(base.0.as_str(), base.1.as_str())];
            for d in earlier {
                if let Draft::Notes {
                    base,
                    notes,
                    private_notes,
                    ..
                } = d
                {
                    bases.push((base.0.as_str(), base.1.as_str()));
                    bases.push((notes.as_str(), private_notes.as_str()));
                }
            }
            Ok(
                match store.save_notes_over_any(*item, &bases, notes, private_notes)? {
                    NoteWrite::Written => Written::Saved,
                    NoteWrite::Merged(shared, private) => Written::Merged(shared, private),
                },
            )
        }
        Draft::Evidence {
            scorecard,
            criterion,
            base,
            text,
        } => {
            let mut bases = vec![base.as_str()];
            for d in earlier {
                if let Draft::Evidence { base, text, .. } = d {
                    bases.extend([base.as_str(), text.as_str()]);
                }
            }
            Ok(
                match store.save_evidence_over(*scorecard, criterion, &bases, text)? {
                    EvidenceWrite::Written => Written::Saved,
                    EvidenceWrite::Merged(stored) => Written::EvidenceMerged(stored),
                },
            )
        }
        Draft::Mark {
            scorecard,
            criterion,
            base,
            mark,
        } => {
            let mut bases = vec![*base];
            for d in earlier {
                if let Draft::Mark { base, mark, .. } = d {
                    bases.extend([*base, *mark]);
                }
            }
            Ok(
                match store.set_mark_over(*scorecard, criterion, &bases, *mark)? {
                    MarkWrite::Written => Written::Saved,
                    MarkWrite::Replaced(theirs) => Written::MarkReplaced(theirs),
                },
            )
        }
    }
}

/// A rescue file written: where it is, and the places tried first that would not take it.
#[derive(Debug)]
pub struct Rescued {
    pub path: PathBuf,
    pub refused: Vec<(PathBuf, std::io::Error)>,
}

impl Rescued {
    /// The places tried first, with why, for the manager: the file is not where they look.
    pub fn refused_here(&self) -> Option<String> {
        (!self.refused.is_empty()).then(|| places_and_why(&self.refused))
    }
}

/// No place would take the rescue file: every place tried, with why.
#[derive(Debug)]
pub struct NotRescued(pub Vec<(PathBuf, std::io::Error)>);

impl std::fmt::Display for NotRescued {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "tried {}", places_and_why(&self.0))
    }
}

impl std::error::Error for NotRescued {}

/// `a and b: why` when every place gave the same reason, as a full disk does; else each
/// place with its own.
fn places_and_why(tried: &[(PathBuf, std::io::Error)]) -> String {
    let reasons: Vec<String> = tried.iter().map(|(_, e)| e.to_string()).collect();
    if reasons.windows(2).all(|w| w[0] == w[1]) {
        let places: Vec<String> = tried.iter().map(|(p, _)| p.display().to_string()).collect();
        let places = match places.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
            None => String::new(),
        };
        return format!("{places}: {}", reasons.first().cloned().unwrap_or_default());
    }
    let each: Vec<String> = tried
        .iter()
        .zip(&reasons)
        .map(|((p, _), why)| format!("{} ({why})", p.display()))
        .collect();
    each.join(", ")
}

/// Writes `drafts` to a new 0600 file named for `now`, in the first of `dir`, the home
/// directory and the temporary directory that takes it. A place that refuses it keeps no
/// empty or partial file.
pub fn rescue(
    drafts: &[Draft],
    dir: &Path,
    now: DateTime<Utc>,
) -> Result<Option<Rescued>, NotRescued> {
    if drafts.is_empty() {
        return Ok(None);
    }
    let mut text = format!(
        "# cadence: text not yet saved, rescued {}\n\n",
        now.to_rfc3339()
    );
    for draft in drafts {
        text.push_str(&draft.rescue_text());
        text.push('\n');
    }
    let name = format!("cadence-rescue-{}.md", now.format("%Y%m%dT%H%M%S%.3f"));
    let mut refused = Vec::new();
    for place in rescue_places(dir) {
        let path = place.join(&name);
        match crate::cli::write_private(&path, &text, false) {
            Ok(()) => return Ok(Some(Rescued { path, refused })),
            Err(e) => refused.push((place, e)),
        }
    }
    Err(NotRescued(refused))
}

/// Beside the database, then the home directory, then the temporary directory: each once.
fn rescue_places(dir: &Path) -> Vec<PathBuf> {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let mut places: Vec<PathBuf> = Vec::new();
    for place in [Some(dir.to_path_buf()), home, Some(std::env::temp_dir())]
        .into_iter()
        .flatten()
    {
        if !places.contains(&place) {
            places.push(place);
        }
    }
    places
}

/// For the panic hook: the unsaved drafts written to the database on a fresh connection,
/// or to a rescue file when that fails. Says where they went, on standard error.
pub fn save_after_panic(
    unsaved: &Mutex<HashMap<Target, Draft>>,
    file: &SameFile,
    now: DateTime<Utc>,
) {
    let db = file.path();
    let drafts: Vec<Draft> = match unsaved.lock() {
        Ok(u) => u.values().cloned().collect(),
        Err(poisoned) => poisoned.into_inner().values().cloned().collect(),
    };
    if drafts.is_empty() {
        return;
    }
    // The same file or none: a file removed since is not made anew, empty, by opening it.
    let written = file.open().and_then(|store| {
        drafts
            .iter()
            .try_for_each(|d| write(&store, d, &[]).map(|_| ()))
    });
    if written.is_err() {
        let dir = db.parent().unwrap_or(Path::new("."));
        let _ = match rescue(&drafts, dir, now) {
            Ok(Some(rescued)) => writeln!(
                std::io::stderr(),
                "cadence: text not yet saved is in {}",
                rescued.path.display()
            ),
            Ok(None) => Ok(()),
            Err(not) => writeln!(
                std::io::stderr(),
                "cadence: text not yet saved could not be written anywhere ({not})"
            ),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn berlin() -> crate::zone::Zone {
        crate::zone::Zone::named("Europe/Berlin").unwrap()
    }

    /// The sample team in a fresh database, and the instant it was written at.
    fn sample_team() -> (
        tempfile::TempDir,
        std::path::PathBuf,
        Store,
        chrono::DateTime<Utc>,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cadence.db");
        let mut store = Store::open(&path).unwrap();
        let now = Utc.with_ymd_and_hms(2026, 11, 27, 9, 0, 0).unwrap();
        crate::demo::write_sample_team(&mut store, berlin(), now).unwrap();
        (dir, path, store, now)
    }

    /// What the writer reports next, however long the disk takes.
    fn next_outcome(saver: &mut DraftSaver) -> Vec<(Draft, Result<Written, String>)> {
        loop {
            let outcomes = saver.outcomes();
            if !outcomes.is_empty() {
                return outcomes;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }

    /// Makes the database at `path` unreadable for a while, as a file that is not SQLite,
    /// and returns what it held, to write back. Its log is folded in first: a connection
    /// would otherwise read the pages it needs from the log.
    fn unreadable(path: &Path) -> Vec<u8> {
        rusqlite::Connection::open(path)
            .unwrap()
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .unwrap();
        let whole = std::fs::read(path).unwrap();
        std::fs::write(path, b"not a database yet").unwrap();
        whole
    }

    #[test]
    fn damage_the_writer_meets_is_handed_on_as_damage_not_only_as_words() {
        let (_dir, path, store, _now) = sample_team();
        let conn = rusqlite::Connection::open(&path).unwrap();
        let (item, root, page): (i64, i64, i64) = conn
            .query_row(
                "SELECT (SELECT min(id) FROM agenda_items),
                        (SELECT rootpage FROM sqlite_master WHERE name = 'agenda_items'),
                        (SELECT page_size FROM pragma_page_size)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .unwrap();
        drop(conn);
        {
            use std::io::{Seek, SeekFrom};
            let mut file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
            file.seek(SeekFrom::Start(((root - 1) * page) as u64))
                .unwrap();
            file.write_all(&[0x5a; 64]).unwrap();
        }
        let mut saver = DraftSaver::background(store.same_file()).unwrap();
        saver.submit(
            &store,
            Draft::Notes {
                item,
                base: (String::new(), String::new()),
                notes: "Budget approved".into(),
                private_notes: String::new(),
            },
        );
        let outcome = next_outcome(&mut saver);
        assert!(matches!(&outcome[..], [(_, Err(_))]), "{outcome:?}");
        assert!(
            matches!(saver.damage(), Some(StoreError::Corrupt { .. })),
            "{outcome:?}"
        );
        assert!(saver.damage().is_none(), "told once");
    }

    #[test]
    fn a_writer_that_cannot_open_the_file_says_not_saved_keeps_the_text_and_writes_it_once_it_can()
    {
        let (_dir, path, store, now) = sample_team();
        let read = |sql: &str| -> (i64, String, String) {
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.query_row(sql, [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .unwrap()
        };
        let (item, notes, private_notes) =
            read("SELECT id, notes, private_notes FROM agenda_items ORDER BY id LIMIT 1");
        let draft = Draft::Notes {
            item,
            base: (notes, private_notes.clone()),
            notes: "Budget approved".into(),
            private_notes,
        };
        // The same file, unreadable for a while: the writer's connection cannot be opened.
        let whole = unreadable(&path);
        let mut saver = DraftSaver::background(store.same_file()).unwrap();
        saver.submit(&store, draft.clone());
        let outcome = next_outcome(&mut saver);
        assert!(
            matches!(&outcome[..], [(_, Err(why))] if why.contains("cannot open the database")),
            "{outcome:?}"
        );
        assert!(
            matches!(saver.state(), SaveState::NotSaved(why) if why.contains("not a cadence database"))
        );
        let rescued = saver.rescue(now).unwrap().expect("a rescue file");
        assert!(rescued.refused.is_empty(), "{rescued:?}");
        assert!(
            std::fs::read_to_string(rescued.path)
                .unwrap()
                .contains("Budget approved")
        );

        std::fs::write(&path, whole).unwrap();
        saver.retry(&store);
        let outcome = next_outcome(&mut saver);
        assert!(
            matches!(&outcome[..], [(_, Ok(Written::Saved))]),
            "{outcome:?}"
        );
        assert_eq!(saver.state(), SaveState::Saved);
        saver.finish();
        let sql = format!("SELECT id, notes, private_notes FROM agenda_items WHERE id = {item}");
        assert_eq!(read(&sql).1, "Budget approved");
    }

    #[test]
    fn a_retry_after_failed_writes_stores_the_newest_text_once() {
        let (_dir, path, store, _) = sample_team();
        let (item, stored): (i64, String) = rusqlite::Connection::open(&path)
            .unwrap()
            .query_row(
                "SELECT id, notes FROM agenda_items ORDER BY id LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        let notes = |base: &str, notes: &str| Draft::Notes {
            item,
            base: (base.into(), String::new()),
            notes: notes.into(),
            private_notes: String::new(),
        };
        let whole = unreadable(&path);
        let mut saver = DraftSaver::background(store.same_file()).unwrap();
        let (first, second) = (
            format!("{stored} Budget"),
            format!("{stored} Budget approved"),
        );
        saver.submit(&store, notes(&stored, &first));
        // Handed over before the first one's failure is known, as typing goes on.
        saver.submit(&store, notes(&first, &second));
        while saver.writing() {
            next_outcome(&mut saver);
        }
        assert!(saver.has_failed());
        std::fs::write(&path, whole).unwrap();
        saver.retry(&store);
        let outcome = next_outcome(&mut saver);
        assert!(
            matches!(&outcome[..], [(_, Ok(Written::Saved))]),
            "{outcome:?}"
        );
        saver.finish();
        let stored: String = rusqlite::Connection::open(&path)
            .unwrap()
            .query_row(
                "SELECT notes FROM agenda_items WHERE id = ?1",
                [item],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(stored, second);
    }

    #[test]
    fn a_file_removed_before_the_first_draft_is_said_to_be_removed() {
        let (_dir, path, store, _) = sample_team();
        let item: i64 = rusqlite::Connection::open(&path)
            .unwrap()
            .query_row("SELECT min(id) FROM agenda_items", [], |r| r.get(0))
            .unwrap();
        let mut saver = DraftSaver::background(store.same_file()).unwrap();
        std::fs::remove_file(&path).unwrap();
        saver.submit(
            &store,
            Draft::Notes {
                item,
                base: (String::new(), String::new()),
                notes: "Budget approved".into(),
                private_notes: String::new(),
            },
        );
        let outcome = next_outcome(&mut saver);
        assert!(
            matches!(&outcome[..], [(_, Err(why))] if why.starts_with("the database file was removed or replaced")),
            "{outcome:?}"
        );
        assert!(!path.exists(), "no empty database is made in its place");
    }

    #[test]
    fn a_mark_the_writer_could_not_store_is_stored_before_its_scorecard_is_finished() {
        let (_dir, path, mut store, now) = sample_team();
        store.start_sample_meeting_and_call(berlin(), now).unwrap();
        let card: i64 = rusqlite::Connection::open(&path)
            .unwrap()
            .query_row("SELECT id FROM scorecards WHERE state = 'live'", [], |r| {
                r.get(0)
            })
            .unwrap();
        let mark = |level| Draft::Mark {
            scorecard: card,
            criterion: "agenda".into(),
            base: None,
            mark: Some(Mark::Level(level)),
        };
        let target = mark(1).target();
        // The writer cannot open the file for a while: the mark fails and is kept.
        let whole = unreadable(&path);
        let mut saver = DraftSaver::background(store.same_file()).unwrap();
        saver.submit(&store, mark(2));
        let outcome = next_outcome(&mut saver);
        assert!(matches!(&outcome[..], [(_, Err(_))]), "{outcome:?}");
        // A newer mark replaces the failed one at once: a retry cannot write 2 over it.
        saver.submit(&store, mark(4));
        assert!(!saver.failed.contains_key(&target));
        next_outcome(&mut saver);
        assert_eq!(saver.failed.get(&target).map(|(d, _)| d), Some(&mark(4)));

        std::fs::write(&path, whole).unwrap();
        saver.write_failed_of(&store, card).unwrap();
        assert_eq!(saver.state(), SaveState::Saved);
        assert_eq!(
            store.scorecard(card).unwrap().marks.get("agenda"),
            Some(&Mark::Level(4))
        );
        // Drafts of other scorecards are not touched.
        assert!(saver.write_failed_of(&store, card + 1).is_ok());
    }

    #[test]
    fn a_mark_written_after_failed_ones_is_not_said_to_replace_another_cockpits() {
        let (_dir, path, mut store, now) = sample_team();
        store.start_sample_meeting_and_call(berlin(), now).unwrap();
        let card: i64 = rusqlite::Connection::open(&path)
            .unwrap()
            .query_row("SELECT id FROM scorecards WHERE state = 'live'", [], |r| {
                r.get(0)
            })
            .unwrap();
        let mark = |base: Option<u8>, level| Draft::Mark {
            scorecard: card,
            criterion: "agenda".into(),
            base: base.map(Mark::Level),
            mark: Some(Mark::Level(level)),
        };
        let whole = unreadable(&path);
        let mut saver = DraftSaver::background(store.same_file()).unwrap();
        saver.submit(&store, mark(None, 2));
        next_outcome(&mut saver);
        // Scored again over the 2 that was never stored: nothing is stored yet.
        saver.submit(&store, mark(Some(2), 4));
        next_outcome(&mut saver);
        assert!(saver.has_failed());
        std::fs::write(&path, whole).unwrap();
        saver.retry(&store);
        let outcome = next_outcome(&mut saver);
        assert!(
            matches!(&outcome[..], [(_, Ok(Written::Saved))]),
            "{outcome:?}"
        );
        // Another cockpit's mark, set since, is replaced and said.
        rusqlite::Connection::open(&path)
            .unwrap()
            .execute(
                "UPDATE scores SET mark = 1 WHERE scorecard_id = ?1 AND criterion = 'agenda'",
                [card],
            )
            .unwrap();
        saver.submit(&store, mark(Some(4), 5));
        let outcome = next_outcome(&mut saver);
        assert!(
            matches!(
                &outcome[..],
                [(_, Ok(Written::MarkReplaced(Some(Mark::Level(1)))))]
            ),
            "{outcome:?}"
        );
    }

    #[test]
    fn after_a_panic_a_removed_file_is_not_made_anew_and_the_text_is_rescued() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cadence.db");
        let store = Store::open(&path).unwrap();
        let file = store.same_file();
        let draft = Draft::Evidence {
            scorecard: 1,
            criterion: "agenda".into(),
            base: String::new(),
            text: "Opened with the customer's goals".into(),
        };
        let unsaved = Mutex::new(HashMap::from([(draft.target(), draft)]));
        std::fs::remove_file(&path).unwrap();
        let now = Utc.with_ymd_and_hms(2026, 11, 27, 10, 0, 0).unwrap();
        save_after_panic(&unsaved, &file, now);
        assert!(!path.exists(), "no empty database where the file was");
        let rescued: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                // Named for the instant the hook was given, not the wall clock's.
                p.to_string_lossy()
                    .contains("cadence-rescue-20261127T100000")
            })
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect();
        assert_eq!(rescued.len(), 1);
        assert!(rescued[0].contains("Opened with the customer's goals"));
        drop(store);
    }
}
