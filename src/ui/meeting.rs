//! The live meeting pane: purpose, the meeting's and the current item's timers with their
//! gauges, the agenda, and the notes of the selected item.

use super::Hits;
use super::{fit, theme, width_of};
use crate::action::Target;
use crate::domain::agenda::{Owner, Source, carried_label};
use crate::domain::timer::{self, Gauge, clock_text};
use crate::model::Cockpit;
use crate::model::cut;
use crate::model::live::LiveMeeting;
use chrono::{DateTime, TimeDelta, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, LineGauge, Paragraph, Wrap};

pub fn draw(
    frame: &mut Frame,
    cockpit: &Cockpit,
    live: &LiveMeeting,
    area: Rect,
    focused: bool,
    now: DateTime<Utc>,
    hits: &mut Hits,
) {
    let m = &live.one.meeting;
    let who = m
        .seller
        .as_ref()
        .map(|s| s.name.as_str())
        .unwrap_or("the team");
    let title = format!(
        " 2 Meeting · 1:1 with {who}, {} ",
        cockpit.settings.when(m.starts_at)
    );
    let block = Block::bordered()
        .title(Line::styled(title, theme::title(focused)))
        .border_style(theme::border(focused));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height < 6 {
        return;
    }
    let agenda_height =
        (live.items.len() as u16 + 1).clamp(2, inner.height.saturating_sub(8).max(2));
    let [
        purpose_area,
        meeting_gauge,
        item_gauge,
        agenda_area,
        notes_area,
    ] = cut::rows(
        inner,
        [
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(agenda_height + 1),
            Constraint::Min(3),
        ],
    );

    frame.render_widget(purpose_line(live), purpose_area);
    if live.landed() {
        frame.render_widget(landed_line(live), meeting_gauge);
    } else {
        let elapsed = live.elapsed(now);
        let state = if live.one.timer.running() {
            "▶"
        } else {
            "⏸"
        };
        draw_gauge(
            frame,
            meeting_gauge,
            format!(
                "{state} {} / {:02}:00 meeting",
                clock_text(elapsed),
                m.minutes
            ),
            elapsed,
            m.minutes,
            cockpit.settings.meeting_warning,
        );
        match live
            .current
            .and_then(|i| live.items.get(i).map(|it| (i, it)))
        {
            Some((i, item)) => {
                let elapsed = item.elapsed(&live.one.timer, true, now);
                draw_gauge(
                    frame,
                    item_gauge,
                    format!(
                        "  {} / {:02}:00 item {}",
                        clock_text(elapsed),
                        item.item.minutes,
                        i + 1
                    ),
                    elapsed,
                    item.item.minutes,
                    cockpit.settings.item_warning,
                );
            }
            None => frame.render_widget(
                Line::styled(
                    "  Space starts the timer on the selected item",
                    theme::dim(),
                ),
                item_gauge,
            ),
        }
    }
    draw_agenda(frame, cockpit, live, agenda_area, focused, now, hits);
    draw_notes(frame, live, notes_area);
}

fn purpose_line(live: &LiveMeeting) -> Line<'static> {
    if live.one.purposes.is_empty() {
        return Line::styled("Purpose: not chosen yet (u)", theme::error());
    }
    let names: Vec<&str> = live.one.purposes.iter().map(|p| p.key()).collect();
    let mut spans = vec![
        Span::styled("Purpose ", Style::new().add_modifier(Modifier::BOLD)),
        Span::raw(names.join(" + ")),
    ];
    if live.too_much() {
        spans.push(Span::styled(
            "  ⚠ more than one purpose: this 1:1 tries to do too much",
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        ));
    }
    Line::from(spans)
}

fn landed_line(live: &LiveMeeting) -> Line<'static> {
    let one = &live.one;
    let mut text = format!(
        "Landed · held {} (planned {})",
        timer::minutes_text(i64::from(one.actual_minutes.unwrap_or(0))),
        one.meeting.minutes
    );
    if let Some(rating) = one.rating {
        text.push_str(&format!(" · rated {rating}/5"));
    }
    if one.no_actions {
        text.push_str(" · no actions");
    } else {
        let n = one.actions.len();
        text.push_str(&format!(
            " · {n} action item{}",
            if n == 1 { "" } else { "s" }
        ));
    }
    Line::styled(text, theme::status(crate::domain::Status::Held))
}

fn gauge_color(state: Gauge) -> Color {
    match state {
        Gauge::Within => Color::Green,
        Gauge::Closing => Color::Yellow,
        Gauge::Over => Color::Red,
    }
}

fn draw_gauge(
    frame: &mut Frame,
    area: Rect,
    label: String,
    elapsed: TimeDelta,
    minutes: u32,
    margin: TimeDelta,
) {
    let state = timer::gauge(elapsed, minutes, margin);
    let planned = f64::from(minutes.max(1)) * 60.0;
    let ratio = (elapsed.num_seconds() as f64 / planned).clamp(0.0, 1.0);
    // The words say what the colour says, for terminals and people without colour.
    let end = TimeDelta::minutes(i64::from(minutes));
    let label = match state {
        Gauge::Over => format!("{label}  +{} over", clock_text(elapsed - end)),
        Gauge::Closing => format!("{label}  ⚠ {} left", clock_text(end - elapsed)),
        Gauge::Within => label,
    };
    let gauge = LineGauge::default()
        .ratio(ratio)
        .label(Span::styled(
            label,
            Style::new()
                .fg(gauge_color(state))
                .add_modifier(Modifier::BOLD),
        ))
        .filled_style(Style::new().fg(gauge_color(state)))
        .unfilled_style(theme::dim());
    frame.render_widget(gauge, area);
}

fn draw_agenda(
    frame: &mut Frame,
    cockpit: &Cockpit,
    live: &LiveMeeting,
    area: Rect,
    focused: bool,
    now: DateTime<Utc>,
    hits: &mut Hits,
) {
    let width = area.width as usize;
    let mut lines = vec![Line::styled(
        "Agenda",
        Style::new().add_modifier(Modifier::BOLD),
    )];
    if live.items.is_empty() {
        lines.push(Line::styled(
            "  Empty: pick the purpose (u) to build it, or add an item (a)",
            theme::dim(),
        ));
    }
    let room = (area.height as usize).saturating_sub(1).max(1);
    let first = live.selected.saturating_sub(room.saturating_sub(1));
    let time_of = |i: usize| {
        let item = &live.items[i];
        let elapsed = item.elapsed(&live.one.timer, live.current == Some(i), now);
        (
            elapsed,
            format!("{} / {}m", clock_text(elapsed), item.item.minutes),
        )
    };
    // The times are right-aligned in one column, so the owners before them line up too.
    let time_width = (0..live.items.len())
        .map(|i| width_of(&time_of(i).1))
        .max()
        .unwrap_or(0);
    for (i, live_item) in live.items.iter().enumerate().skip(first).take(room) {
        let y = area.y + 1 + (i - first) as u16;
        hits.add(
            Rect::new(area.x, y, area.width, 1).intersection(area),
            Target::AgendaItem(i),
        );
        let item = &live_item.item;
        let is_current = live.current == Some(i);
        let marker = if is_current {
            "▶"
        } else if item.done {
            "✓"
        } else {
            " "
        };
        let (elapsed, time) = time_of(i);
        let time = super::pad_left(&time, time_width);
        let time_style = if elapsed > TimeDelta::zero() {
            Style::new().fg(gauge_color(timer::gauge(
                elapsed,
                item.minutes,
                cockpit.settings.item_warning,
            )))
        } else {
            theme::dim()
        };
        let tag = match item.source {
            Source::Seller => " (seller's)".to_string(),
            Source::Carried => item
                .carried_from
                .map(|d| format!(" ({})", carried_label(d, item.carried_count)))
                .unwrap_or_default(),
            _ => String::new(),
        };
        let owner = match item.owner {
            Owner::Seller => "seller ",
            Owner::Manager => "manager",
        };
        let fixed = 4 + 1 + 8 + width_of(&time) + 1;
        let title_room = width.saturating_sub(fixed);
        let title = fit(
            &format!("{}. {}", i + 1, item.title),
            title_room.saturating_sub(width_of(&tag)).max(8),
        );
        let pad = title_room.saturating_sub(width_of(&title) + width_of(&tag));
        let mut row_style = Style::new();
        if item.done && !is_current {
            row_style = row_style.patch(theme::dim());
        }
        if focused && i == live.selected {
            row_style = row_style.patch(theme::selected());
        }
        lines.push(Line::from(vec![
            Span::styled(format!(" {marker} "), row_style),
            Span::styled(title, row_style),
            Span::styled(tag, row_style.patch(Style::new().fg(Color::Yellow))),
            Span::styled(" ".repeat(pad), row_style),
            Span::styled(format!(" {owner} "), theme::dim()),
            Span::styled(time, time_style),
        ]));
    }
    super::draw_lines(frame, &lines, area);
}

fn draw_notes(frame: &mut Frame, live: &LiveMeeting, area: Rect) {
    let Some(item) = live.selected_item() else {
        return;
    };
    let which = if live.private_view {
        Span::styled("private: never in a recap", Style::new().fg(Color::Magenta))
    } else {
        Span::raw("shared with the seller")
    };
    let hint = if live.typing {
        "Esc when done"
    } else {
        "i to write, v for private"
    };
    let title = Line::from(vec![
        Span::raw(format!(" Notes on {} · ", fit(&item.item.title, 30))),
        which,
        Span::styled(format!(" · {hint} "), theme::dim()),
    ]);
    let border = if live.typing {
        theme::border(true)
    } else {
        theme::dim()
    };
    let block = Block::bordered().title(title).border_style(border);
    let mut rows = Vec::new();
    if item.item.source == Source::Actions && !live.one.open_actions.is_empty() {
        for action in &live.one.open_actions {
            rows.push(format!(
                "• {} ({}{})",
                action.title,
                action.owner.key(),
                action
                    .due_on
                    .map(|d| d.format(", due %b %-d").to_string())
                    .unwrap_or_default()
            ));
        }
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [actions_area, text_area] = cut::rows(
        inner,
        [Constraint::Length(rows.len() as u16), Constraint::Min(1)],
    );
    if !rows.is_empty() {
        frame.render_widget(
            Paragraph::new(rows.into_iter().map(Line::raw).collect::<Vec<_>>())
                .style(theme::dim())
                .wrap(Wrap { trim: true }),
            actions_area,
        );
    }
    let area_widget = if live.private_view {
        &item.private
    } else {
        &item.shared
    };
    let mut editor = area_widget.clone();
    editor.set_cursor_line_style(Style::new());
    if !live.typing {
        editor.set_cursor_style(Style::new());
    }
    if editor.is_empty() && !live.typing {
        frame.render_widget(Line::styled("No notes yet.", theme::dim()), text_area);
    } else {
        frame.render_widget(&editor, text_area);
    }
}
