//! Handing the terminal back and taking it again: on suspend (Ctrl-Z) and on every way out.

use ratatui::DefaultTerminal;
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{EnterAlternateScreen, enable_raw_mode};
use std::io;

/// Restores the terminal, stops the process as the shell's Ctrl-Z would, and takes the
/// terminal back when `fg` resumes it.
pub fn suspend(terminal: &mut DefaultTerminal) -> io::Result<()> {
    ratatui::restore();
    #[cfg(unix)]
    // SAFETY: raise only sends a signal to this process; SIGTSTP's default action stops it
    // until SIGCONT, after which execution continues here.
    unsafe {
        libc::raise(libc::SIGTSTP);
    }
    enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen)?;
    terminal.clear()
}
