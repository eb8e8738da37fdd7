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
    include_str!("migrations/006_visible_window.sql"),
    include_str!("migrations/007_rules_version.sql"),
    include_str!("migrations/008_open_items_created.sql"),
    include_str!("migrations/009_team_outbox.sql"),
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

    fn uuids(conn: &Connection) -> Vec<String> {
        let mut stmt = conn
            .prepare("SELECT uuid FROM action_items ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    #[test]
    fn existing_action_items_get_distinct_uuids_and_new_ones_get_theirs_on_insert() {
        let mut conn = Connection::open_in_memory().unwrap();
        let before_005 = STEPS[..4].iter().map(|sql| M::up(sql)).collect();
        Migrations::new(before_005).to_latest(&mut conn).unwrap();
        conn.execute_batch(
            "INSERT INTO sellers (name, started_on) VALUES ('Ana Ruiz', '2024-01-01');
             INSERT INTO action_items (seller_id, title, owner, created_at)
               VALUES (1, 'one', 'seller', '2026-11-20T09:00:00Z'),
                      (1, 'two', 'seller', '2026-11-20T09:00:00Z');",
        )
        .unwrap();
        to_latest(&mut conn).unwrap();
        conn.execute(
            "INSERT INTO action_items (seller_id, title, owner, created_at)
             VALUES (1, 'three', 'seller', '2026-11-27T09:00:00Z')",
            [],
        )
        .unwrap();
        let uuids = uuids(&conn);
        assert_eq!(uuids.len(), 3);
        for uuid in &uuids {
            assert!(crate::interchange::is_uuid(uuid), "{uuid}");
            assert_eq!(&uuid[14..15], "4", "a version 4 uuid: {uuid}");
        }
        let distinct: std::collections::HashSet<_> = uuids.iter().collect();
        assert_eq!(distinct.len(), 3);
        let email: Option<String> = conn
            .query_row("SELECT email FROM sellers", [], |r| r.get(0))
            .unwrap();
        assert_eq!(email, None);
    }
}
