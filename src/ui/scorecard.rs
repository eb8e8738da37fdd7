//! The scorecard pane: the call being scored, criterion by criterion against the rubric's
//! anchors; between calls, the team's heatmap and coverage, or one seller's progress.

use super::panes::pane_block;
use super::{fit, pad, pad_left, theme, width_of};
use crate::domain::progress::sparkline;
use crate::domain::rubric::Mark;
use crate::model::cut;
use crate::model::scoring::{ScoringView, call_clock};
use crate::model::{Cockpit, Pane};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

pub fn draw(
    frame: &mut Frame,
    cockpit: &Cockpit,
    area: Rect,
    focused: bool,
    now: chrono::DateTime<chrono::Utc>,
) {
    let block = pane_block(Pane::Scorecard, focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    match &cockpit.scoring {
        Some(view) => live(frame, view, inner, focused, now),
        None => progress(frame, cockpit, inner),
    }
}

fn bold() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

fn live(
    frame: &mut Frame,
    view: &ScoringView,
    area: Rect,
    focused: bool,
    now: chrono::DateTime<chrono::Utc>,
) {
    let card = &view.card;
    let criteria = view.criteria();
    let scored = criteria
        .iter()
        .filter(|c| card.marks.contains_key(&c.key))
        .count();
    let mut header = vec![
        Span::styled(card.seller.name.clone(), bold()),
        Span::raw(format!(
            " · {} v{} · call {}",
            card.rubric.name,
            card.rubric.version,
            call_clock(view.call_seconds(now))
        )),
        Span::raw(" · score "),
        Span::styled(
            view.score()
                .map(|s| format!("{s:.1} of 5"))
                .unwrap_or_else(|| "—".into()),
            bold(),
        ),
        Span::styled(
            format!(" · {scored} of {} scored", criteria.len()),
            theme::dim(),
        ),
    ];
    if card.took_over {
        header.push(Span::styled(" · ⚠ you took over", theme::error()));
    }
    let evidence_height = (area.height / 4).clamp(3, 8);
    let [head, list, anchor, evidence] = cut::rows(
        area,
        [
            Constraint::Length(1),
            Constraint::Min(3),
            Constraint::Length(3),
            Constraint::Length(evidence_height),
        ],
    );
    frame.render_widget(
        Paragraph::new(Line::from(header)).wrap(Wrap { trim: true }),
        head,
    );

    let width = list.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    let mut selected_line = 0;
    for (i, c) in criteria.iter().enumerate() {
        let mark = card.marks.get(&c.key);
        let score = match mark {
            Some(Mark::Level(l)) => format!("{l} {}", card.rubric.level_label(*l)),
            Some(Mark::NotObserved) => "not observed".into(),
            None => "·".into(),
        };
        let weight = format!("w{}", c.weight);
        let score_width = width_of(&score).max(14);
        // "▸ " + name + " " + weight + " " + the score.
        let room = width.saturating_sub(width_of(&weight) + score_width + 4);
        let text = format!(
            "{} {} {weight} {}",
            if i == view.selected { "▸" } else { " " },
            pad(&c.name, room),
            super::pad_left(&score, score_width)
        );
        let style = if i == view.selected && focused {
            theme::selected()
        } else if i == view.selected {
            bold()
        } else {
            Style::new()
        };
        if i == view.selected {
            selected_line = lines.len();
        }
        lines.push(Line::styled(fit(&text, width), style));
        for o in card.observations.iter().filter(|o| o.criterion == c.key) {
            lines.push(Line::styled(
                fit(
                    &format!("    {} {}", call_clock(o.at_seconds), o.text),
                    width,
                ),
                theme::dim(),
            ));
        }
    }
    // Keep the selected criterion in view.
    let skip = selected_line.saturating_sub(list.height.saturating_sub(1) as usize);
    super::draw_lines(frame, &lines[skip.min(lines.len())..], list);

    let anchor_lines = match view.criteria().get(view.selected) {
        Some(c) => match card.marks.get(&c.key) {
            Some(Mark::Level(l)) => vec![Line::from(vec![
                Span::styled(
                    format!("{l} {}: ", card.rubric.level_label(*l)),
                    theme::key(),
                ),
                Span::raw(c.anchor(*l)),
            ])],
            _ => vec![Line::from(vec![
                Span::styled("1 ", theme::key()),
                Span::raw(format!("{}  ", c.anchor(1))),
                Span::styled("3 ", theme::key()),
                Span::raw(format!("{}  ", c.anchor(3))),
                Span::styled("5 ", theme::key()),
                Span::raw(c.anchor(5)),
            ])],
        },
        None => Vec::new(),
    };
    frame.render_widget(
        Paragraph::new(anchor_lines).wrap(Wrap { trim: true }),
        anchor,
    );

    let name = view
        .criteria()
        .get(view.selected)
        .map(|c| c.name.clone())
        .unwrap_or_default();
    let key = view.selected_key().unwrap_or_default();
    let title = if view.typing() {
        format!(" Evidence on {name} · Esc when done ")
    } else {
        format!(" Evidence on {name} · i to write ")
    };
    let block = Block::bordered()
        .title(Line::styled(
            fit(&title, evidence.width as usize),
            theme::dim(),
        ))
        .border_style(theme::border(view.typing()));
    match &view.evidence {
        Some(area) => {
            let mut area = area.as_ref().clone();
            area.set_block(block);
            frame.render_widget(&area, evidence);
        }
        None => {
            let text = card.evidence.get(&key).cloned().unwrap_or_default();
            let body = if text.is_empty() {
                Paragraph::new(Line::styled("No evidence yet.", theme::dim()))
            } else {
                Paragraph::new(text)
            };
            frame.render_widget(body.wrap(Wrap { trim: false }).block(block), evidence);
        }
    }
}

/// A heatmap cell's colour; the number is always printed, so colour only adds to it.
fn heat(value: f64) -> Style {
    let colour = if value < 2.5 {
        Color::Red
    } else if value < 3.5 {
        Color::Yellow
    } else {
        Color::Green
    };
    Style::new().fg(colour)
}

fn progress(frame: &mut Frame, cockpit: &Cockpit, area: Rect) {
    let p = &cockpit.progress;
    let Some(rubric) = cockpit.progress_rubric() else {
        return;
    };
    let width = area.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    // One line above the heatmap (`scoring::NOT_ROWS` counts it): who was not watched
    // lately comes first, so that on a small screen, or in a team longer than the pane,
    // they are not missed.
    let any = p.coverage.iter().any(|c| c.last_12_weeks > 0);
    let overlooked: Vec<&str> = p
        .coverage
        .iter()
        .filter(|c| c.overlooked())
        .map(|c| c.seller.as_str())
        .collect();
    if !any {
        lines.push(Line::raw(fit(
            "No calls observed in 12 weeks · n to score one",
            width,
        )));
    } else if !overlooked.is_empty() {
        lines.push(Line::styled(
            fit(
                &format!(
                    "⚠ Not observed for 4 weeks or more ({}): {}",
                    overlooked.len(),
                    overlooked.join(", ")
                ),
                width,
            ),
            theme::error(),
        ));
    } else if any {
        lines.push(Line::styled(
            fit("Everyone observed in the last 4 weeks", width),
            theme::dim(),
        ));
    }
    match (&p.progress, p.by_seller) {
        (Some(sp), true) => {
            lines.push(Line::styled(
                fit(
                    &format!(
                        "{} · {} · the last {} call{} · last observed {}",
                        sp.seller,
                        rubric.name,
                        sp.calls,
                        if sp.calls == 1 { "" } else { "s" },
                        sp.last_observed
                            .map(|d| d.format("%b %-d").to_string())
                            .unwrap_or_else(|| "never".into())
                    ),
                    width,
                ),
                bold(),
            ));
            if let Some(c) = p.coverage.iter().find(|c| c.seller == sp.seller) {
                lines.push(Line::styled(
                    fit(
                        &format!(
                            "Calls observed: {} in the last 4 weeks, {} in the last 12",
                            c.last_4_weeks, c.last_12_weeks
                        ),
                        width,
                    ),
                    theme::dim(),
                ));
            }
            for c in &sp.criteria {
                let name_width = width.saturating_sub(20).min(32);
                lines.push(Line::raw(fit(
                    &format!(
                        "{} {:<8} {}",
                        pad(&c.name, name_width),
                        sparkline(&c.last),
                        if c.last.is_empty() {
                            ""
                        } else {
                            c.trend.glyph()
                        }
                    ),
                    width,
                )));
            }
            if !sp.focus_areas.is_empty() {
                let focus: Vec<String> = sp
                    .focus_areas
                    .iter()
                    .map(|(d, name)| format!("{} {name}", d.format("%b %-d")))
                    .collect();
                lines.push(Line::styled(
                    fit(&format!("Last focus areas: {}", focus.join(" · ")), width),
                    theme::dim(),
                ));
            }
        }
        _ => {
            if let Some(map) = &p.heatmap {
                team(&mut lines, cockpit, rubric, map, width);
            }
        }
    }
    // Every line is cut to the pane's width: one a row, nothing to wrap.
    super::draw_lines(frame, &lines, area);
}

/// The heatmap's rows of the sellers shown, each with how often they were observed: the
/// chosen seller marked, as many criteria as fit, and no row wider than the pane.
fn team(
    lines: &mut Vec<Line<'static>>,
    cockpit: &Cockpit,
    rubric: &crate::domain::rubric::Rubric,
    map: &crate::domain::progress::Heatmap,
    width: usize,
) {
    let p = &cockpit.progress;
    let shown = p.shown(cockpit.sellers.len());
    // Where in the team the rows are comes first: a narrow pane cuts the end.
    let rows = if shown.is_empty() {
        "no sellers".to_string()
    } else {
        format!(
            "{}–{} of {}",
            shown.start + 1,
            shown.end,
            cockpit.sellers.len()
        )
    };
    lines.push(Line::styled(
        fit(
            &format!(
                "Team {rows} · {} · average of each seller's last {}",
                rubric.name,
                crate::domain::progress::ROLLING,
            ),
            width,
        ),
        bold(),
    ));
    // A name readable before the last criterion: a zoomed pane shows them all.
    let (cell, seen) = (6, 7);
    let name_width = width
        .saturating_sub(1 + seen + map.criteria.len() * cell)
        .clamp(13, 16);
    let criteria = width.saturating_sub(1 + name_width + seen) / cell;
    let mut head = format!(" {:<name_width$}{}", "", pad_left("4w/12w", seen));
    for (key, _) in map.criteria.iter().take(criteria) {
        head.push_str(&super::pad_left(&fit(key, cell - 1), cell));
    }
    lines.push(Line::styled(fit(&head, width), theme::dim()));
    for (i, (seller, cells)) in map.rows.iter().enumerate() {
        let chosen = shown.start + i == p.seller;
        // The coverage is in the team's order, as the rows are.
        let seen_text = p
            .coverage
            .get(shown.start + i)
            .filter(|c| c.seller == *seller)
            .map(|c| format!("{}/{}", c.last_4_weeks, c.last_12_weeks))
            .unwrap_or_default();
        let mut spans = vec![
            Span::raw(if chosen { "▸" } else { " " }),
            Span::styled(
                pad(&fit(seller, name_width - 1), name_width),
                if chosen { bold() } else { Style::new() },
            ),
            Span::styled(pad_left(&seen_text, seen), theme::dim()),
        ];
        for value in cells.iter().take(criteria) {
            spans.push(match value {
                Some(v) => Span::styled(format!("{v:>cell$.1}"), heat(*v)),
                None => Span::styled(format!("{:>cell$}", "·"), theme::dim()),
            });
        }
        lines.push(Line::from(spans));
    }
}
