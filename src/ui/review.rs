//! The end-of-week review over the panes: one open action item at a time with its history,
//! then the week's summary.

use super::{centered, fit, hint_spans, pad, theme};
use crate::config::Settings;
use crate::domain::actions::{age_label, due_label, is_overdue};
use crate::domain::review::WeekSummary;
use crate::keymap::Scope;
use crate::model::Cockpit;
use crate::model::cut;
use crate::model::review::ReviewWalk;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

/// From this width the summary shows its full table; below, a compact one.
const WIDE: u16 = 90;

pub fn draw(
    frame: &mut Frame,
    cockpit: &Cockpit,
    keymap: &crate::keymap::Keymap,
    walk: &ReviewWalk,
    area: Rect,
) {
    let popup = centered(area, 100, area.height.saturating_sub(2).max(12));
    frame.render_widget(Clear, popup);
    let week = &walk.week;
    let block = Block::bordered()
        .title(Line::styled(
            format!(" End-of-week review {week} "),
            theme::title(true),
        ))
        .border_style(theme::border(true));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let [body, footer] = cut::rows(inner, [Constraint::Min(1), Constraint::Length(1)]);
    let lines = if !walk.loaded {
        vec![Line::styled("Reading the week…", theme::dim())]
    } else {
        match (walk.current(), &walk.summary) {
            (Some(_), _) => item_lines(cockpit, walk, body.width as usize),
            (None, Some(summary)) => {
                summary_lines(&cockpit.settings, walk, summary, body.width < WIDE)
            }
            (None, None) => Vec::new(),
        }
    };
    // ↑/↓ scroll what does not fit; never past the last line.
    let most = (lines.len() as u16).saturating_sub(body.height);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((walk.scroll.min(most), 0)),
        body,
    );
    // On the summary only going back, scrolling and closing mean anything.
    let on_summary = walk.current().is_none();
    let hints = keymap.hints_where(Scope::Review, |a| {
        !on_summary || crate::model::review::applies_on_summary(a)
    });
    frame.render_widget(Line::from(hint_spans(hints)), footer);
}

fn bold() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

fn item_lines(cockpit: &Cockpit, walk: &ReviewWalk, width: usize) -> Vec<Line<'static>> {
    let today = cockpit.today;
    let zone = cockpit.settings.zone;
    let Some(item) = walk.current() else {
        return Vec::new();
    };
    let overdue = is_overdue(item.status, item.due_on, today);
    let section = if overdue {
        "overdue"
    } else if item.due_on.is_some() {
        "due this week"
    } else {
        "no date"
    };
    let due = match item.due_on {
        Some(d) => format!(
            "due {} ({})",
            cockpit.settings.day(d),
            due_label(Some(d), today)
        ),
        None => "no due date".into(),
    };
    let from = match &item.source {
        Some(m) => format!(
            "from the {} on {}",
            m.kind.label(),
            m.starts_at.with_timezone(&zone).format("%b %-d")
        ),
        None => "added in the tracker".into(),
    };
    let mut lines = vec![
        Line::from(vec![
            Span::styled(
                format!("Item {} of {} · ", walk.index + 1, walk.queue.len()),
                theme::dim(),
            ),
            Span::styled(section, if overdue { theme::error() } else { bold() }),
            Span::styled(format!(" · {} decided", walk.decided_count()), theme::dim()),
        ]),
        Line::raw(""),
        Line::from(vec![
            Span::styled(if overdue { "! " } else { "  " }, theme::error()),
            Span::styled(item.title.clone(), bold()),
        ]),
        Line::raw(format!(
            "  {} · owner {} · {due}",
            item.seller.name,
            item.owner.key()
        )),
        Line::styled(
            format!(
                "  {from} · open {}",
                age_label(item.created_at.with_timezone(&zone).date_naive(), today)
            ),
            theme::dim(),
        ),
        Line::raw(""),
        Line::styled("History", bold()),
    ];
    for entry in &walk.history {
        lines.push(Line::raw(format!(
            "  {}  {}",
            entry.at.with_timezone(&zone).format("%b %-d"),
            entry.text
        )));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("The walk", bold()));
    for (i, queued) in walk.queue.iter().enumerate() {
        let outcome = walk.outcomes.get(i).copied().flatten();
        let marker = if i == walk.index { "▸" } else { " " };
        let text = format!("{marker} {:<16} {}", outcome.unwrap_or(""), queued.title);
        let style = if i == walk.index {
            bold()
        } else if outcome.is_some() {
            theme::dim()
        } else {
            Style::new()
        };
        lines.push(Line::styled(fit(&text, width), style));
    }
    lines
}

fn summary_lines(
    settings: &Settings,
    walk: &ReviewWalk,
    s: &WeekSummary,
    compact: bool,
) -> Vec<Line<'static>> {
    let c = &s.cadence;
    let mut lines = vec![
        Line::styled(
            format!(
                "Week {} · {} – {}",
                s.week,
                settings.day(s.first_day),
                settings.day(s.last_day)
            ),
            bold(),
        ),
        Line::raw(format!(
            "Cadence: {} of {} meetings held{} · {} canceled · {} missed · {} ahead",
            c.held,
            c.planned,
            c.held_percent()
                .map(|p| format!(" ({p}% of those due)"))
                .unwrap_or_default(),
            c.canceled,
            c.missed,
            c.ahead
        )),
        Line::raw(""),
    ];
    if compact {
        // Narrow: one line a seller, the figures in the header's order.
        lines.push(Line::styled(
            "Seller: planned/held/canceled/missed · joint calls wk/4wk",
            bold(),
        ));
        for seller in &s.sellers {
            let a = &seller.cadence;
            let unobserved = seller.joint_calls_last_4_weeks == 0;
            lines.push(Line::from(vec![
                Span::raw(format!(
                    "{}: {}/{}/{}/{} · ",
                    seller.seller, a.planned, a.held, a.canceled, a.missed
                )),
                Span::styled(
                    format!(
                        "{}/{}{}",
                        seller.joint_calls_this_week,
                        seller.joint_calls_last_4_weeks,
                        if unobserved { " ⚠" } else { "" }
                    ),
                    if unobserved {
                        theme::error()
                    } else {
                        Style::new()
                    },
                ),
            ]));
        }
    } else {
        lines.push(Line::styled(
            format!(
                "{:<18} {:>7} {:>5} {:>8} {:>6} {:>5}  {}",
                "Seller", "Planned", "Held", "Canceled", "Missed", "Ahead", "Joint calls wk / 4wk"
            ),
            bold(),
        ));
    }
    for seller in s.sellers.iter().filter(|_| !compact) {
        let a = &seller.cadence;
        let unobserved = seller.joint_calls_last_4_weeks == 0;
        lines.push(Line::from(vec![
            Span::raw(format!(
                "{} {:>7} {:>5} {:>8} {:>6} {:>5}  ",
                pad(&seller.seller, 18),
                a.planned,
                a.held,
                a.canceled,
                a.missed,
                a.ahead
            )),
            Span::styled(
                format!(
                    "{} / {}{}",
                    seller.joint_calls_this_week,
                    seller.joint_calls_last_4_weeks,
                    if unobserved {
                        "  not observed in 4 weeks"
                    } else {
                        ""
                    }
                ),
                if unobserved {
                    theme::error()
                } else {
                    Style::new()
                },
            ),
        ]));
    }
    if s.team.planned > 0 {
        let t = &s.team;
        lines.push(Line::raw(if compact {
            format!(
                "Whole team: {}/{}/{}/{}",
                t.planned, t.held, t.canceled, t.missed
            )
        } else {
            format!(
                "{:<18} {:>7} {:>5} {:>8} {:>6} {:>5}",
                "Whole team", t.planned, t.held, t.canceled, t.missed, t.ahead
            )
        }));
    }
    let canceled: Vec<String> = s
        .sellers
        .iter()
        .flat_map(|seller| {
            seller.cancellations.iter().map(move |c| {
                format!(
                    "  {}, {} {}: {}",
                    seller.seller,
                    c.kind,
                    settings.day(c.day),
                    c.reason
                )
            })
        })
        .chain(s.team_cancellations.iter().map(|c| {
            format!(
                "  Whole team, {} {}: {}",
                c.kind,
                settings.day(c.day),
                c.reason
            )
        }))
        .collect();
    if !canceled.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Canceled", bold()));
        lines.extend(canceled.into_iter().map(Line::raw));
    }
    let a = &s.actions;
    lines.push(Line::raw(""));
    lines.push(Line::raw(format!(
        "Action items: opened {} · done {} · dropped {} · overdue {}",
        a.opened, a.done, a.dropped, a.overdue
    )));
    let ratings = match s.average_rating {
        Some(avg) => format!(
            "1:1 feedback: average {avg:.1} from {} rated 1:1s",
            s.ratings.len()
        ),
        None => "1:1 feedback: no 1:1 rated this week".into(),
    };
    lines.push(Line::raw(ratings));
    for r in &s.ratings {
        let comment = r
            .comment
            .as_deref()
            .map(|c| format!(" \"{c}\""))
            .unwrap_or_default();
        lines.push(Line::styled(
            format!(
                "  {} {}: {}/5{comment}",
                r.seller,
                r.day.format("%a"),
                r.rating
            ),
            theme::dim(),
        ));
    }
    lines.push(Line::raw(""));
    let walked = if walk.queue.is_empty() {
        "No open action item was overdue, due this week or undated.".to_string()
    } else {
        format!(
            "You walked {} of {} action items.",
            walk.decided_count(),
            walk.queue.len()
        )
    };
    lines.push(Line::styled(
        format!("{walked} `cadence review --format md` prints this summary as a note."),
        theme::dim(),
    ));
    lines
}
