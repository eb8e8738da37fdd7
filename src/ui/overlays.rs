//! Dialogs painted over the panes: help, forms, the cadence builder and confirmations.

use super::{centered, theme};
use crate::action::Action;
use crate::domain::agenda::Purpose;
use crate::keymap::{self, Keymap, Scope};
use crate::model::Cockpit;
use crate::model::cadence::CadenceBuilder;
use crate::model::cut;
use crate::model::describe_rule;
use crate::model::form::{FieldValue, Form};
use crate::model::live::{LandingDraft, PurposePicker};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Clear, Paragraph, Row, Table, TableState, Wrap};

fn dialog_block(title: &str) -> Block<'static> {
    Block::bordered()
        .title(Line::styled(format!(" {title} "), theme::title(true)))
        .border_style(theme::border(true))
}

/// `Enter save · Esc cancel`, from the binding table.
fn hints(keymap: &Keymap, scope: Scope) -> Line<'static> {
    super::hint_spans(keymap.hints(scope)).into()
}

pub fn help(frame: &mut Frame, cockpit: &Cockpit, keymap: &Keymap, area: Rect) {
    let mut lines = Vec::new();
    let pane = cockpit.focus;
    for (heading, scope) in [
        (
            format!("{} pane", pane.title()),
            if pane == crate::model::Pane::Scorecard && cockpit.scoring.is_some() {
                Scope::Scoring
            } else {
                Scope::Pane(pane)
            },
        ),
        ("Any pane".to_string(), Scope::Global),
        ("Anywhere".to_string(), Scope::Anywhere),
    ] {
        let mut rows: Vec<Line> = keymap
            .bindings(scope)
            .map(|b| {
                Line::from(vec![
                    Span::styled(
                        format!("{:>10}  ", keymap::keys_label(&b.keys)),
                        theme::key(),
                    ),
                    Span::raw(b.description()),
                ])
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        lines.push(Line::styled(
            heading,
            Style::new().add_modifier(Modifier::BOLD),
        ));
        lines.append(&mut rows);
        lines.push(Line::raw(""));
    }
    let footer = hints(keymap, Scope::Help);
    // Two columns when one does not fit the height.
    let room = area.height.saturating_sub(3) as usize;
    let columns: Vec<Vec<Line>> = if lines.len() <= room {
        vec![lines]
    } else {
        let half = lines.len().div_ceil(2);
        let second = lines.split_off(half);
        vec![lines, second]
    };
    let width = 56 * columns.len() as u16;
    let height = columns.iter().map(Vec::len).max().unwrap_or(0) as u16 + 3;
    let rect = centered(area, width, height);
    frame.render_widget(Clear, rect);
    let block = dialog_block("Keys");
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [body, footer_area] = cut::rows(inner, [Constraint::Min(1), Constraint::Length(1)]);
    let parts = Layout::horizontal(vec![
        Constraint::Ratio(1, columns.len() as u32);
        columns.len()
    ])
    .split(body);
    for (column, part) in columns.into_iter().zip(parts.iter()) {
        frame.render_widget(Paragraph::new(column), *part);
    }
    frame.render_widget(footer, footer_area);
}

pub fn form(frame: &mut Frame, keymap: &Keymap, form: &Form, area: Rect) {
    let label_width = form
        .fields
        .iter()
        .map(|f| f.label.chars().count())
        .max()
        .unwrap_or(0) as u16
        + 2;
    let height = form.fields.len() as u16 + 6;
    let rect = centered(area, 76, height);
    frame.render_widget(Clear, rect);
    let block = dialog_block(&form.title);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let mut constraints = vec![Constraint::Length(1); form.fields.len()];
    constraints.extend([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ]);
    let rows = Layout::vertical(constraints).split(inner);
    for (i, field) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let [label_area, value_area] = cut::columns(
            rows[i],
            [Constraint::Length(label_width), Constraint::Min(1)],
        );
        let label_style = if focused {
            theme::title(true)
        } else {
            Style::new()
        };
        frame.render_widget(Line::styled(field.label, label_style), label_area);
        match &field.value {
            FieldValue::Choice { options, selected } => {
                let value = options.get(*selected).cloned().unwrap_or_default();
                let style = if focused {
                    theme::selected()
                } else {
                    Style::new()
                };
                frame.render_widget(
                    Line::from(vec![
                        Span::styled("‹ ", theme::dim()),
                        Span::styled(value, style),
                        Span::styled(" ›", theme::dim()),
                    ]),
                    value_area,
                );
            }
            FieldValue::Text(area) => {
                let mut area = area.clone();
                area.set_cursor_line_style(Style::new());
                if focused {
                    area.set_style(Style::new().add_modifier(Modifier::UNDERLINED));
                } else {
                    area.set_cursor_style(Style::new());
                }
                frame.render_widget(&*area, value_area);
            }
        }
    }
    let error_area = rows[form.fields.len() + 1];
    if let Some(error) = &form.error {
        frame.render_widget(
            Paragraph::new(Line::styled(error.clone(), theme::error())).wrap(Wrap { trim: true }),
            error_area,
        );
    }
    frame.render_widget(
        Line::from(super::hint_spans(form_hints(keymap, form))),
        rows[form.fields.len() + 2],
    );
}

pub fn cadence(
    frame: &mut Frame,
    cockpit: &Cockpit,
    keymap: &Keymap,
    builder: &CadenceBuilder,
    area: Rect,
) {
    let height = (cockpit.rules.len() as u16 + 6).max(8);
    let rect = centered(area, 96, height);
    frame.render_widget(Clear, rect);
    let block = dialog_block("Cadence builder");
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [table_area, detail_area, hint_area] = cut::rows(
        inner,
        [
            Constraint::Min(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ],
    );
    if cockpit.rules.is_empty() {
        frame.render_widget(
            Paragraph::new(
                "No cadence rules yet. Press a to add the first: who, which meeting, how often.",
            ),
            table_area,
        );
    } else {
        let rows = cockpit.rules.iter().map(|r| {
            Row::new(vec![
                Cell::from(
                    r.seller
                        .as_ref()
                        .map(|s| s.name.clone())
                        .unwrap_or_else(|| "Whole team".into()),
                ),
                Cell::from(Span::styled(
                    r.kind.label(),
                    Style::new().fg(theme::kind(r.kind)),
                )),
                Cell::from(r.recurrence.frequency.describe(r.recurrence.weekday)),
                Cell::from(r.recurrence.time.format("%H:%M").to_string()),
                Cell::from(format!("{}m", r.minutes)),
            ])
        });
        let table = Table::new(
            rows,
            [
                Constraint::Length(16),
                Constraint::Length(16),
                Constraint::Min(24),
                Constraint::Length(6),
                Constraint::Length(5),
            ],
        )
        .header(
            Row::new(["With", "Kind", "How often", "Time", "Len"])
                .style(Style::new().add_modifier(Modifier::BOLD)),
        )
        .row_highlight_style(theme::selected());
        let mut state = TableState::default().with_selected(Some(builder.selected));
        frame.render_stateful_widget(table, table_area, &mut state);
        if let Some(rule) = cockpit.rules.get(builder.selected) {
            frame.render_widget(
                Line::styled(format!("Selected: {}", describe_rule(rule)), theme::dim()),
                detail_area,
            );
        }
    }
    frame.render_widget(hints(keymap, Scope::Cadence), hint_area);
}

pub fn confirm(frame: &mut Frame, keymap: &Keymap, title: &str, question: &str, area: Rect) {
    let rect = centered(area, 70, 6);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(vec![
            Line::raw(question.to_string()),
            Line::raw(""),
            hints(keymap, Scope::Confirm),
        ])
        .wrap(Wrap { trim: true })
        .block(dialog_block(title)),
        rect,
    );
}

pub fn purpose(frame: &mut Frame, keymap: &Keymap, picker: &PurposePicker, area: Rect) {
    let mut lines = vec![
        Line::raw("What is this 1:1 for? One purpose keeps it focused."),
        Line::raw(""),
    ];
    for (i, purpose) in Purpose::ALL.iter().enumerate() {
        let checked = if picker.chosen.contains(purpose) {
            "[x]"
        } else {
            "[ ]"
        };
        let style = if i == picker.cursor {
            theme::selected()
        } else {
            Style::new()
        };
        lines.push(Line::styled(format!(" {checked} {}", purpose.key()), style));
    }
    lines.push(Line::raw(""));
    match &picker.error {
        Some(error) => lines.push(Line::styled(error.clone(), theme::error())),
        None if picker.chosen.len() > 1 => lines.push(Line::styled(
            "More than one purpose: allowed, but this 1:1 tries to do too much.",
            Style::new().fg(ratatui::style::Color::Yellow),
        )),
        None => lines.push(Line::raw("")),
    }
    lines.push(hints(keymap, Scope::Purpose));
    let rect = centered(area, 64, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(dialog_block("Purpose")), rect);
}

pub fn landing(
    frame: &mut Frame,
    cockpit: &Cockpit,
    keymap: &Keymap,
    draft: &LandingDraft,
    area: Rect,
    now: chrono::DateTime<chrono::Utc>,
) {
    let Some(live) = &cockpit.live else {
        return;
    };
    let who = live
        .one
        .meeting
        .seller
        .as_ref()
        .map(|s| s.name.clone())
        .unwrap_or_default();
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let mut lines = vec![
        Line::raw(format!(
            "Ending the 1:1 with {who} at {} (planned {} min).",
            crate::domain::timer::clock_text(live.elapsed(now)),
            live.one.meeting.minutes
        )),
        Line::raw(""),
        Line::styled("Action items agreed", bold),
    ];
    if draft.actions.is_empty() {
        let text = if draft.no_actions {
            "  No actions: chosen explicitly."
        } else {
            "  None yet: a adds one, N says there are none."
        };
        lines.push(Line::styled(text, theme::dim()));
    }
    for (i, action) in draft.actions.iter().enumerate() {
        let owner = match action.owner {
            crate::domain::agenda::Owner::Seller => who.as_str(),
            crate::domain::agenda::Owner::Manager => "me",
        };
        let style = if i == draft.selected {
            theme::selected()
        } else {
            Style::new()
        };
        lines.push(Line::styled(
            format!(
                "  • {} ({owner}, due {})",
                action.title,
                cockpit.settings.day(action.due_on)
            ),
            style,
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!("How useful was this meeting for {who}?"),
        bold,
    ));
    let mut scale = vec![Span::raw("  ")];
    for n in 1..=5u8 {
        let style = if draft.rating == Some(n) {
            theme::selected()
        } else {
            theme::dim()
        };
        scale.push(Span::styled(format!(" {n} "), style));
        scale.push(Span::raw(" "));
    }
    scale.push(Span::styled("1 not useful … 5 very useful", theme::dim()));
    lines.push(Line::from(scale));
    let comment = if draft.comment.is_empty() {
        Span::styled("(none: c to add)", theme::dim())
    } else {
        Span::raw(draft.comment.clone())
    };
    lines.push(Line::from(vec![Span::raw("  Comment: "), comment]));
    lines.push(Line::raw(""));
    match (&draft.error, draft.missing()) {
        (Some(error), _) => lines.push(Line::styled(error.clone(), theme::error())),
        (None, Some(missing)) => lines.push(Line::styled(missing, theme::dim())),
        (None, None) => lines.push(Line::raw(
            "Ready: Enter lands the meeting and marks it held.",
        )),
    }
    lines.push(hints(keymap, Scope::Landing));
    let rect = centered(area, 84, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(dialog_block("Land the 1:1")),
        rect,
    );
}

/// Only the keys that do something in this form.
pub(super) fn form_hints(keymap: &Keymap, form: &Form) -> Vec<(String, &'static str)> {
    let has_choices = form
        .fields
        .iter()
        .any(|f| matches!(f.value, FieldValue::Choice { .. }));
    let several = form.fields.len() > 1;
    keymap.hints_where(Scope::Form, |action| match action {
        Action::Left | Action::Right => has_choices,
        Action::NextField | Action::PrevField => several,
        _ => true,
    })
}
