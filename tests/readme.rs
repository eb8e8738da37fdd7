//! The README's key tables are the cockpit's real keys, no more and no fewer.

use cadence::keymap::{BINDINGS, keys_label};

#[test]
fn every_key_in_the_readme_exists_and_every_key_is_in_the_readme() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let expected: Vec<String> = BINDINGS
        .iter()
        .map(|b| format!("| `{}` | {} |", keys_label(b.keys), b.description))
        .collect();
    for row in &expected {
        assert!(readme.contains(row.as_str()), "README lacks the row {row}");
    }
    let listed = readme
        .lines()
        .filter(|l| l.starts_with("| `") && !l.contains("CADENCE_"));
    for row in listed {
        assert!(
            expected.iter().any(|e| e == row),
            "README lists a key that does not exist: {row}"
        );
    }
}
