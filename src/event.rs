//! Terminal events, plus a tick when nothing happens so time-driven state (the date, later
//! the meeting timer) moves on. Knows nothing of panes.

use ratatui::crossterm::event::{self, KeyEvent, MouseEvent, MouseEventKind};
use std::io;
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    Key(KeyEvent),
    /// A click or a turn of the wheel (moves alone are dropped here).
    Mouse(MouseEvent),
    /// The terminal changed size; the next draw adapts.
    Resize,
    Tick,
}

/// Waits up to `timeout` for an event; a `Tick` when none came.
pub fn next(timeout: Duration) -> io::Result<Event> {
    if event::poll(timeout)? {
        Ok(read()?.unwrap_or(Event::Tick))
    } else {
        Ok(Event::Tick)
    }
}

/// An event that is already waiting, if any: used to handle a burst of keys in one frame.
pub fn pending() -> io::Result<Option<Event>> {
    if event::poll(Duration::ZERO)? {
        read()
    } else {
        Ok(None)
    }
}

fn read() -> io::Result<Option<Event>> {
    Ok(match event::read()? {
        event::Event::Key(key) => Some(Event::Key(key)),
        event::Event::Resize(..) => Some(Event::Resize),
        event::Event::Mouse(mouse)
            if matches!(
                mouse.kind,
                MouseEventKind::Down(_) | MouseEventKind::ScrollUp | MouseEventKind::ScrollDown
            ) =>
        {
            Some(Event::Mouse(mouse))
        }
        _ => None,
    })
}
