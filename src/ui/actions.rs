//! The action items pane: the filter in force, then a table of the items it keeps, overdue
//! rows marked with `!` and in red, so the state never rests on colour alone.

use super::Hits;
use super::panes::pane_block;
use super::theme;
use crate::action::Target;
use crate::domain::actions::{age_label, due_label, is_overdue};
use crate::domain::{ActionItem, ActionStatus};
use crate::model::cut;
use crate::model::{Cockpit, Pane};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use std::borrow::Cow;

/// From this width the table also shows the source meeting and the age.
const WIDE: u16 = 90;

pub fn draw(frame: &mut Frame, cockpit: &Cockpit, area: Rect, focused: bool, hits: &mut Hits) {
    let block = pane_block(Pane::Actions, focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let view = &cockpit.actions;
    let mut spans = vec![
        Span::styled("Showing ", theme::dim()),
        Span::raw(view.filter.describe(cockpit.seller_filter_name())),
        Span::styled(format!(" · sort {}", view.sort.key()), theme::dim()),
        Span::styled(
            match (view.list.total, view.list.more) {
                (n, true) => format!(" · {n}+ items"),
                (1, false) => " · 1 item".to_string(),
                (n, false) => format!(" · {n} items"),
            },
            theme::dim(),
        ),
    ];
    if !view.marked.is_empty() {
        spans.push(Span::styled(
            format!(" · {} marked", view.marked.len()),
            theme::key(),
        ));
    }
    // The filter in force is always shown whole: on two lines if one is too narrow.
    let header_line = Line::from(spans);
    let rows = if header_line.width() > inner.width as usize {
        2
    } else {
        1
    };
    let [header, body] = cut::rows(inner, [Constraint::Length(rows), Constraint::Min(1)]);
    frame.render_widget(
        Paragraph::new(header_line).wrap(Wrap { trim: true }),
        header,
    );
    let body = match &view.search {
        Some(area) => {
            let [search, rest] = cut::rows(body, [Constraint::Length(1), Constraint::Min(1)]);
            let text = area.lines().join(" ");
            frame.render_widget(
                Line::from(vec![
                    Span::styled("/", theme::key()),
                    Span::raw(text),
                    Span::styled("▏", theme::key()),
                ]),
                search,
            );
            rest
        }
        None => body,
    };
    if view.list.items.is_empty() {
        let message = if view.filter == Default::default() {
            "No open action items. Press a to add one; 1:1s add theirs when they land."
        } else {
            "No action item matches this filter. Press c to clear the filters."
        };
        frame.render_widget(
            Paragraph::new(Line::styled(message, theme::dim())).wrap(Wrap { trim: true }),
            body,
        );
        return;
    }
    let wide = body.width >= WIDE;
    let today = cockpit.today;
    let zone = cockpit.settings.zone;
    // Only the rows that fit are built, from where the table would scroll to show the
    // selection (as ratatui scrolls a table drawn afresh): a long list costs what is shown.
    // The rows read begin at the list's offset; the selection and `first` count from the
    // top of the whole list.
    let fits = (body.height.saturating_sub(1)) as usize;
    let first = view
        .selected
        .saturating_sub(fits.saturating_sub(1))
        .max(view.list.offset);
    let shown = view
        .list
        .items
        .iter()
        .skip(first - view.list.offset)
        .take(fits);
    let rows = shown.map(|a| {
        let overdue = is_overdue(a.status, a.due_on, today);
        let mark = if view.marked.contains_key(&a.id) {
            "●"
        } else {
            " "
        };
        let flag = if overdue { "!" } else { status_glyph(a) };
        let style = if overdue {
            theme::error()
        } else if a.status != ActionStatus::Open {
            theme::dim()
        } else {
            Style::new()
        };
        let mut cells: Vec<Cow<str>> = vec![
            format!("{mark}{flag}").into(),
            a.title.as_str().into(),
            a.seller.name.as_str().into(),
            // Narrow, only the manager's own items are flagged: they are the exception.
            match (wide, a.owner) {
                (true, owner) => owner.key(),
                (false, crate::domain::agenda::Owner::Manager) => "mgr",
                (false, _) => "",
            }
            .into(),
            due_label(a.due_on, today).into(),
        ];
        if wide {
            cells.push(a.status.key().into());
            cells.push(match &a.source {
                Some(m) => format!(
                    "{} {}",
                    m.kind.short(),
                    m.starts_at.with_timezone(&zone).format("%b %-d")
                )
                .into(),
                None => "added".into(),
            });
            cells.push(age_label(a.created_at.with_timezone(&zone).date_naive(), today).into());
        }
        (cells, style)
    });
    let mut widths = vec![
        Constraint::Length(2),
        Constraint::Fill(1),
        Constraint::Length(if wide { 14 } else { 12 }),
        Constraint::Length(if wide { 7 } else { 3 }),
        Constraint::Length(if wide { 9 } else { 8 }),
    ];
    let mut titles = vec![
        "",
        "Title",
        "Seller",
        if wide { "Owner" } else { "" },
        "Due",
    ];
    if wide {
        widths.extend([
            Constraint::Length(7),
            Constraint::Length(13),
            Constraint::Length(4),
        ]);
        titles.extend(["Status", "From", "Age"]);
    }
    let selected = view.selected.checked_sub(first);
    draw_table(
        frame.buffer_mut(),
        body,
        &widths,
        &titles,
        rows,
        selected,
        focused,
    );
    // Below the header row, from the first row shown.
    let read_end = view.list.offset + view.list.items.len();
    for (shown, index) in (first..read_end).take(fits).enumerate() {
        let y = body.y + 1 + shown as u16;
        hits.add(
            Rect::new(body.x, y, body.width, 1),
            Target::ActionItem(index),
        );
    }
}

/// The table drawn as a ratatui `Table` draws it (a bold header, a space between columns,
/// each row's style, then the selection's), with its columns cut by arithmetic: a `Table`
/// solves three layouts each time it is drawn, which on a fresh start cost more than all
/// the rows. The rows given are those that fit, from the first shown: rows past the area
/// are not drawn (a `Table` would scroll to the selection instead).
fn draw_table<'a>(
    buf: &mut Buffer,
    area: Rect,
    widths: &[Constraint],
    titles: &[&str],
    rows: impl Iterator<Item = (Vec<Cow<'a, str>>, Style)>,
    selected: Option<usize>,
    focused: bool,
) {
    let columns = cut::table_columns(area.width, widths, 1);
    let line = |y: u16| Rect::new(area.x, y, area.width, 1).intersection(area);
    let draw_cells = |buf: &mut Buffer, y: u16, cells: &[Cow<str>]| {
        for (&(x, width), text) in columns.iter().zip(cells) {
            let cell = Rect::new(area.x + x, y, width, 1).intersection(area);
            super::paint::text(buf, cell, text);
        }
    };
    let header = line(area.y);
    buf.set_style(header, Style::new().add_modifier(Modifier::BOLD));
    let titles: Vec<Cow<str>> = titles.iter().map(|&t| t.into()).collect();
    draw_cells(buf, area.y, &titles);
    let mut drawn = 0;
    for (i, (cells, style)) in rows
        .take(area.height.saturating_sub(1) as usize)
        .enumerate()
    {
        let y = area.y + 1 + i as u16;
        buf.set_style(line(y), style);
        draw_cells(buf, y, &cells);
        drawn = i + 1;
    }
    // A selection past the rows given falls on the last of them, as in a `Table`.
    if let Some(selected) = selected.filter(|_| drawn > 0).map(|s| s.min(drawn - 1)) {
        let highlight = if focused {
            theme::selected()
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        };
        buf.set_style(line(area.y + 1 + selected as u16), highlight);
    }
}

/// Open rows have no glyph; closed ones say how they closed.
fn status_glyph(a: &ActionItem) -> &'static str {
    match a.status {
        ActionStatus::Open => " ",
        ActionStatus::Done => "✓",
        ActionStatus::Dropped => "✗",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::widgets::{Row, StatefulWidget, Table, TableState};

    /// What a ratatui `Table` draws for the same rows, styles and selection, given the rows
    /// that fit as the pane gives them.
    fn as_a_table(
        area: Rect,
        widths: &[Constraint],
        titles: &[&str],
        rows: &[(Vec<Cow<str>>, Style)],
        selected: Option<usize>,
        focused: bool,
    ) -> Buffer {
        let mut buf = Buffer::empty(area);
        let table = Table::new(
            rows.iter()
                .take((area.height as usize).saturating_sub(1))
                .map(|(cells, style)| Row::new(cells.iter().map(|c| c.to_string())).style(*style)),
            widths.to_vec(),
        )
        .header(Row::new(titles.to_vec()).style(Style::new().add_modifier(Modifier::BOLD)))
        .row_highlight_style(if focused {
            theme::selected()
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        });
        let mut state = TableState::default().with_selected(selected);
        StatefulWidget::render(table, area, &mut buf, &mut state);
        buf
    }

    #[test]
    fn the_table_is_drawn_as_a_ratatui_table_draws_it() {
        let widths = [
            Constraint::Length(2),
            Constraint::Fill(1),
            Constraint::Length(12),
            Constraint::Length(3),
            Constraint::Length(8),
        ];
        let titles = ["", "Title", "Seller", "", "Due"];
        let row = |title: &'static str, style: Style| -> (Vec<Cow<'static, str>>, Style) {
            let cells = ["●!", title, "Chloe Park", "mgr", "3d late"];
            (cells.iter().map(|&c| c.into()).collect(), style)
        };
        let rows = vec![
            row("Send the pricing deck", theme::error()),
            row(
                "A title far too long for the column it is given here",
                Style::new(),
            ),
            row("Done already", theme::dim()),
            row("東京の価格表を送る 🎉 and more", Style::new()),
        ];
        for (area, selected, focused) in [
            (Rect::new(2, 3, 60, 6), Some(1), true),
            (Rect::new(0, 0, 40, 3), Some(2), false),
            (Rect::new(1, 1, 29, 5), None, true),
            (Rect::new(0, 0, 20, 4), Some(0), true),
            (Rect::new(0, 0, 50, 1), Some(0), true),
            (Rect::new(0, 0, 50, 0), None, false),
            (Rect::new(3, 0, 45, 7), Some(3), true),
        ] {
            let mut drawn = Buffer::empty(area);
            draw_table(
                &mut drawn,
                area,
                &widths,
                &titles,
                rows.clone().into_iter(),
                selected,
                focused,
            );
            let expected = as_a_table(area, &widths, &titles, &rows, selected, focused);
            assert_eq!(drawn, expected, "at {area:?} with {selected:?} chosen");
        }
    }
}
