//! `cadence check`: SQLite's quick_check on request.

use crate::store::{Store, StoreError};
use std::io::Write;

pub fn run(store: &Store, out: &mut impl Write) -> Result<(), StoreError> {
    store.quick_check()?;
    writeln!(out, "{}: no damage found", store.path().display()).map_err(|error| StoreError::Io {
        path: "standard output".into(),
        error,
    })
}
