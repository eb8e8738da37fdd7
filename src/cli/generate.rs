//! `cadence gen --db PATH --sellers N --years Y [--seed S]`: a generated history, written
//! into an empty database.

use super::GenArgs;
use crate::store::{GenSpec, Store, StoreError};
use crate::zone::Zone;
use chrono::{DateTime, Utc};
use std::io::Write;

impl GenArgs {
    /// What to generate, checked: call before opening the database, so nothing is created
    /// for a size out of range.
    pub fn spec(&self) -> Result<GenSpec, StoreError> {
        GenSpec {
            sellers: self.sellers,
            years: self.years,
            seed: self.seed,
        }
        .check()
    }
}

pub fn run(
    store: &mut Store,
    zone: Zone,
    now: DateTime<Utc>,
    args: &GenArgs,
    out: &mut impl Write,
) -> Result<(), StoreError> {
    let spec = args.spec()?;
    let started = crate::clock::Stopwatch::start();
    let made = store.generate(spec, zone, now)?;
    writeln!(
        out,
        "Wrote {} sellers, {} meetings, {} agenda items, {} action items and {} scorecards \
         ({} years, seed {}) to {} in {:.1} s",
        made.sellers,
        made.meetings,
        made.agenda_items,
        made.action_items,
        made.scorecards,
        args.years,
        args.seed,
        store.path().display(),
        started.elapsed().as_secs_f64()
    )
    .map_err(|error| StoreError::Io {
        path: "standard output".into(),
        error,
    })
}
