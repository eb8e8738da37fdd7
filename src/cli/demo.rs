//! `cadence demo --db PATH`: the sample team, written into an empty database.

use crate::demo::write_sample_team;
use crate::store::{Store, StoreError};
use crate::zone::Zone;
use chrono::{DateTime, Utc};
use std::io::Write;

pub fn run(
    store: &mut Store,
    zone: Zone,
    now: DateTime<Utc>,
    out: &mut impl Write,
) -> Result<(), StoreError> {
    write_sample_team(store, zone, now)?;
    writeln!(
        out,
        "Wrote the sample team (8 sellers, 12 weeks of history) to {}",
        store.path().display()
    )
    .map_err(|error| StoreError::Io {
        path: "standard output".into(),
        error,
    })
}
