//! `cadence import taskwarrior|todotxt|roster`: action items and sellers from the manager's
//! other tools. A file is read and checked whole before anything is written; the first
//! problem refuses it, named by its line or item.

use super::ImportCommand;
use crate::interchange::{Refused, roster, taskwarrior, todotxt};
use crate::store::{Store, StoreError};
use crate::zone::Zone;
use chrono::{DateTime, Utc};
use color_eyre::eyre::Result;
use std::io::Write;
use std::path::Path;

pub fn run(
    db: &Path,
    zone: Zone,
    now: DateTime<Utc>,
    command: &ImportCommand,
    out: &mut impl Write,
) -> Result<()> {
    match command {
        // A whole export goes only into a new database, which it creates; the others add
        // to the one there is.
        ImportCommand::Json { file } => super::import_json(db, file, out),
        // Action items are for sellers there already.
        ImportCommand::Taskwarrior { file } | ImportCommand::Todotxt { file } => {
            let store = &mut Store::open_existing(db)?;
            let what = if matches!(command, ImportCommand::Taskwarrior { .. }) {
                "taskwarrior export"
            } else {
                "todo.txt file"
            };
            let (name, text) = input(file, what)?;
            let tasks = if matches!(command, ImportCommand::Taskwarrior { .. }) {
                taskwarrior::read(&text, zone)
            } else {
                let sellers: Vec<String> = store.sellers()?.into_iter().map(|s| s.name).collect();
                todotxt::read(&text, &sellers)
            }
            .map_err(|r| in_file(&name, r))?;
            let done = store
                .import_tasks(&tasks, zone, now)
                .map_err(|e| refused_in(&name, e))?;
            writeln!(
                out,
                "Imported {name}: {} added, {} updated, {} unchanged",
                done.added, done.updated, done.unchanged
            )?;
            Ok(())
        }
        ImportCommand::Roster { file } => {
            let (name, text) = input(file, "roster")?;
            let roster = roster::read(&text).map_err(|r| in_file(&name, r))?;
            let today = now.with_timezone(&zone).date_naive();
            let added = super::into_database(db, |store| {
                store
                    .import_roster(&roster.rows, today)
                    .map_err(|e| refused_in(&name, e))
            })?;
            writeln!(
                out,
                "Added {added} seller{} from {name} (read by its columns {})",
                if added == 1 { "" } else { "s" },
                roster.columns.join(", ")
            )?;
            Ok(())
        }
    }
}

/// The file's text and its name for messages; `-` is standard input.
/// `what` names the kind of file in a refusal ("roster").
fn input(file: &Path, what: &str) -> Result<(String, String), Refused> {
    use crate::textfile::{limit, read, read_stdin};
    let unread = |u: crate::textfile::Unread| Refused(u.0);
    if file == Path::new("-") {
        let text = read_stdin(what, limit::LIST).map_err(unread)?;
        Ok(("standard input".into(), text))
    } else {
        let text = read(file, what, limit::LIST).map_err(unread)?;
        Ok((file.display().to_string(), text))
    }
}

fn in_file(name: &str, refused: Refused) -> Refused {
    Refused(format!("{name}: {}", refused.0))
}

/// A row the store refused (an unknown seller, a name already in the team), with the file
/// named; other store errors as they are.
fn refused_in(name: &str, error: StoreError) -> color_eyre::Report {
    match error {
        StoreError::Invalid(why) => Refused(format!("{name}: {why}")).into(),
        other => other.into(),
    }
}
