//! The server's schema: the migrations in `migrations/team/`, run by refinery (which keeps
//! its own history table), and `schema_version`, the one number a client checks before it
//! reads or writes anything.

use super::TeamError;
use postgres::Client;

mod embedded {
    refinery::embed_migrations!("migrations/team");
}

/// The newest server schema this cadence knows.
pub fn known_version() -> i32 {
    embedded::migrations::runner()
        .get_migrations()
        .iter()
        .map(|m| m.version())
        .max()
        .unwrap_or(0)
}

/// The schema version the server is at, or `None` when it has no cadence schema.
pub fn server_version(client: &mut Client, server: &str) -> Result<Option<i32>, TeamError> {
    let exists: bool = client
        .query_one(
            "SELECT to_regclass('public.schema_version') IS NOT NULL",
            &[],
        )
        .map_err(|e| query_failed(server, &e))?
        .get(0);
    if !exists {
        return Ok(None);
    }
    let row = client
        .query_opt("SELECT version FROM schema_version", &[])
        .map_err(|e| query_failed(server, &e))?;
    Ok(row.map(|r| r.get(0)))
}

/// The server's schema version when this cadence can use it: a newer one, or none, is one
/// line saying what to do.
pub fn check(client: &mut Client, server: &str) -> Result<i32, TeamError> {
    let known = known_version();
    match server_version(client, server)? {
        None => Err(TeamError::Refused(format!(
            "the team server {server} has no cadence schema yet: an admin runs \
             `cadence team admin init` on it"
        ))),
        Some(found) if found > known => Err(too_new(server, found, known)),
        Some(found) if found < known => Err(TeamError::Refused(format!(
            "the team server {server} has schema version {found}, older than the {known} this \
             cadence uses: an admin runs `cadence team admin init` to bring it up to date"
        ))),
        Some(found) => Ok(found),
    }
}

fn too_new(server: &str, found: i32, known: i32) -> TeamError {
    TeamError::Refused(format!(
        "the team server {server} has schema version {found}, newer than this cadence knows \
         ({known}): upgrade cadence"
    ))
}

/// What `migrate` did.
#[derive(Debug, PartialEq, Eq)]
pub struct Migrated {
    /// The migrations run now, as `V1__team_schema`.
    pub applied: Vec<String>,
    pub version: i32,
}

/// Brings the server's schema up to this cadence's, changing nothing when it is there
/// already; a newer schema is refused before anything runs.
pub fn migrate(client: &mut Client, server: &str) -> Result<Migrated, TeamError> {
    let known = known_version();
    if let Some(found) = server_version(client, server)?
        && found > known
    {
        return Err(too_new(server, found, known));
    }
    let report = embedded::migrations::runner()
        .run(client)
        .map_err(|e| migration_failed(server, &e))?;
    let applied = report
        .applied_migrations()
        .iter()
        .map(|m| format!("V{}__{}", m.version(), m.name()))
        .collect();
    let version = server_version(client, server)?.unwrap_or(0);
    Ok(Migrated { applied, version })
}

fn migration_failed(server: &str, error: &refinery::Error) -> TeamError {
    // refinery wraps the driver's error; its text names the migration and the server's
    // reason, never the connection's settings.
    let detail = match std::error::Error::source(error)
        .and_then(|s| s.downcast_ref::<postgres::Error>())
        .and_then(postgres::Error::as_db_error)
    {
        Some(db) => db.message().to_string(),
        None => error.to_string(),
    };
    TeamError::Refused(format!(
        "the team server {server} refused the schema's migration: {detail} (run it as the \
         database's owner or a superuser)"
    ))
}

pub(super) fn query_failed(server: &str, error: &postgres::Error) -> TeamError {
    let detail = error
        .as_db_error()
        .map(|db| db.message().to_string())
        .unwrap_or_else(|| error.to_string());
    TeamError::Refused(format!(
        "the team server {server} refused a query: {detail}"
    ))
}
