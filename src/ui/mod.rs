//! Drawing the cockpit from its state: layout, the tab bar on small screens, and the
//! "make me bigger" message. Views only borrow the model; no IO here.

mod actions;
mod calendar;
mod hits;
mod meeting;
mod overlays;
mod paint;
mod panes;
mod review;
mod scorecard;
mod status;
pub mod theme;

pub use hits::Hits;

use crate::action::Target;
use crate::keymap::Keymap;
use crate::model::{Cockpit, Overlay, Pane};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use std::borrow::Cow;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::model::layout::{self, MIN_HEIGHT, MIN_WIDTH};

/// Draws the cockpit as of `now` (the timers read it), and says where the panes and their
/// rows are, for the mouse.
/// Draws the cockpit; `keymap` is the keys in force, which the hints and the help name.
pub fn draw(
    frame: &mut Frame,
    cockpit: &Cockpit,
    keymap: &Keymap,
    now: chrono::DateTime<chrono::Utc>,
) -> Hits {
    let area = frame.area();
    let mut hits = Hits::default();
    let Some(screen) = layout::screen(area, cockpit.zoomed, cockpit.focus) else {
        draw_too_small(frame, area);
        return hits;
    };
    if let Some(tabs) = screen.tabs {
        draw_tabs(frame, cockpit, tabs, &mut hits);
    }
    for (pane, rect) in screen.panes {
        draw_pane(frame, cockpit, pane, rect, now, &mut hits);
    }
    let (body, status_area) = (screen.body, screen.status);
    status::draw(frame, cockpit, keymap, status_area);
    for overlay in &cockpit.overlays {
        match overlay {
            Overlay::Help => overlays::help(frame, cockpit, keymap, body),
            Overlay::Form(dialog) => overlays::form(frame, keymap, &dialog.form, body),
            Overlay::Cadence(builder) => overlays::cadence(frame, cockpit, keymap, builder, body),
            Overlay::Confirm {
                title, question, ..
            } => overlays::confirm(frame, keymap, title, question, body),
            Overlay::Purpose(picker) => overlays::purpose(frame, keymap, picker, body),
            Overlay::Landing(draft) => overlays::landing(frame, cockpit, keymap, draft, body, now),
            Overlay::Review(walk) => review::draw(frame, cockpit, keymap, walk, body),
        }
    }
    theme::apply(frame.buffer_mut(), cockpit.settings.theme);
    hits
}

fn draw_pane(
    frame: &mut Frame,
    cockpit: &Cockpit,
    pane: Pane,
    area: Rect,
    now: chrono::DateTime<chrono::Utc>,
    hits: &mut Hits,
) {
    let focused = cockpit.focus == pane;
    hits.add(area, Target::Pane(pane));
    match pane {
        Pane::Week => calendar::draw(frame, cockpit, area, focused, hits),
        Pane::Meeting => match &cockpit.live {
            Some(live) => meeting::draw(frame, cockpit, live, area, focused, now, hits),
            None => panes::meeting(frame, cockpit, area, focused),
        },
        Pane::Scorecard => scorecard::draw(frame, cockpit, area, focused, now),
        Pane::Actions => actions::draw(frame, cockpit, area, focused, hits),
    }
}

fn draw_tabs(frame: &mut Frame, cockpit: &Cockpit, area: Rect, hits: &mut Hits) {
    let mut spans = Vec::new();
    let mut x = area.x;
    for pane in Pane::ALL {
        let label = format!(" {} {} ", pane.number(), pane.title());
        let width = label.chars().count() as u16;
        hits.add(
            Rect::new(x, area.y, width, 1).intersection(area),
            Target::Pane(pane),
        );
        x = x.saturating_add(width + 1);
        let style = if pane == cockpit.focus {
            theme::selected()
        } else {
            theme::dim()
        };
        spans.push(Span::styled(label, style));
        spans.push(Span::raw(" "));
    }
    if cockpit.zoomed {
        spans.push(Span::styled("zoomed (z)", theme::dim()));
    }
    frame.render_widget(Line::from(spans), area);
}

fn draw_too_small(frame: &mut Frame, area: Rect) {
    let text = format!(
        "Terminal too small ({}x{}). cadence needs at least {MIN_WIDTH}x{MIN_HEIGHT}: make me bigger. q quits.",
        area.width, area.height
    );
    frame.render_widget(
        Paragraph::new(text)
            .style(Style::new())
            .wrap(Wrap { trim: true }),
        area,
    );
}

/// Lines drawn one to a row from the top of `area`, each cut at its right edge: what a
/// `Paragraph` without wrapping draws, without its second pass over every character.
/// A line's own style reaches only as far as its text, as in a `Paragraph`.
fn draw_lines(frame: &mut Frame, lines: &[Line], area: Rect) {
    for (line, y) in lines.iter().zip(area.top()..area.bottom()) {
        // Measured by graphemes, as they are drawn (a `Line`'s own width can count fewer
        // cells than its graphemes take, and would cut the last of them).
        let drawn: usize = line.spans.iter().map(|s| width_of(&s.content)).sum();
        let width = u16::try_from(drawn).unwrap_or(u16::MAX).min(area.width);
        paint::line(frame.buffer_mut(), Rect::new(area.x, y, width, 1), line);
    }
}

/// A rectangle of at most `width` x `height`, centred in `area`.
fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// `[/] week · Enter open · ? help`: keys in the key colour, words plain.
fn hint_spans(hints: Vec<(String, &'static str)>) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    for (keys, word) in hints {
        if !spans.is_empty() {
            spans.push(Span::styled(" · ", theme::dim()));
        }
        spans.push(Span::styled(keys, theme::key()));
        spans.push(Span::raw(format!(" {word}")));
    }
    spans
}

/// The cells `text` takes on screen: a CJK character two, a combining accent none, a
/// family emoji joined with zero-width joiners two. Column layouts count this, not chars.
fn width_of(text: &str) -> usize {
    if paint::plain(text) {
        return text.len();
    }
    text.graphemes(true).map(UnicodeWidthStr::width).sum()
}

/// Cuts `text` to `width` cells, marking the cut, never inside a grapheme (an accent stays
/// on its letter, a joined emoji whole).
fn fit(text: &str, width: usize) -> String {
    fitted(text, width).into_owned()
}

/// `fit`, borrowing the text when it fits whole, as it nearly always does.
fn fitted(text: &str, width: usize) -> Cow<'_, str> {
    if width_of(text) <= width {
        return Cow::Borrowed(text);
    }
    if width == 0 {
        return Cow::Borrowed("");
    }
    let mut cut = String::new();
    let mut used = 0;
    for g in text.graphemes(true) {
        let w = g.width();
        if used + w > width - 1 {
            break;
        }
        cut.push_str(g);
        used += w;
    }
    cut.push('…');
    Cow::Owned(cut)
}

/// `text` cut to `width` cells and padded with spaces to fill them: a column cell that
/// keeps the columns after it in line, whatever script the text is in.
fn pad(text: &str, width: usize) -> String {
    let mut cell = fit(text, width);
    let used = width_of(&cell);
    cell.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
    cell
}

/// `text` right-aligned in `width` cells.
fn pad_left(text: &str, width: usize) -> String {
    let cell = fit(text, width);
    let used = width_of(&cell);
    format!("{}{cell}", " ".repeat(width.saturating_sub(used)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn printable_ascii_is_as_wide_as_its_graphemes(text in "[ -~]{0,40}") {
            let measured: usize = text.graphemes(true).map(UnicodeWidthStr::width).sum();
            prop_assert_eq!(width_of(&text), measured);
        }
    }

    #[test]
    fn a_styled_line_keeps_every_grapheme_it_draws() {
        // unicode-width counts lam-alef as one cell; ratatui draws its two letters in two.
        let name = "سلام";
        assert!(Line::raw(name).width() < width_of(name));
        let red = Style::new().fg(ratatui::style::Color::Red);
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(6, 1)).unwrap();
        terminal
            .draw(|f| draw_lines(f, &[Line::styled(name, red)], f.area()))
            .unwrap();
        let buffer = terminal.backend().buffer();
        let drawn: Vec<&str> = (0..6).map(|x| buffer[(x, 0)].symbol()).collect();
        assert_eq!(drawn, ["س", "ل", "ا", "م", " ", " "]);
        assert_eq!(buffer[(3, 0)].fg, ratatui::style::Color::Red);
        assert_eq!(
            buffer[(4, 0)].fg,
            ratatui::style::Color::Reset,
            "the style ends with the text"
        );
    }

    #[test]
    fn text_that_fits_is_borrowed_and_a_cut_is_marked() {
        assert!(matches!(fitted("Ana Ruiz", 8), Cow::Borrowed("Ana Ruiz")));
        assert_eq!(fitted("Ana Ruiz", 5), "Ana …");
        assert_eq!(fitted("日本語", 5), "日本…");
        assert_eq!(fitted("e\u{301}tude", 3), "e\u{301}t…");
        assert_eq!(fitted("Ana", 0), "");
    }
}
