//! Two cockpits writing the same notes: neither text is ever dropped. When both changed the
//! text since it was last read, both are kept, one after the other, with a line between.

/// The line between the stored text and the one written over it.
pub const BOTH: &str = "── also written at the same time, in another cockpit ──";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Merged<'a> {
    /// Only this writer changed it (or both wrote the same): its text.
    Ours(&'a str),
    /// Only the other writer changed it: the stored text stays.
    Theirs(&'a str),
    /// Both changed it: both texts.
    Both(String),
}

impl Merged<'_> {
    pub fn text(&self) -> &str {
        match self {
            Merged::Ours(t) | Merged::Theirs(t) => t,
            Merged::Both(t) => t,
        }
    }

    /// Whether what is stored is not simply what this writer wrote.
    pub fn merged(&self) -> bool {
        !matches!(self, Merged::Ours(_))
    }
}

/// What to store, given the `stored` text, `ours`, what this writer writes now, and `bases`:
/// the text it last read or wrote, and any it handed over since without knowing them
/// written (a write that failed, or whose report is not in). Any of those stored means no
/// one else wrote; ours left as every one of them means this writer changed nothing.
pub fn merge_text<'a>(stored: &'a str, bases: &[&str], ours: &'a str) -> Merged<'a> {
    if stored == ours || bases.contains(&stored) {
        Merged::Ours(ours)
    } else if !bases.is_empty() && bases.iter().all(|b| *b == ours) {
        Merged::Theirs(stored)
    } else {
        Merged::Both(format!("{stored}\n\n{BOTH}\n{ours}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unchanged_store_takes_our_text() {
        assert_eq!(merge_text("a", &["a"], "ab"), Merged::Ours("ab"));
        assert_eq!(merge_text("ab", &["a"], "ab"), Merged::Ours("ab"));
    }

    #[test]
    fn a_text_we_did_not_change_leaves_theirs() {
        assert_eq!(
            merge_text("a, and theirs", &["a"], "a"),
            Merged::Theirs("a, and theirs")
        );
    }

    #[test]
    fn two_changes_keep_both_texts() {
        let m = merge_text("budget agreed", &[""], "pricing next");
        assert!(m.merged());
        assert_eq!(m.text(), format!("budget agreed\n\n{BOTH}\npricing next"));
    }

    #[test]
    fn a_text_handed_over_but_not_known_written_is_ours_not_a_second_writer() {
        // "a" stored; "a b" was handed over and its write failed; now "a b c" goes.
        let bases = ["a", "a b"];
        assert_eq!(merge_text("a", &bases, "a b c"), Merged::Ours("a b c"));
        // The failed write did land after all.
        assert_eq!(merge_text("a b", &bases, "a b c"), Merged::Ours("a b c"));
        // Someone else did write meanwhile: both are kept.
        assert!(merge_text("a, theirs", &bases, "a b c").merged());
        // A text changed since it was last stored is not left for theirs.
        assert!(matches!(
            merge_text("a, theirs", &bases, "a b"),
            Merged::Both(_)
        ));
    }
}
