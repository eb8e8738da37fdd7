//! `cadence import json FILE|-`: a document written by `cadence export json`, checked whole
//! before the database is even opened, then written into an empty database in one
//! transaction. A refused import leaves no data, and no file it created.

use crate::interchange::json;
use crate::store::{self, StoreError};
use color_eyre::eyre::Result;
use std::io::{Read, Write};
use std::path::Path;

pub fn run(db: &Path, file: &Path, out: &mut impl Write) -> Result<()> {
    let stdin = file.as_os_str() == "-";
    let name = if stdin {
        "standard input".to_string()
    } else {
        file.display().to_string()
    };
    let mut text = String::new();
    let read = if stdin {
        std::io::stdin().read_to_string(&mut text)
    } else {
        std::fs::File::open(file).and_then(|mut f| f.read_to_string(&mut text))
    };
    read.map_err(|e| StoreError::Invalid(format!("cannot read {name}: {e}")))?;
    let document = json::parse(&text, store::SCHEMA).map_err(|problem| {
        StoreError::Invalid(format!("{name}: {problem}; nothing was imported"))
    })?;
    let name = &name;
    super::into_database(db, |store| Ok(store.load(&document, name)?))?;
    writeln!(out, "Imported {} into {}", document.summary(), db.display())?;
    Ok(())
}
