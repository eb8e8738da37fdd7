//! Schema migrations, keyed on `PRAGMA user_version` by `rusqlite_migration`.
//! Add a migration at the end; never edit one that has shipped.

use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

const STEPS: &[&str] = &[
    include_str!("migrations/001_cadence.sql"),
    include_str!("migrations/002_one_on_ones.sql"),
    include_str!("migrations/003_action_tracker.sql"),
    include_str!("migrations/004_scorecards.sql"),
    include_str!("migrations/005_interchange.sql"),
];

/// `PRAGMA application_id` of a cadence database ('cadc'), set by the first migration.
pub const APPLICATION_ID: i64 = 0x6361_6463;

/// The schema version this binary writes.
pub const LATEST: i64 = STEPS.len() as i64;

pub fn to_latest(conn: &mut Connection) -> rusqlite_migration::Result<()> {
    Migrations::new(STEPS.iter().map(|sql| M::up(sql)).collect()).to_latest(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        let migrations = Migrations::new(STEPS.iter().map(|sql| M::up(sql)).collect());
        assert!(migrations.validate().is_ok());
    }
}
