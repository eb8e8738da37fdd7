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

/// What to store, given the `stored` text, the `base` this writer last read or wrote, and
/// `ours`, what it writes now.
pub fn merge_text<'a>(stored: &'a str, base: &str, ours: &'a str) -> Merged<'a> {
    if stored == base || stored == ours {
        Merged::Ours(ours)
    } else if ours == base {
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
        assert_eq!(merge_text("a", "a", "ab"), Merged::Ours("ab"));
        assert_eq!(merge_text("ab", "a", "ab"), Merged::Ours("ab"));
    }

    #[test]
    fn a_text_we_did_not_change_leaves_theirs() {
        assert_eq!(
            merge_text("a, and theirs", "a", "a"),
            Merged::Theirs("a, and theirs")
        );
    }

    #[test]
    fn two_changes_keep_both_texts() {
        let m = merge_text("budget agreed", "", "pricing next");
        assert!(m.merged());
        assert_eq!(m.text(), format!("budget agreed\n\n{BOTH}\npricing next"));
    }
}
