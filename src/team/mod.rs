//! The organisation's view: the shared PostgreSQL where a leader reads every manager's
//! cadence, coaching and calibration. This module owns the `[team]` settings, the
//! connection (password lookup, TLS, timeouts), the server schema and its migrations, the
//! admin's commands, `team status` and `team push` (which reads the local file's outbox
//! through `crate::store`, and writes there only the mark of what the server committed). It
//! never prints, logs or writes the password or the full URL: a server is named by
//! `user@host:port/database` at most.

pub mod admin;
pub mod config;
pub mod connect;
pub mod password;
pub mod push;
pub mod schema;
pub mod shared;
pub mod status;

pub use config::{Push, Role, TeamSettings, TeamUrl};

use std::fmt;

/// Why a team command stopped, in one line.
#[derive(Debug, PartialEq, Eq)]
pub enum TeamError {
    /// Input that was wrong (a URL, a setting, a name, an unknown manager): exit code 2, and
    /// nothing was sent.
    BadInput(String),
    /// Something the server or the network refused: exit code 1.
    Refused(String),
}

impl TeamError {
    pub fn is_bad_input(&self) -> bool {
        matches!(self, TeamError::BadInput(_))
    }
}

impl fmt::Display for TeamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TeamError::BadInput(why) | TeamError::Refused(why) => {
                f.write_str(&crate::text::one_line(why))
            }
        }
    }
}

impl std::error::Error for TeamError {}
