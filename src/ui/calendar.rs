//! The week calendar pane: a column per day, meetings in time order, and the footer with the
//! selected meeting and the week's adherence.

use super::Hits;
use super::{fit, fitted, theme, width_of};
use crate::action::Target;
use crate::config::Settings;
use crate::domain::Status;
use crate::model::Cockpit;
use crate::model::calendar::CalendarMeeting;
use crate::model::cut;
use chrono::{Datelike, Timelike};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

pub fn draw(frame: &mut Frame, cockpit: &Cockpit, area: Rect, focused: bool, hits: &mut Hits) {
    let cal = &cockpit.calendar;
    let settings = &cockpit.settings;
    let (start, end) = settings.working_hours;
    let review_due = if cockpit.today.weekday() == settings.review_day
        && cal.week.days().any(|d| d == cockpit.today)
    {
        " · review due today (R)"
    } else {
        ""
    };
    let block = Block::bordered()
        .title(Line::styled(
            format!(
                " 1 Week · {} · hours {}–{}{review_due} ",
                cal.week.title(),
                start.format("%H:%M"),
                end.format("%H:%M")
            ),
            theme::title(focused),
        ))
        .border_style(theme::border(focused));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height < 4 {
        return;
    }
    let [days_area, detail_area, adherence_area] = cut::rows(
        inner,
        [
            Constraint::Min(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ],
    );

    let columns = cut::columns(days_area, [Constraint::Ratio(1, 7); 7]);
    for (index, (day, column)) in cal.week.days().zip(columns.iter()).enumerate() {
        let meetings: Vec<&CalendarMeeting> = cal.by_day[index]
            .iter()
            .map(|&i| &cal.meetings[i])
            .collect();
        let day_column = DayColumn {
            day,
            is_today: day == cockpit.today,
            meetings,
            selected_row: (index == cal.day).then_some(cal.row),
            focused,
            last: index == 6,
            settings,
            wide: columns.iter().all(|c| c.width as usize > WIDE_COLUMN),
        };
        draw_day(frame, *column, &day_column, index, hits);
    }

    let detail = match cal.selected() {
        Some(m) => detail_line(m, &cockpit.settings),
        None if !cal.loaded => Line::styled("Loading…", theme::dim()),
        None if cockpit.sellers.is_empty() => Line::styled(
            "No sellers yet: add your team with `cadence seller add \"NAME\"`, then C builds the cadence",
            theme::dim(),
        ),
        None if cal.meetings.is_empty() => Line::styled(
            "Nothing planned this week: C opens the cadence builder, a adds a meeting",
            theme::dim(),
        ),
        None => Line::styled("No meetings on this day", theme::dim()),
    };
    super::draw_lines(frame, &[detail], detail_area);
    super::draw_lines(frame, &[adherence_line(cockpit)], adherence_area);
}

/// One day of the week as its column draws it.
struct DayColumn<'a> {
    day: chrono::NaiveDate,
    is_today: bool,
    meetings: Vec<&'a CalendarMeeting>,
    /// The selected row, when the selection is on this day.
    selected_row: Option<usize>,
    focused: bool,
    /// The last column needs no divider on its right.
    last: bool,
    /// Whether every column is wide enough for the kind beside the time.
    wide: bool,
    settings: &'a Settings,
}

fn draw_day(frame: &mut Frame, area: Rect, column: &DayColumn, day: usize, hits: &mut Hits) {
    let borders = if column.last {
        Borders::NONE
    } else {
        Borders::RIGHT
    };
    let block = Block::new().borders(borders).border_style(theme::dim());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let header_style = if column.is_today {
        theme::today()
    } else {
        Style::new().add_modifier(Modifier::BOLD)
    };
    let title = format!("{} {}", column.day.weekday(), column.day.day());
    let mut lines = vec![Line::styled(fit(&title, width), header_style)];
    let per_entry = if column.wide { 2 } else { 3 };
    let room = (inner.height as usize).saturating_sub(1) / per_entry;
    // Scroll so the selected meeting stays in view.
    let first = match column.selected_row {
        Some(row) if row >= room && room > 0 => row + 1 - room,
        _ => 0,
    };
    let shown = column.meetings.iter().enumerate().skip(first).take(room);
    for (shown_row, (row, m)) in shown.enumerate() {
        let y = inner.y + 1 + (shown_row * per_entry) as u16;
        hits.add(
            Rect::new(inner.x, y, inner.width, per_entry as u16).intersection(inner),
            Target::Meeting { day, row },
        );
        let selected = column.focused && column.selected_row == Some(row);
        let off_hours = column.settings.off_hours(m.starts.time());
        lines.extend(entry_lines(m, width, selected, column.wide, off_hours));
    }
    let hidden = column.meetings.len().saturating_sub(first + room);
    if hidden > 0
        && let Some(last) = lines.last_mut()
    {
        *last = Line::styled(fit(&format!("+{hidden} more ↓"), width), theme::dim());
    }
    super::draw_lines(frame, &lines, inner);
}

/// `10:00 ✓ Pipeline` and the column divider fit in this width: wide columns put the kind
/// beside the time, narrow ones give it a line of its own.
const WIDE_COLUMN: usize = 16;

fn entry_lines(
    m: &CalendarMeeting,
    width: usize,
    selected: bool,
    wide: bool,
    off_hours: bool,
) -> Vec<Line<'_>> {
    let kind_style = Style::new().fg(theme::kind(m.meeting.kind));
    let mut status_style = theme::status(m.status);
    let mut who_style = Style::new();
    if matches!(m.status, Status::Canceled | Status::Rescheduled) {
        who_style = who_style
            .add_modifier(Modifier::CROSSED_OUT)
            .patch(theme::dim());
    }
    // Outside the working hours the time is dimmed and marked, so it shows without colour.
    let mut time_style = if off_hours {
        theme::dim().add_modifier(Modifier::ITALIC)
    } else {
        Style::new()
    };
    if selected {
        time_style = time_style.patch(theme::selected());
        status_style = status_style.patch(theme::selected());
    }
    let mark = if off_hours { '~' } else { ' ' };
    // Written out rather than through `format("%H:%M")`, which parses its pattern each time.
    let time = Span::styled(
        format!("{:02}:{:02}{mark}", m.starts.hour(), m.starts.minute()),
        time_style,
    );
    let glyph = Span::styled(m.status.glyph(), status_style);
    let who = indented(m.who(), width).style(who_style);
    if wide {
        let kind = fitted(m.meeting.kind.short(), width.saturating_sub(8));
        vec![
            Line::from(vec![
                time,
                glyph,
                Span::raw(" "),
                Span::styled(kind, kind_style),
            ]),
            who,
        ]
    } else {
        vec![
            Line::from(vec![time, glyph]),
            indented(m.meeting.kind.short(), width).style(kind_style),
            who,
        ]
    }
}

/// ` text` cut to `width`, borrowing the text when it fits whole.
fn indented(text: &str, width: usize) -> Line<'_> {
    if width_of(text) < width {
        Line::from(vec![Span::raw(" "), Span::raw(text)])
    } else {
        Line::raw(fit(&format!(" {text}"), width))
    }
}

fn detail_line(m: &CalendarMeeting, settings: &Settings) -> Line<'static> {
    let end = m.starts + chrono::Duration::minutes(i64::from(m.meeting.minutes));
    let mut spans = vec![
        Span::styled(format!("{} ", m.status.glyph()), theme::status(m.status)),
        Span::raw(format!(
            "{} {}-{} ",
            settings.day(m.starts.date_naive()),
            m.starts.format("%H:%M"),
            end.format("%H:%M")
        )),
        Span::styled(
            m.meeting.kind.label().to_string(),
            Style::new().fg(theme::kind(m.meeting.kind)),
        ),
        Span::raw(format!(" · {} · ", m.who())),
        Span::styled(m.status.key().to_string(), theme::status(m.status)),
    ];
    if let Some(reason) = &m.meeting.cancel_reason
        && m.status == Status::Canceled
    {
        spans.push(Span::raw(format!(": {reason}")));
    }
    if settings.off_hours(m.starts.time()) {
        spans.push(Span::styled(" · outside your working hours", theme::dim()));
    }
    if let Some(to) = m.meeting.rescheduled_to {
        spans.push(Span::raw(format!(" to {}", settings.when(to))));
    }
    Line::from(spans)
}

fn adherence_line(cockpit: &Cockpit) -> Line<'static> {
    let a = cockpit.calendar.adherence();
    let mut spans = vec![
        Span::styled("Adherence ", Style::new().add_modifier(Modifier::BOLD)),
        Span::raw(format!("planned {} · ", a.planned)),
        Span::styled(format!("held {}", a.held), theme::status(Status::Held)),
        Span::raw(" · "),
        Span::styled(
            format!("canceled {}", a.canceled),
            theme::status(Status::Canceled),
        ),
        Span::raw(" · "),
        Span::styled(
            format!("missed {}", a.missed),
            theme::status(Status::Missed),
        ),
        Span::raw(format!(" · ahead {}", a.ahead)),
    ];
    if a.rescheduled > 0 {
        spans.push(Span::raw(format!(" · moved {}", a.rescheduled)));
    }
    if let Some(p) = a.held_percent() {
        spans.push(Span::styled(format!("  ({p}% of due held)"), theme::dim()));
    }
    Line::from(spans)
}
