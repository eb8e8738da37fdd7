//! Text a manager or a file gave, made safe to show: in a one-line message a newline, a
//! terminal escape or a bidirectional override inside a quoted name must neither break the
//! message over lines nor act on the terminal; in the commands' text output (listings,
//! recaps, messages) no stored control character reaches the terminal raw. Every escape is
//! written the same way, `\u{1b}`. No terminal here.

use std::borrow::Cow;
use std::io::{self, Write};

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

/// `text` for a terminal: lines and tabs kept, every other control character (C0, DEL, C1,
/// so ESC and CSI too), line separator and bidirectional control written as an escape
/// (`\r`, `\u{1b}`, `\u{9b}`), so a stored title cannot rename the window or repaint it.
pub fn for_terminal(text: &str) -> Cow<'_, str> {
    let shown_raw = |c: char| c == '\n' || c == '\t' || !needs_escape(c);
    if text.chars().all(shown_raw) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\r' => out.push_str("\\r"),
            c if !shown_raw(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A writer of text output for a terminal: what passes is written through [`for_terminal`]
/// (bytes that are not UTF-8 as `\x{ff}`), or untouched when `escape` is off, for JSON and
/// the data formats, which must stay byte for byte what their readers expect.
pub struct ForTerminal<W: Write> {
    inner: W,
    escape: bool,
}

impl<W: Write> ForTerminal<W> {
    pub fn new(inner: W, escape: bool) -> Self {
        ForTerminal { inner, escape }
    }
}

impl<W: Write> Write for ForTerminal<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !self.escape {
            return self.inner.write(buf);
        }
        // Formatted output arrives a whole `str` at a time, so a character is never split
        // between two writes.
        for chunk in buf.utf8_chunks() {
            self.inner
                .write_all(for_terminal(chunk.valid()).as_bytes())?;
            for byte in chunk.invalid() {
                write!(self.inner, "\\x{{{byte:02x}}}")?;
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// A cell of a text table: `text` escaped as [`one_line`] writes it, then padded with
/// spaces to `width` terminal cells. Escaping first is what keeps the columns in line: a
/// stored ESC is shown as six characters, and the padding must count those, not the one.
pub fn cell(text: &str, width: usize) -> String {
    let mut shown = one_line(text).into_owned();
    let used = width_of(&shown);
    shown.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
    shown
}

/// The cells `text` takes on a terminal: wide CJK counts two, a combining accent none.
fn width_of(text: &str) -> usize {
    use unicode_segmentation::UnicodeSegmentation;
    use unicode_width::UnicodeWidthStr;
    text.graphemes(true).map(UnicodeWidthStr::width).sum()
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
            assert!(matches!(for_terminal(kept), Cow::Borrowed(_)), "{kept}");
        }
    }

    #[test]
    fn text_for_a_terminal_keeps_its_lines_and_escapes_every_other_control() {
        assert_eq!(
            for_terminal("a\n\tb\u{1b}]0;pwned\u{7}\u{9b}2J\r\u{7f}\u{202e}"),
            "a\n\tb\\u{1b}]0;pwned\\u{7}\\u{9b}2J\\r\\u{7f}\\u{202e}"
        );
        assert!(matches!(
            for_terminal("line one\nline two\n"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn a_cell_pads_what_is_shown_not_what_is_stored() {
        assert_eq!(cell("a\u{1b}b", 10), "a\\u{1b}b  ");
        assert_eq!(cell("王秀英", 8), "王秀英  ");
        assert_eq!(cell("longer than", 4), "longer than");
    }

    #[test]
    fn the_terminal_writer_escapes_what_passes_unless_told_not_to() {
        let mut shown = ForTerminal::new(Vec::new(), true);
        let title = "x\u{1b}[2J";
        write!(shown, "{title}|").unwrap();
        shown.write_all(b"\xff\n").unwrap();
        assert_eq!(shown.inner, b"x\\u{1b}[2J|\\x{ff}\n");
        let mut json = ForTerminal::new(Vec::new(), false);
        json.write_all("\u{9b}".as_bytes()).unwrap();
        assert_eq!(json.inner, "\u{9b}".as_bytes());
    }
}

/// A count with its thousands grouped by commas, as "1,204".
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod thousands_tests {
    #[test]
    fn groups_by_three_from_the_right() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(1204), "1,204");
        assert_eq!(super::thousands(-1234567), "-1,234,567");
    }
}
