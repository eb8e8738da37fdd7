//! `cadence restore BACKUP [--force]`: a checked backup put in place of the database, the
//! replaced file kept beside it.

use crate::store::{self, StoreError};
use crate::zone::Zone;
use chrono::{DateTime, Utc};
use std::io::Write;
use std::path::Path;

pub fn run(
    db: &Path,
    args: &super::RestoreArgs,
    now: DateTime<Utc>,
    zone: Zone,
    out: &mut impl Write,
) -> Result<(), StoreError> {
    // The manager's own clock names the kept file: cadence.db.replaced-20261127T110000.
    let stamp = now.with_timezone(&zone).format("%Y%m%dT%H%M%S").to_string();
    let restored = store::restore(&args.backup, db, args.force, &stamp)?;
    let written = match &restored.replaced {
        Some(kept) => writeln!(
            out,
            "Restored {} into {}; the database it replaced is kept as {}",
            args.backup.display(),
            db.display(),
            kept.display()
        ),
        None => writeln!(
            out,
            "Restored {} into {}",
            args.backup.display(),
            db.display()
        ),
    };
    written.map_err(|error| StoreError::Io {
        path: "standard output".into(),
        error,
    })
}
