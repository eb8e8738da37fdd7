//! `cadence export json [--out FILE]`: everything in the database as one JSON document, on
//! standard output or in a file readable by its owner alone.

use crate::store::Store;
use chrono::{DateTime, Utc};
use color_eyre::eyre::Result;
use std::io::Write;
use std::path::Path;

pub fn run(
    store: &mut Store,
    now: DateTime<Utc>,
    file: Option<&Path>,
    out: &mut impl Write,
) -> Result<()> {
    let document = store.dump(now)?;
    let json = serde_json::to_string_pretty(&document)?;
    match file {
        Some(path) => {
            super::private::write(path, &format!("{json}\n"), true)
                .map_err(|e| super::private::store_error(path, e))?;
            writeln!(out, "Wrote {} to {}", document.summary(), path.display())?;
        }
        None => writeln!(out, "{json}")?,
    }
    Ok(())
}
