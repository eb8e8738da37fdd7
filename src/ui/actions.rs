//! The action items pane: the filter in force, then a table of the items it keeps, overdue
//! rows marked with `!` and in red, so the state never rests on colour alone.

use super::Hits;
use super::panes::pane_block;
use super::theme;
use crate::action::Target;
use crate::domain::actions::{age_label, due_label, is_overdue};
use crate::model::cut;
use crate::model::{Cockpit, Pane};
use crate::store::{ActionItem, ActionStatus};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState, Wrap};

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
        let mut cells = vec![
            Cell::from(format!("{mark}{flag}")),
            Cell::from(a.title.clone()),
            Cell::from(a.seller.name.clone()),
            // Narrow, only the manager's own items are flagged: they are the exception.
            Cell::from(match (wide, a.owner) {
                (true, owner) => owner.key(),
                (false, crate::domain::agenda::Owner::Manager) => "mgr",
                (false, _) => "",
            }),
            Cell::from(due_label(a.due_on, today)),
        ];
        if wide {
            cells.push(Cell::from(a.status.key()));
            cells.push(Cell::from(
                a.source
                    .as_ref()
                    .map(|m| {
                        format!(
                            "{} {}",
                            m.kind.short(),
                            m.starts_at.with_timezone(&zone).format("%b %-d")
                        )
                    })
                    .unwrap_or_else(|| "added".into()),
            ));
            cells.push(Cell::from(age_label(
                a.created_at.with_timezone(&zone).date_naive(),
                today,
            )));
        }
        Row::new(cells).style(style)
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
    let table = Table::new(rows, widths)
        .header(Row::new(titles).style(Style::new().add_modifier(Modifier::BOLD)))
        .row_highlight_style(if focused {
            theme::selected()
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        });
    let selected = view.selected.checked_sub(first);
    let mut state = TableState::default().with_selected(selected);
    frame.render_stateful_widget(table, body, &mut state);
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

/// Open rows have no glyph; closed ones say how they closed.
fn status_glyph(a: &ActionItem) -> &'static str {
    match a.status {
        ActionStatus::Open => " ",
        ActionStatus::Done => "✓",
        ActionStatus::Dropped => "✗",
    }
}
