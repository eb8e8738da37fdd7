//! `cadence import json FILE|-`: a document written by `cadence export json`, checked whole
//! before the database is even opened, then written into an empty database in one
//! transaction. A refused import leaves no data, and no file it created.

use crate::interchange::json;
use crate::store::{self, StoreError};
use color_eyre::eyre::Result;
use std::io::Write;
use std::path::Path;

pub fn run(db: &Path, file: &Path, out: &mut impl Write) -> Result<()> {
    let stdin = file.as_os_str() == "-";
    let name = if stdin {
        "standard input".to_string()
    } else {
        file.display().to_string()
    };
    use crate::textfile::{limit, read, read_stdin};
    let text = if stdin {
        read_stdin("cadence export", limit::EXPORT)
    } else {
        read(file, "cadence export", limit::EXPORT)
    }
    .map_err(|unread| StoreError::Invalid(unread.0))?;
    let document = json::parse(&text, store::SCHEMA).map_err(|problem| {
        StoreError::Invalid(format!("{name}: {problem}; nothing was imported"))
    })?;
    let name = &name;
    super::into_database(db, |store| Ok(store.load(&document, name)?))?;
    writeln!(out, "Imported {} into {}", document.summary(), db.display())?;
    Ok(())
}
