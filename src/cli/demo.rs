//! `cadence demo --db PATH`: the sample team, written whole into a new file or an empty
//! database, or not at all.

use crate::demo::write_sample_team_whole;
use crate::store::StoreError;
use crate::zone::Zone;
use chrono::{DateTime, Utc};
use std::io::Write;
use std::path::Path;

pub fn run(
    path: &Path,
    zone: Zone,
    now: DateTime<Utc>,
    out: &mut impl Write,
) -> Result<(), StoreError> {
    write_sample_team_whole(path, zone, now)?;
    writeln!(
        out,
        "Wrote the sample team (8 sellers, 12 weeks of history) to {}",
        path.display()
    )
    .map_err(|error| StoreError::Io {
        path: "standard output".into(),
        error,
    })
}
