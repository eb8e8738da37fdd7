//! Handing the terminal back and taking it again: on suspend (Ctrl-Z) and on every way out.

use ratatui::DefaultTerminal;
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{EnterAlternateScreen, enable_raw_mode};
use std::io;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

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

/// A flag raised when the cockpit is asked to stop from outside: SIGTERM, or SIGHUP when its
/// terminal closes. The loop sees it within a tick and closes as if `q` was pressed, so the
/// terminal is restored and the session is recorded as closed properly.
pub fn stop_requests() -> io::Result<Arc<AtomicBool>> {
    let flag = Arc::new(AtomicBool::new(false));
    #[cfg(unix)]
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(signal, Arc::clone(&flag))?;
    }
    Ok(flag)
}
