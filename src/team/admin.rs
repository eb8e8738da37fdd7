//! The admin's commands, run as the database's owner or a superuser: `init` migrates the
//! schema; `add-manager` and `add-leader` make a login role, its `managers` row and its
//! membership of `cadence_team`, whose grants and row security the schema holds. The
//! password reaches the server only as a SCRAM verifier, never as text.

use super::schema::{self, Migrated};
use super::{Role, TeamError, TeamUrl, connect};
use postgres::Client;

/// A role name cadence makes: lower-case letters, digits and `_`, not starting with a digit
/// or `pg_`, at most 63 bytes (PostgreSQL's limit), and none of the names PostgreSQL or
/// cadence keep for themselves.
pub fn role_name(text: &str) -> Result<String, TeamError> {
    const KEPT: &[&str] = &[
        "postgres",
        "public",
        "cadence_team",
        "current_user",
        "current_role",
        "session_user",
        "user",
        "none",
        "all",
    ];
    let mut chars = text.chars();
    let well_formed = chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && text.len() <= 63;
    if !well_formed || text.starts_with("pg_") || KEPT.contains(&text) {
        return Err(TeamError::BadInput(format!(
            "--role '{}': expected a role name of lower-case letters, digits and _ (such as \
             maya or lee_park), at most 63, not starting with a digit or pg_, and not one \
             PostgreSQL keeps (postgres, public, ...)",
            crate::text::one_line(text)
        )));
    }
    Ok(text.to_string())
}

/// A password read from standard input: its first line, without the line's end.
pub fn password_from(mut input: impl std::io::BufRead) -> Result<String, TeamError> {
    let mut line = String::new();
    input.read_line(&mut line).map_err(|e| {
        TeamError::BadInput(format!("cannot read the password from standard input: {e}"))
    })?;
    let password = line.trim_end_matches(['\n', '\r']);
    if password.is_empty() {
        return Err(TeamError::BadInput(
            "--password-stdin: standard input held no password; expected one line, such as \
             echo \"$PW\" | cadence team admin add-manager ..."
                .into(),
        ));
    }
    Ok(password.to_string())
}

/// Runs the server's migrations; a second run changes nothing.
pub fn init(url: &TeamUrl) -> Result<Migrated, TeamError> {
    let mut client = connect::connect(url)?;
    schema::migrate(&mut client, &url.describe())
}

/// A person to add to the reporting tree with a login of their own.
pub struct Member<'a> {
    pub name: &'a str,
    pub role_name: &'a str,
    pub kind: Role,
    /// Their leader's name: a leader not yet on the server is added without a login, to be
    /// given one by `add-leader`.
    pub leader: Option<&'a str>,
}

/// What `add` did.
#[derive(Debug, PartialEq, Eq)]
pub struct Added {
    /// The leader was not on the server yet and was added without a login.
    pub leader_added: bool,
}

/// Adds `member` with a login role of `password`, in one transaction.
pub fn add(url: &TeamUrl, member: &Member, password: &str) -> Result<Added, TeamError> {
    let server = url.describe();
    let mut client = connect::connect(url)?;
    schema::check(&mut client, &server)?;
    may_make_roles(&mut client, &server)?;
    let fail = |e: postgres::Error| connect::refused(url, &e);
    let mut tx = client.transaction().map_err(fail)?;
    let role_taken = tx
        .query_opt(
            "SELECT 1 FROM pg_roles WHERE rolname = $1",
            &[&member.role_name],
        )
        .map_err(fail)?
        .is_some();
    if role_taken {
        return Err(TeamError::BadInput(format!(
            "--role {}: a role of that name exists on the server already; choose another",
            member.role_name
        )));
    }
    let (leader_id, leader_added) = match member.leader {
        Some(leader) => leader_for(&mut tx, url, member.name, leader)?,
        None => (None, false),
    };
    let existing = tx
        .query_opt(
            "SELECT manager_id, role_name FROM managers WHERE name = $1",
            &[&member.name],
        )
        .map_err(fail)?;
    let kind = member.kind.key();
    match existing {
        Some(row) if row.get::<_, Option<String>>(1).is_some() => {
            return Err(TeamError::BadInput(format!(
                "{} is on the team server already, with a login",
                member.name
            )));
        }
        // Named as someone's leader before: give that row its login.
        Some(row) => {
            let id: i64 = row.get(0);
            tx.execute(
                "UPDATE managers SET role_name = $2, kind = $3, \
                 leader_id = coalesce($4, leader_id) WHERE manager_id = $1",
                &[&id, &member.role_name, &kind, &leader_id],
            )
            .map_err(fail)?;
        }
        None => {
            tx.execute(
                "INSERT INTO managers (name, role_name, kind, leader_id) VALUES ($1, $2, $3, $4)",
                &[&member.name, &member.role_name, &kind, &leader_id],
            )
            .map_err(fail)?;
        }
    }
    create_login(&mut tx, member.role_name, password).map_err(fail)?;
    tx.commit().map_err(fail)?;
    Ok(Added { leader_added })
}

/// The leader's id, adding them without a login when they are not on the server yet. A
/// leader under the new member would make a loop, and is refused.
fn leader_for(
    tx: &mut postgres::Transaction,
    url: &TeamUrl,
    name: &str,
    leader: &str,
) -> Result<(Option<i64>, bool), TeamError> {
    let fail = |e: postgres::Error| connect::refused(url, &e);
    if leader == name {
        return Err(TeamError::BadInput(format!(
            "--leader {leader}: a person cannot lead themselves"
        )));
    }
    if let Some(row) = tx
        .query_opt(
            "SELECT manager_id FROM managers WHERE name = $1",
            &[&leader],
        )
        .map_err(fail)?
    {
        let id: i64 = row.get(0);
        let loops: bool = tx
            .query_one(
                "WITH RECURSIVE chain (manager_id, leader_id) AS ( \
                   SELECT manager_id, leader_id FROM managers WHERE manager_id = $1 \
                   UNION SELECT m.manager_id, m.leader_id FROM managers m \
                   JOIN chain c ON m.manager_id = c.leader_id) \
                 SELECT EXISTS (SELECT 1 FROM chain c JOIN managers m USING (manager_id) \
                   WHERE m.name = $2)",
                &[&id, &name],
            )
            .map_err(fail)?
            .get(0);
        if loops {
            return Err(TeamError::BadInput(format!(
                "--leader {leader}: {leader} reports to {name} already"
            )));
        }
        return Ok((Some(id), false));
    }
    let id: i64 = tx
        .query_one(
            "INSERT INTO managers (name, kind) VALUES ($1, 'leader') RETURNING manager_id",
            &[&leader],
        )
        .map_err(fail)?
        .get(0);
    Ok((Some(id), true))
}

/// `CREATE ROLE` takes no parameters: the name and the verifier are quoted by the server's
/// own `format()` from parameters, and the statement run as it built it.
fn create_login(
    tx: &mut postgres::Transaction,
    role: &str,
    password: &str,
) -> Result<(), postgres::Error> {
    let verifier = postgres_protocol::password::scram_sha_256(password.as_bytes());
    let statement: String = tx
        .query_one(
            "SELECT format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE cadence_team', \
             $1::text, $2::text)",
            &[&role, &verifier],
        )?
        .get(0);
    tx.batch_execute(&statement)?;
    let grant: String = tx
        .query_one(
            "SELECT format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), $1::text)",
            &[&role],
        )?
        .get(0);
    tx.batch_execute(&grant)
}

/// Fails with a clear line when `client` is not allowed to make roles.
pub fn may_make_roles(client: &mut Client, server: &str) -> Result<(), TeamError> {
    let may: bool = client
        .query_one(
            "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user",
            &[],
        )
        .map_err(|e| schema::query_failed(server, &e))?
        .get(0);
    if may {
        Ok(())
    } else {
        Err(TeamError::Refused(format!(
            "{server} may not create roles: run cadence team admin as a superuser or a role \
             with CREATEROLE"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names_are_a_safe_identifier_or_refused_saying_what_is_accepted() {
        for good in ["maya", "lee_park", "_x", "m2"] {
            assert_eq!(role_name(good).unwrap(), good);
        }
        for bad in [
            "",
            "Maya",
            "2maya",
            "maya-chen",
            "maya\"; DROP ROLE postgres; --",
            "pg_maya",
            "postgres",
            "cadence_team",
            &"m".repeat(64),
        ] {
            let err = role_name(bad).unwrap_err();
            assert!(err.is_bad_input(), "{bad}");
            assert!(
                err.to_string().contains("lower-case letters"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn the_password_is_the_first_line_of_standard_input() {
        assert_eq!(password_from(&b"s3cret:x\nmore\n"[..]).unwrap(), "s3cret:x");
        assert_eq!(password_from(&b"s3cret\r\n"[..]).unwrap(), "s3cret");
        assert!(password_from(&b"\n"[..]).unwrap_err().is_bad_input());
        assert!(password_from(&b""[..]).unwrap_err().is_bad_input());
    }
}
