//! Text a manager or a file gave, made safe to show in a one-line message: a newline, a
//! terminal escape or a bidirectional override inside a quoted name must neither break the
//! message over lines nor act on the terminal. Pure; no terminal here.

use std::borrow::Cow;

/// `text` with every control character, line separator and bidirectional control written
/// as an escape (`\n`, `\u{1b}`), and everything else (accents, CJK, emoji, Arabic) kept.
pub fn one_line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_escaped_and_every_script_is_kept() {
        assert_eq!(one_line("a\nb\r\tc"), "a\\nb\\r\\tc");
        assert_eq!(one_line("\u{1b}[31mred"), "\\u{1b}[31mred");
        assert_eq!(one_line("x\u{202e}y\u{2028}"), "x\\u{202e}y\\u{2028}");
        for kept in [
            "王秀英",
            "عربي",
            "עברית",
            "e\u{301}",
            "👩\u{200d}👩\u{200d}👧",
            "",
        ] {
            assert!(matches!(one_line(kept), Cow::Borrowed(_)), "{kept}");
        }
    }
}
