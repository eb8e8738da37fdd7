//! The real binary in a pseudo-terminal, read back through a vt100 screen parser: the
//! harness of the end-to-end tests.

use super::{NOW, ZONE};
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

pub const PATIENCE: Duration = Duration::from_secs(20);

fn nonzero(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("a terminal has a size")
}

pub struct Session {
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    output: Receiver<Vec<u8>>,
    pub screen: vt100::Parser,
}

impl Session {
    pub fn start(dir: &Path, args: &[&str], cols: u16, rows: u16) -> Session {
        Session::start_with(dir, args, cols, rows, &[])
    }

    /// Starts the cockpit with some more environment variables set.
    pub fn start_with(
        dir: &Path,
        args: &[&str],
        cols: u16,
        rows: u16,
        env: &[(&str, &str)],
    ) -> Session {
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_cadence"));
        cmd.args(args);
        Session::start_command(cmd, dir, cols, rows, env)
    }

    /// Starts `cmd` (the cockpit, or a program that ends by running it) with the tests'
    /// pinned clock, zone, config and home.
    pub fn start_command(
        mut cmd: CommandBuilder,
        dir: &Path,
        cols: u16,
        rows: u16,
        env: &[(&str, &str)],
    ) -> Session {
        cmd.env("CADENCE_NOW", NOW);
        cmd.env("CADENCE_TZ", ZONE);
        cmd.env("CADENCE_CONFIG", dir.join("config.toml"));
        cmd.env("HOME", dir);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("CADENCE_DB");
        cmd.env_remove("VISUAL");
        cmd.env_remove("EDITOR");
        cmd.env_remove("NO_COLOR");
        for (name, value) in env {
            cmd.env(name, value);
        }
        cmd.cwd(dir);
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let child = pty.slave.spawn_command(cmd).expect("cadence starts");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let writer = pty.master.take_writer().unwrap();
        let (tx, output) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Session {
            master: pty.master,
            writer,
            child,
            output,
            screen: vt100::Parser::new(nonzero(rows), nonzero(cols), 0),
        }
    }

    pub fn contents(&self) -> String {
        self.screen.screen().contents()
    }

    /// Reads output until the screen satisfies `ready`, or fails with the screen shown.
    pub fn wait_for(&mut self, what: &str, ready: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if ready(&self.contents()) {
                return;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "timed out waiting for {what}; the screen shows:\n{}",
                self.contents()
            );
            if let Ok(bytes) = self
                .output
                .recv_timeout(left.min(Duration::from_millis(100)))
            {
                self.screen.process(&bytes);
            }
        }
    }

    pub fn wait_for_text(&mut self, text: &str) {
        self.wait_for(text, |s| s.contains(text));
    }

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        self.screen.set_size(nonzero(rows), nonzero(cols));
    }

    /// The cockpit's process id.
    pub fn pid(&self) -> libc::pid_t {
        self.child.process_id().expect("a running child") as libc::pid_t
    }

    /// Sends `signal` to the cockpit: SIGTERM as a system does, SIGKILL as a crash does.
    pub fn signal(&mut self, signal: libc::c_int) {
        let pid = self.pid();
        // SAFETY: kill only sends a signal to the child this test started.
        assert_eq!(unsafe { libc::kill(pid, signal) }, 0);
    }

    /// On the demo team: opens next Monday's 1:1 with Ana, gives it a purpose, starts the
    /// timer if asked, and starts writing notes on its first item.
    pub fn write_notes_in_anas_next_1_1(&mut self, start_timer: bool) {
        self.wait_for_text("Adherence");
        self.send("]");
        self.wait_for_text("2026-W49");
        self.send("hhhhj\r");
        self.wait_for_text("What is this 1:1 for?");
        self.send("jjj \r");
        self.wait_for_text("carried ×2 from Nov 16");
        if start_timer {
            self.send(" ");
            self.wait_for_text("▶ 00:0");
        }
        self.send("i");
        self.wait_for_text("Esc when done");
    }

    /// Waits for the process to end and drains what it printed on the way out.
    pub fn exit_code(&mut self) -> u32 {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                while let Ok(bytes) = self.output.recv_timeout(Duration::from_millis(200)) {
                    self.screen.process(&bytes);
                }
                return status.exit_code();
            }
            assert!(
                Instant::now() < deadline,
                "cadence did not exit:\n{}",
                self.contents()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}
