//! `cadence team`: the organisation's PostgreSQL. `status` for a manager or a leader, `push`
//! for a manager, and `admin` for whoever sets the server up. Prints what `crate::team` found; never the
//! password or the URL.

use crate::store::{OutboxState, Store};
use crate::team::{self, TeamError, TeamSettings, TeamUrl, admin, shared};
use crate::text::thousands;
use chrono::{DateTime, SecondsFormat, Utc};
use clap::{Args, Subcommand, ValueEnum};
use std::io::Write;
use std::path::Path;

#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// Who you are on the team server ([team] in config.toml), and what would leave this
    /// machine, per kind
    Status {
        #[arg(long, value_enum, default_value_t = StatusFormat::Text)]
        format: StatusFormat,
    },
    /// Send the changes waiting in this file's outbox to the team server: only what the org
    /// may see (see `cadence team status`); run twice, the second sends nothing
    Push,
    /// Set the team server up: as its database's owner or a superuser
    #[command(subcommand)]
    Admin(AdminCommand),
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum StatusFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create or bring up to date the server's schema (tables, row security, views); run
    /// twice, it changes nothing
    Init {
        /// The server, as postgresql://USER@HOST:PORT/DATABASE (password from PGPASSWORD or
        /// ~/.pgpass)
        #[arg(long)]
        url: String,
    },
    /// Add a frontline manager with a login role of their own
    AddManager(MemberArgs),
    /// Add a leader (a second-line manager or sales leader), who reads the rows of the
    /// managers under them
    AddLeader(MemberArgs),
}

#[derive(Debug, Args)]
pub struct MemberArgs {
    /// Their name as the org knows it: the name in their [team] manager setting
    pub name: String,
    /// The leader they report to; one not on the server yet is added, to get a login later
    #[arg(long)]
    pub leader: Option<String>,
    /// The login role to create for them (lower-case letters, digits and _)
    #[arg(long)]
    pub role: String,
    /// Read the role's password from the first line of standard input
    #[arg(long)]
    pub password_stdin: bool,
    /// The server, as postgresql://USER@HOST:PORT/DATABASE
    #[arg(long)]
    pub url: String,
}

pub fn team(
    command: &TeamCommand,
    settings: TeamSettings,
    db: &Path,
    now: DateTime<Utc>,
    out: &mut impl Write,
) -> color_eyre::Result<()> {
    match command {
        TeamCommand::Status { format } => {
            let team = settings.with_process_env()?.require()?;
            let status = team::status::read(&team)?;
            let outbox = outbox_state(db)?;
            match format {
                StatusFormat::Text => write_status(&status, &team, db, outbox.as_ref(), out)?,
                StatusFormat::Json => {
                    let json = status_json(&status, &team, db, outbox.as_ref());
                    serde_json::to_writer_pretty(&mut *out, &json)?;
                    writeln!(out)?;
                }
            }
        }
        TeamCommand::Push => {
            let team = settings.with_process_env()?.require()?;
            let batch = batch_size(std::env::var("CADENCE_TEAM_BATCH").ok().as_deref())?;
            let store = Store::open_existing(db)?;
            let at = now.to_rfc3339_opts(SecondsFormat::Secs, true);
            let pushed = team::push::push(&team, &store, &at, batch)?;
            writeln!(
                out,
                "pushed {} changes ({} pending)",
                thousands(pushed.changes),
                thousands(pushed.pending)
            )?;
        }
        TeamCommand::Admin(AdminCommand::Init { url }) => {
            let url = TeamUrl::parse(url, "--url")?;
            let migrated = admin::init(&url)?;
            if migrated.applied.is_empty() {
                writeln!(
                    out,
                    "the team schema on {} is at version {} already: nothing changed",
                    url.describe(),
                    migrated.version
                )?;
            } else {
                writeln!(
                    out,
                    "the team schema on {} is at version {} (ran {})",
                    url.describe(),
                    migrated.version,
                    migrated.applied.join(", ")
                )?;
            }
        }
        TeamCommand::Admin(AdminCommand::AddManager(args)) => add(args, team::Role::Manager, out)?,
        TeamCommand::Admin(AdminCommand::AddLeader(args)) => add(args, team::Role::Leader, out)?,
    }
    Ok(())
}

/// The outbox of the local file, or `None` when there is no file yet (nothing to push).
fn outbox_state(db: &Path) -> color_eyre::Result<Option<OutboxState>> {
    if !db.exists() {
        return Ok(None);
    }
    Ok(Some(Store::open_existing(db)?.outbox_state()?))
}

/// Entries per server transaction: `CADENCE_TEAM_BATCH`, or the default.
fn batch_size(setting: Option<&str>) -> Result<i64, TeamError> {
    let Some(text) = setting else {
        return Ok(team::push::BATCH);
    };
    match text.trim().parse::<i64>() {
        Ok(n) if (1..=100_000).contains(&n) => Ok(n),
        _ => Err(TeamError::BadInput(format!(
            "CADENCE_TEAM_BATCH must be a whole number from 1 to 100000 (changes per server \
             transaction), not '{}'",
            crate::text::for_terminal(text)
        ))),
    }
}

fn add(args: &MemberArgs, kind: team::Role, out: &mut impl Write) -> color_eyre::Result<()> {
    let url = TeamUrl::parse(&args.url, "--url")?;
    let name = team::config::manager_name(&args.name, "the name")?;
    let leader = args
        .leader
        .as_deref()
        .map(|l| team::config::manager_name(l, "--leader"))
        .transpose()?;
    let role_name = admin::role_name(&args.role)?;
    if !args.password_stdin {
        return Err(TeamError::BadInput(
            "the new role's password is read from standard input with --password-stdin, never \
             from the command line: echo \"$PW\" | cadence team admin add-manager ... \
             --password-stdin"
                .into(),
        )
        .into());
    }
    let password = admin::password_from(std::io::stdin().lock())?;
    let member = admin::Member {
        name: &name,
        role_name: &role_name,
        kind,
        leader: leader.as_deref(),
    };
    let added = admin::add(&url, &member, &password)?;
    let under = leader
        .as_deref()
        .map(|l| format!(", reporting to {l}"))
        .unwrap_or_default();
    writeln!(
        out,
        "added {name} as a {} with login role {role_name}{under}",
        kind.key()
    )?;
    if let (true, Some(leader)) = (added.leader_added, &leader) {
        writeln!(
            out,
            "{leader} was not on the team server: added as a leader without a login (give \
             them one with cadence team admin add-leader \"{leader}\" --role ...)"
        )?;
    }
    Ok(())
}

fn write_status(
    status: &team::status::Status,
    team: &team::config::Team,
    db: &Path,
    outbox: Option<&OutboxState>,
    out: &mut impl Write,
) -> std::io::Result<()> {
    writeln!(
        out,
        "connected as {} ({}, role {}) to {}",
        status.manager,
        status.role.key(),
        status.role_name,
        status.server
    )?;
    writeln!(
        out,
        "server: PostgreSQL {}, team schema version {} (this cadence knows {})",
        status.server_version, status.schema_version, status.known_schema_version
    )?;
    if status.role == team::Role::Leader || status.managers_below > 0 {
        writeln!(
            out,
            "reads the rows of {} managers under {}",
            status.managers_below, status.manager
        )?;
    }
    writeln!(
        out,
        "local file: {} (push: {})",
        db.display(),
        team.push.key()
    )?;
    match outbox {
        None => writeln!(out, "outbox: no local file yet, nothing to push")?,
        Some(state) => writeln!(
            out,
            "outbox: {} changes pending, last push {}",
            thousands(state.pending),
            state.last_push.as_deref().unwrap_or("never")
        )?,
    }
    writeln!(out, "\nWhat leaves this machine, per kind:")?;
    for kind in shared::ALWAYS {
        writeln!(out, "  {:<19} {}", kind.name, kind.fields)?;
    }
    let text = if team.share_text {
        "leave (share_text = true in [team])"
    } else {
        "stay here (share_text is off in [team])"
    };
    writeln!(out, "  {:<19} {text}", "shared texts")?;
    writeln!(out, "    ({})", shared::WITH_SHARE_TEXT)?;
    writeln!(out, "Never: {}.", shared::NEVER)
}

fn status_json(
    status: &team::status::Status,
    team: &team::config::Team,
    db: &Path,
    outbox: Option<&OutboxState>,
) -> serde_json::Value {
    let kinds: Vec<serde_json::Value> = shared::ALWAYS
        .iter()
        .map(|k| serde_json::json!({ "kind": k.name, "fields": k.fields }))
        .collect();
    serde_json::json!({
        "server": status.server,
        "manager": status.manager,
        "role": status.role.key(),
        "role_name": status.role_name,
        "server_version": status.server_version,
        "schema_version": status.schema_version,
        "known_schema_version": status.known_schema_version,
        "managers_below": status.managers_below,
        "local_file": db.display().to_string(),
        "push": team.push.key(),
        "pending": outbox.map_or(0, |o| o.pending),
        "last_push": outbox.and_then(|o| o.last_push.clone()),
        "leaves": kinds,
        "share_text": team.share_text,
        "with_share_text": shared::WITH_SHARE_TEXT,
        "never": shared::NEVER,
    })
}
