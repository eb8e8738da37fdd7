//! Handing the terminal back and taking it again: on suspend (Ctrl-Z) and on every way out.

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::terminal::{Clear, ClearType, EnterAlternateScreen, enable_raw_mode};
use ratatui::crossterm::{execute, queue};
use std::io::{self, BufWriter, Stdout, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// The cockpit's terminal, drawing through a [`FrameWriter`].
pub type CockpitTerminal = Terminal<CrosstermBackend<FrameWriter>>;

/// Room for a whole frame of a large terminal, colours and all; pages are only touched as
/// a frame fills them.
const FRAME_BUFFER: usize = 1 << 20;

/// Standard output for frames, buffered: standard output itself is line-buffered and sends
/// a frame (which has no newlines) out in pieces of 1 kB; here a frame goes out in one write.
/// While a panic unwinds, the panic hook has given the terminal back already: what would be
/// written then (a half-queued frame, the alternate screen) would undo that, so it is dropped.
pub struct FrameWriter(BufWriter<Stdout>);

impl Write for FrameWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if std::thread::panicking() {
            return Ok(buf.len());
        }
        self.0.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        if std::thread::panicking() {
            return Ok(());
        }
        self.0.flush()
    }
}

impl Drop for FrameWriter {
    fn drop(&mut self) {
        if std::thread::panicking() {
            // Taken apart, a BufWriter drops what it holds instead of writing it.
            let held = std::mem::replace(&mut self.0, BufWriter::with_capacity(0, io::stdout()));
            let _ = held.into_parts();
        }
    }
}

/// Takes the terminal for the cockpit: raw mode, the alternate screen, the mouse. A panic
/// gives all three back, and the cursor, before its report is printed. What this asks of
/// the terminal goes out with the first frame, in the same write.
pub fn enter() -> io::Result<CockpitTerminal> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), DisableMouseCapture, Show);
        ratatui::restore();
        hook(info);
    }));
    enable_raw_mode()?;
    let mut out = FrameWriter(BufWriter::with_capacity(FRAME_BUFFER, io::stdout()));
    // After a crash the terminal may still hold the old screen: start from a blank one, as
    // the first frame only draws what differs from blank.
    queue!(
        out,
        EnterAlternateScreen,
        EnableMouseCapture,
        Clear(ClearType::All)
    )?;
    Terminal::new(CrosstermBackend::new(out))
}

/// Gives the terminal back as it was found.
pub fn leave() {
    let _ = execute!(io::stdout(), DisableMouseCapture);
    ratatui::restore();
}

/// Restores the terminal, stops the process as the shell's Ctrl-Z would, and takes the
/// terminal back when `fg` resumes it.
pub fn suspend(terminal: &mut CockpitTerminal) -> io::Result<()> {
    leave();
    #[cfg(unix)]
    // SAFETY: raise only sends a signal to this process; SIGTSTP's default action stops it
    // until SIGCONT, after which execution continues here.
    unsafe {
        libc::raise(libc::SIGTSTP);
    }
    take_back(terminal)
}

/// Takes the terminal back after another program had it, and makes the next frame draw
/// everything. (`Terminal::clear` would ask the terminal where its cursor is, which not
/// every terminal answers.)
fn take_back(terminal: &mut CockpitTerminal) -> io::Result<()> {
    enable_raw_mode()?;
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        Clear(ClearType::All)
    )?;
    // A blank frame on the blank screen: the next one is then drawn whole.
    terminal.draw(|frame| frame.render_widget(ratatui::widgets::Clear, frame.area()))?;
    Ok(())
}

/// What the editor's files are named: the process that made them, so that a cockpit
/// cleaning up never takes the file of another one that is running.
const NOTES_PREFIX: &str = "cadence-notes-";
const NOTES_SUFFIX: &str = ".md";

/// Where the notes handed to the editor are written: `$XDG_RUNTIME_DIR` when set (private to
/// the user, and emptied when they log out), else the directory beside the database. Never
/// the shared temporary directory: a cockpit killed mid-edit would leave private notes there.
pub fn notes_dir(db: &std::path::Path) -> std::path::PathBuf {
    match std::env::var_os("XDG_RUNTIME_DIR").map(std::path::PathBuf::from) {
        // The XDG spec says a relative path is to be ignored.
        Some(dir) if dir.is_absolute() => dir,
        _ => crate::store::parent_dir(db).to_path_buf(),
    }
}

/// Removes the editor's files that cadence processes no longer running left in `dir` (a
/// cockpit killed while the editor had the notes). Any other file is left alone.
pub fn clear_leftover_notes(dir: &std::path::Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = notes_owner(&name.to_string_lossy()) else {
            continue;
        };
        if !running(pid) && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The process that made an editor's file, from its name `cadence-notes-PID-XXXXXX.md`.
fn notes_owner(name: &str) -> Option<u32> {
    let rest = name
        .strip_prefix(NOTES_PREFIX)?
        .strip_suffix(NOTES_SUFFIX)?;
    let (pid, random) = rest.split_once('-')?;
    (!random.is_empty()).then_some(())?;
    pid.parse().ok()
}

fn running(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        // SAFETY: signal 0 sends nothing; it only asks whether the process exists.
        let alive = unsafe { libc::kill(pid, 0) } == 0;
        alive || io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    true
}

/// Hands the terminal to the manager's editor on `text` and takes it back: the text as the
/// editor left it, or why it could not be edited. `$VISUAL`, then `$EDITOR`, then `vi`, split
/// into words as a shell would and started directly, never through a shell. The file, in
/// `dir` (see [`notes_dir`]), is readable by its owner alone and removed afterwards.
pub fn edit(
    terminal: &mut CockpitTerminal,
    text: &str,
    dir: &std::path::Path,
) -> io::Result<Result<String, String>> {
    let visual = std::env::var("VISUAL").ok();
    let editor = std::env::var("EDITOR").ok();
    let words = match editor_words(visual.as_deref(), editor.as_deref()) {
        Ok(words) => words,
        Err(problem) => return Ok(Err(problem)),
    };
    let mut file = tempfile::Builder::new()
        .prefix(&format!("{NOTES_PREFIX}{}-", std::process::id()))
        .suffix(NOTES_SUFFIX)
        .tempfile_in(dir)?;
    io::Write::write_all(&mut file, text.as_bytes())?;
    io::Write::write_all(&mut file, b"\n")?;
    file.as_file().sync_all()?;
    leave();
    let status = std::process::Command::new(&words[0])
        .args(&words[1..])
        .arg(file.path())
        .status();
    take_back(terminal)?;
    match status {
        Ok(s) if s.success() => {}
        Ok(s) => {
            return Ok(Err(format!(
                "{} ended with {s}: the text was kept as it was",
                words[0]
            )));
        }
        Err(e) => {
            return Ok(Err(format!(
                "cannot start the editor '{}': {e}; set $VISUAL or $EDITOR",
                words[0]
            )));
        }
    }
    let edited = std::fs::read_to_string(file.path())?;
    // Editors end a file with a newline; the notes did not have one.
    Ok(Ok(edited.strip_suffix('\n').unwrap_or(&edited).to_string()))
}

/// The editor to start and its arguments, from `$VISUAL`, else `$EDITOR`, else `vi`: split
/// into words as a shell would, quotes and all, to be started directly. Nothing in them is
/// run by a shell: `;`, `$(...)` and `|` are only characters of a word.
pub fn editor_words(visual: Option<&str>, editor: Option<&str>) -> Result<Vec<String>, String> {
    let command = [visual, editor]
        .into_iter()
        .flatten()
        .find(|value| !value.trim().is_empty())
        .unwrap_or("vi");
    shlex::split(command)
        .filter(|words| !words.is_empty())
        .ok_or_else(|| {
            format!(
                "cannot start the editor '{}': $VISUAL or $EDITOR should be a program and its \
                 arguments, such as \"vim\" or \"code --wait\"",
                crate::text::one_line(command)
            )
        })
}

/// How long the loop has to close by itself once asked to stop, before the watch does.
const GRACE: Duration = Duration::from_secs(3);

/// Watches, on a thread of its own, for the terminal going away (its input hung up) and for
/// a stop that the loop does not carry out: crossterm's reader spins on a closed terminal
/// without returning, so the loop never sees the flag. Raises `stop` on a hang-up; when the
/// process is still running `GRACE` after `stop` was raised, calls `save` and exits.
pub fn watch_for_hangup(
    stop: Arc<AtomicBool>,
    save: impl FnOnce() + Send + 'static,
) -> io::Result<()> {
    std::thread::Builder::new()
        .name("cadence-hangup".into())
        .spawn(move || {
            let mut asked: Option<crate::clock::Stopwatch> = None;
            loop {
                std::thread::sleep(Duration::from_millis(100));
                if hung_up() {
                    stop.store(true, Ordering::Relaxed);
                }
                if stop.load(Ordering::Relaxed) {
                    let since = *asked.get_or_insert_with(crate::clock::Stopwatch::start);
                    if since.elapsed() >= GRACE {
                        save();
                        std::process::exit(1);
                    }
                }
            }
        })?;
    Ok(())
}

/// Whether the terminal on standard input hung up.
fn hung_up() -> bool {
    #[cfg(unix)]
    {
        let mut fd = libc::pollfd {
            fd: 0,
            events: 0,
            revents: 0,
        };
        // SAFETY: one valid pollfd, and a zero timeout: poll only reports on descriptor 0.
        let ready = unsafe { libc::poll(&mut fd, 1, 0) };
        ready > 0 && fd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0
    }
    #[cfg(not(unix))]
    {
        false
    }
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

#[cfg(test)]
mod tests {
    use super::editor_words;

    fn words(list: &[&str]) -> Result<Vec<String>, String> {
        Ok(list.iter().map(|w| w.to_string()).collect())
    }

    #[test]
    fn the_editor_is_split_into_words_as_a_shell_would_and_nothing_more() {
        assert_eq!(editor_words(None, None), words(&["vi"]));
        assert_eq!(
            editor_words(Some("code --wait"), Some("nano")),
            words(&["code", "--wait"])
        );
        assert_eq!(
            editor_words(Some("  "), Some("nano -R")),
            words(&["nano", "-R"])
        );
        assert_eq!(editor_words(Some(""), None), words(&["vi"]));
        assert_eq!(
            editor_words(
                None,
                Some("'/Applications/My Editor/bin/edit' --new-window")
            ),
            words(&["/Applications/My Editor/bin/edit", "--new-window"])
        );
        // Shell syntax stays in the words: nothing is run by a shell.
        assert_eq!(
            editor_words(Some("vim; rm -rf ~ $(id) | cat"), None),
            words(&["vim;", "rm", "-rf", "~", "$(id)", "|", "cat"])
        );
    }

    #[test]
    fn an_editor_that_cannot_be_split_is_refused_in_words() {
        let problem = editor_words(Some("vim 'unclosed"), None).unwrap_err();
        assert!(
            problem.starts_with("cannot start the editor 'vim 'unclosed'"),
            "{problem}"
        );
        let problem = editor_words(Some("\"\nvim"), None).unwrap_err();
        assert!(!problem.contains('\n'), "{problem}");
    }
}
