//! Colours and styles, in one place so the panes agree.

use crate::domain::{Kind, Status};
use ratatui::style::{Color, Modifier, Style};

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
