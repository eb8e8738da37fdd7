//! Writing text into the buffer, cell by cell, as ratatui would. ratatui splits every string
//! into graphemes and measures each; nearly all the cockpit's text is printable ASCII, where
//! a byte is a cell, and splitting it was the largest single cost of a frame full of
//! meetings. Such text is written directly; any other is left to ratatui.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::Widget;

/// Printable ASCII: one byte, one grapheme, one cell wide, nothing ratatui filters out.
pub(super) fn plain(text: &str) -> bool {
    text.bytes().all(|b| (b' '..=b'~').contains(&b))
}

/// Draws `line` as `Widget::render` for a `Line` does: its style over the whole row of
/// `area` (when it has any text), then its spans from the left, cut at the right edge. A
/// span of other text is drawn by ratatui, in the room left.
pub fn line(buf: &mut Buffer, area: Rect, line: &Line) {
    if !matches!(line.alignment, None | Some(Alignment::Left)) {
        line.render(area, buf);
        return;
    }
    let area = area.intersection(buf.area);
    let width = |span: &Span| {
        if plain(&span.content) {
            span.content.len()
        } else {
            span.width()
        }
    };
    if area.is_empty() || line.spans.iter().all(|s| width(s) == 0) {
        return;
    }
    let area = Rect { height: 1, ..area };
    buf.set_style(area, line.style);
    let mut x = area.x;
    for span in &line.spans {
        if x >= area.right() {
            return;
        }
        if width(span) == 0 {
            // ratatui passes over a span with no width, even one with a combining mark.
            continue;
        }
        if !plain(&span.content) {
            let rest = Rect::new(x, area.y, area.right() - x, 1);
            span.render(rest, buf);
            x = x.saturating_add(u16::try_from(span.width()).unwrap_or(u16::MAX));
            continue;
        }
        for i in 0..span.content.len() {
            if x >= area.right() {
                return;
            }
            buf[(x, area.y)]
                .set_symbol(&span.content[i..i + 1])
                .set_style(span.style);
            x += 1;
        }
    }
}

/// Draws `text` as `Text::raw(text)` renders into `area`: one line a row.
pub fn text(buf: &mut Buffer, area: Rect, text: &str) {
    if text.contains('\n') || !plain(text) {
        Text::raw(text).render(area, buf);
        return;
    }
    line(buf, area, &Line::raw(text));
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ratatui::style::{Color, Modifier, Style};

    /// Pieces of text that test each way a string can draw: plain ASCII, controls, wide
    /// characters, combining marks (alone too), emoji, and the empty string.
    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            "[ -~]{0,12}",
            Just(String::new()),
            Just("a\tb\r\nc".to_string()),
            Just("日本語".to_string()),
            Just("e\u{301}x".to_string()),
            Just("\u{301}".to_string()),
            Just("\t".to_string()),
            Just("👍🏽 ok".to_string()),
            Just("✓ Pipeline ·".to_string()),
        ]
    }

    fn style() -> impl Strategy<Value = Style> {
        prop_oneof![
            Just(Style::new()),
            Just(Style::new().fg(Color::Red)),
            Just(Style::new().bg(Color::Blue).add_modifier(Modifier::BOLD)),
            Just(Style::new().remove_modifier(Modifier::BOLD)),
        ]
    }

    fn a_line() -> impl Strategy<Value = Line<'static>> {
        (
            prop::collection::vec((piece(), style()), 0..4),
            style(),
            prop_oneof![
                Just(None),
                Just(Some(Alignment::Left)),
                Just(Some(Alignment::Right))
            ],
        )
            .prop_map(|(spans, style, alignment)| {
                let mut line = Line::from(
                    spans
                        .into_iter()
                        .map(|(text, style)| Span::styled(text, style))
                        .collect::<Vec<_>>(),
                )
                .style(style);
                line.alignment = alignment;
                line
            })
    }

    /// A buffer that has been drawn on before, so styles patch onto something.
    fn used() -> Buffer {
        let mut buf = Buffer::empty(Rect::new(0, 0, 12, 3));
        buf.set_style(
            Rect::new(2, 0, 6, 3),
            Style::new().fg(Color::Green).add_modifier(Modifier::ITALIC),
        );
        buf[(5, 1)].set_symbol("z");
        buf
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn a_line_draws_as_ratatui_draws_it(
            line in a_line(),
            (x, y, width, height) in (0u16..14, 0u16..4, 0u16..14, 0u16..3),
        ) {
            let area = Rect::new(x, y, width, height);
            let mut ours = used();
            super::line(&mut ours, area, &line);
            let mut theirs = used();
            (&line).render(area, &mut theirs);
            prop_assert_eq!(ours, theirs);
        }

        #[test]
        fn text_draws_as_ratatui_draws_it(
            text in prop_oneof![piece(), Just("two\nlines".to_string())],
            (x, width, height) in (0u16..14, 0u16..14, 0u16..3),
        ) {
            let area = Rect::new(x, 1, width, height);
            let mut ours = used();
            super::text(&mut ours, area, &text);
            let mut theirs = used();
            Text::raw(text.as_str()).render(area, &mut theirs);
            prop_assert_eq!(ours, theirs);
        }
    }
}
