//! The meeting pane when no 1:1 is being run (a placeholder, or another kind of meeting shown
//! for reference), and the pane frame every pane shares.

use super::theme;
use crate::model::{Cockpit, Pane, describe};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

pub(super) fn pane_block(pane: Pane, focused: bool) -> Block<'static> {
    Block::bordered()
        .title(Line::styled(
            format!(" {} {} ", pane.number(), pane.title()),
            theme::title(focused),
        ))
        .border_style(theme::border(focused))
}

pub fn meeting(frame: &mut Frame, cockpit: &Cockpit, area: Rect, focused: bool) {
    let lines = match &cockpit.open_meeting {
        Some(m) => {
            let mut lines = vec![
                Line::styled(
                    describe(m, &cockpit.settings),
                    Style::new().add_modifier(Modifier::BOLD),
                ),
                Line::from(format!(
                    "{} minutes · {}",
                    m.meeting.minutes,
                    m.status.key()
                )),
            ];
            if let Some(reason) = &m.meeting.cancel_reason {
                lines.push(Line::from(format!("Canceled: {reason}")));
            }
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                "1:1s are run live here, with an agenda, a timer and notes; this meeting is shown for reference.",
                theme::dim(),
            ));
            lines
        }
        None => vec![
            Line::raw("No meeting open."),
            Line::styled(
                "Select a 1:1 in the week (1) and press Enter to run it here, or press s for an unplanned 1:1 now.",
                theme::dim(),
            ),
        ],
    };
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(pane_block(Pane::Meeting, focused)),
        area,
    );
}
