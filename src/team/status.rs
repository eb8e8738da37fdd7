//! `team status`: connects with the `[team]` settings and finds who this cadence acts for
//! on the server, the server's and the schema's versions, and what would leave the machine.
//! It reads only, and never the local file.

use super::config::Team;
use super::{Role, TeamError, connect, schema};

/// Who this cadence is on the team server, as the server says.
#[derive(Debug, PartialEq, Eq)]
pub struct Status {
    /// `user@host:port/database`.
    pub server: String,
    pub manager: String,
    /// The login role connected as.
    pub role_name: String,
    pub role: Role,
    /// PostgreSQL's `server_version`, such as `15.14 (Debian 15.14-0+deb12u1)`.
    pub server_version: String,
    pub schema_version: i32,
    pub known_schema_version: i32,
    /// The managers under this one whose rows it reads (its tree, transitively).
    pub managers_below: i64,
}

/// Connects and checks that the server knows this manager, in this role.
pub fn read(team: &Team) -> Result<Status, TeamError> {
    let server = team.url.describe();
    let mut client = connect::connect(&team.url)?;
    let schema_version = schema::check(&mut client, &server)?;
    let failed = |e: postgres::Error| schema::query_failed(&server, &e);
    let server_version: String = client
        .query_one("SHOW server_version", &[])
        .map_err(failed)?
        .get(0);
    let me = identify(&mut client, team, &server)?;
    Ok(Status {
        server,
        manager: me.name,
        role_name: me.role_name,
        role: team.role,
        server_version,
        schema_version,
        known_schema_version: schema::known_version(),
        managers_below: me.managers_below,
    })
}

/// This cadence's manager as the server knows its login role.
pub struct Me {
    pub manager_id: i64,
    pub name: String,
    pub role_name: String,
    pub managers_below: i64,
}

/// Finds the manager the login role acts for, and checks it is the one, and the role, the
/// settings name: a push as someone else would be refused row by row, a status misleading.
pub fn identify(client: &mut postgres::Client, team: &Team, server: &str) -> Result<Me, TeamError> {
    let failed = |e: postgres::Error| schema::query_failed(server, &e);
    let me = client
        .query_opt(
            "SELECT name, kind, current_user::text, cardinality(cadence_below())::bigint, manager_id \
             FROM managers WHERE manager_id = cadence_me()",
            &[],
        )
        .map_err(failed)?;
    let Some(me) = me else {
        return Err(TeamError::BadInput(format!(
            "the team server knows no manager for role {}: an admin adds '{}' with cadence \
             team admin add-manager",
            team.url.user(),
            team.manager
        )));
    };
    let name: String = me.get(0);
    if name != team.manager {
        return Err(TeamError::BadInput(format!(
            "the team server has no manager '{}' for role {} (it knows that role as '{name}'): \
             set [team] manager, or CADENCE_TEAM_MANAGER, to the name the admin gave",
            team.manager,
            team.url.user()
        )));
    }
    let kind: String = me.get(1);
    let role = Role::parse(&kind).unwrap_or_default();
    if role != team.role {
        return Err(TeamError::BadInput(format!(
            "{name} is a {} on the team server, and the settings say {}: set [team] role = \
             \"{}\" (or CADENCE_TEAM_ROLE)",
            role.key(),
            team.role.key(),
            role.key()
        )));
    }
    Ok(Me {
        manager_id: me.get(4),
        name,
        role_name: me.get(2),
        managers_below: me.get(3),
    })
}
