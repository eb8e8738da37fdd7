//! Colours and styles, in one place so the panes agree. The panes draw in the dark theme's
//! colours; `apply` then recolours the finished frame for the light theme, or takes colour
//! away for the plain one (`NO_COLOR`). Every state colour marks is also in a glyph or a word,
//! so nothing is lost without colour.

use crate::config::Theme;
use crate::domain::{Kind, Status};
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier, Style};

/// Recolours a drawn frame for `theme`: one pass over the cells, whatever was drawn.
pub fn apply(buffer: &mut Buffer, theme: Theme) {
    match theme {
        Theme::Dark => {}
        Theme::Light => {
            for cell in &mut buffer.content {
                cell.fg = on_light(cell.fg);
                cell.bg = on_light(cell.bg);
            }
        }
        Theme::Plain => {
            for cell in &mut buffer.content {
                // What was dimmed by colour stays dimmed, by the terminal's own means.
                if cell.fg == Color::DarkGray {
                    cell.modifier.insert(Modifier::DIM);
                }
                cell.fg = Color::Reset;
                cell.bg = Color::Reset;
            }
        }
    }
}

/// The dark theme's colour that reads as well on a light background.
fn on_light(colour: Color) -> Color {
    match colour {
        Color::Cyan => Color::Blue,
        Color::Yellow => Color::Indexed(130),
        Color::Green => Color::Indexed(28),
        Color::LightRed => Color::Red,
        Color::LightMagenta => Color::Magenta,
        Color::White => Color::Black,
        other => other,
    }
}

pub fn kind(kind: Kind) -> Color {
    match kind {
        Kind::OneOnOne => Color::Cyan,
        Kind::PipelineReview => Color::Yellow,
        Kind::ForecastReview => Color::Magenta,
        Kind::DealReview => Color::LightRed,
        Kind::JointCall => Color::Green,
        Kind::TeamMeeting => Color::Blue,
        Kind::Qbr => Color::LightMagenta,
    }
}

pub fn status(status: Status) -> Style {
    match status {
        Status::Held => Style::new().fg(Color::Green),
        Status::Planned => Style::new(),
        Status::Canceled => Style::new().fg(Color::Red),
        Status::Rescheduled => Style::new().fg(Color::DarkGray),
        Status::Missed => Style::new()
            .fg(Color::LightRed)
            .add_modifier(Modifier::BOLD),
    }
}

pub fn border(focused: bool) -> Style {
    if focused {
        Style::new().fg(Color::Cyan)
    } else {
        Style::new().fg(Color::DarkGray)
    }
}

pub fn title(focused: bool) -> Style {
    let base = Style::new().add_modifier(Modifier::BOLD);
    if focused { base.fg(Color::Cyan) } else { base }
}

pub fn selected() -> Style {
    Style::new().add_modifier(Modifier::REVERSED)
}

pub fn dim() -> Style {
    Style::new().fg(Color::DarkGray)
}

pub fn key() -> Style {
    Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
}

pub fn error() -> Style {
    Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
}

pub fn today() -> Style {
    Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
}
