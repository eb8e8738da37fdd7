//! Connecting to the team server: the password from `password`, TLS whenever the server
//! offers it (and a refusal when the URL says `sslmode=require` and it does not), and a
//! timeout on every step so that nothing hangs: the login as a whole, each statement on the
//! server, and unacknowledged writes and silent peers on the socket. Each way a connection fails becomes one
//! line naming the server as `user@host:port/database`.

use super::password::{self, Login};
use super::{TeamError, TeamUrl};
use postgres::Client;
use postgres::error::SqlState;
use std::time::Duration;

/// How long connecting may take, unless the URL sets `connect_timeout`.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a sent request may go unacknowledged before the connection is dropped.
const TCP_USER_TIMEOUT: Duration = Duration::from_secs(30);
/// How long the server may work on one statement.
const STATEMENT_TIMEOUT_MS: u32 = 30_000;

/// A connection to the server `url` names, as its user.
pub fn connect(url: &TeamUrl) -> Result<Client, TeamError> {
    let mut config = url.driver_config();
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(CONNECT_TIMEOUT);
    }
    let deadline = config
        .get_connect_timeout()
        .copied()
        .unwrap_or(CONNECT_TIMEOUT);
    config
        .tcp_user_timeout(TCP_USER_TIMEOUT)
        .keepalives(true)
        .keepalives_idle(Duration::from_secs(30))
        .application_name("cadence");
    if config.get_options().is_none() {
        config.options(&format!("-c statement_timeout={STATEMENT_TIMEOUT_MS}"));
    }
    let host = url.host();
    let login = Login {
        host: &host,
        port: url.port(),
        database: url.database(),
        user: url.user(),
    };
    if let Some(password) = password::lookup(&login)? {
        config.password(password);
    }
    let tls = native_tls::TlsConnector::new()
        .map_err(|e| TeamError::Refused(format!("cannot set up TLS for the team server: {e}")))?;
    // The driver's timeout covers opening the socket only: a server that accepts and then
    // says nothing would hold the login forever, so the whole login runs against a deadline
    // on a thread of its own (left to end with the process if it never does).
    let (done, result) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(config.connect(postgres_native_tls::MakeTlsConnector::new(tls)));
    });
    match result.recv_timeout(deadline + Duration::from_secs(1)) {
        Ok(connected) => connected.map_err(|e| refused(url, &e)),
        Err(_) => Err(TeamError::Refused(format!(
            "the team server at {} did not answer in time ({} s)",
            url.describe(),
            deadline.as_secs()
        ))),
    }
}

/// One line for an error from the server or the network, naming the server.
pub fn refused(url: &TeamUrl, error: &postgres::Error) -> TeamError {
    let server = url.describe();
    if let Some(db) = error.as_db_error() {
        let code = db.code();
        let why = if *code == SqlState::INVALID_PASSWORD
            || *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION
        {
            format!(
                "the team server refused the login of {server}: wrong password, or no such \
                 role (the password comes from PGPASSWORD or ~/.pgpass)"
            )
        } else if *code == SqlState::INVALID_CATALOG_NAME {
            format!(
                "the team server has no database '{}' ({server})",
                url.database()
            )
        } else if *code == SqlState::INSUFFICIENT_PRIVILEGE {
            format!(
                "the team server refused this for {server}: {} (an admin runs cadence team \
                 admin as the database owner or a superuser)",
                db.message()
            )
        } else {
            format!("the team server at {server} said: {}", db.message())
        };
        return TeamError::Refused(why);
    }
    // The driver's own text is general ("invalid configuration"); the reason is its source.
    let source = std::error::Error::source(error);
    let text = match source {
        Some(source) => format!("{error}: {source}"),
        None => error.to_string(),
    };
    let io = source.and_then(|s| s.downcast_ref::<std::io::Error>());
    let why = if text.contains("server does not support TLS") || text.contains("TLS was required") {
        format!(
            "the team server at {server} does not offer TLS, and the URL asks for it \
             (sslmode=require): nothing was sent in plain text"
        )
    } else if text.contains("password missing") {
        format!(
            "the team server asks {server} for a password, and there is none: set PGPASSWORD \
             or add a line to ~/.pgpass (0600)"
        )
    } else if io.is_some_and(|e| e.kind() == std::io::ErrorKind::TimedOut)
        || text.contains("timed out")
    {
        format!("the team server at {server} did not answer in time")
    } else if let Some(io) = io {
        format!(
            "cannot reach the team server at {server}: {}",
            io_reason(io)
        )
    } else if error.is_closed() {
        format!("the team server at {server} closed the connection")
    } else {
        format!("the team server at {server}: {text}")
    };
    TeamError::Refused(why)
}

fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::ConnectionRefused => "connection refused (is it running?)".into(),
        _ => error.to_string(),
    }
}
