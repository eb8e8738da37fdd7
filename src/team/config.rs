//! The `[team]` settings: which server, who this database belongs to in the org, in which
//! role, and what may leave. The config file's section is read by `crate::config`, which
//! names a bad value's line; `CADENCE_TEAM_URL`, `CADENCE_TEAM_MANAGER` and
//! `CADENCE_TEAM_ROLE` override it here.

use super::TeamError;
use std::fmt;
use std::str::FromStr;

/// Whether this cadence acts for a frontline manager or for a leader above managers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Role {
    #[default]
    Manager,
    Leader,
}

impl Role {
    pub fn key(self) -> &'static str {
        match self {
            Role::Manager => "manager",
            Role::Leader => "leader",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "manager" => Some(Role::Manager),
            "leader" => Some(Role::Leader),
            _ => None,
        }
    }
}

/// When changes are sent: only on `cadence team push`, or also after each change.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Push {
    #[default]
    Manual,
    Auto,
}

impl Push {
    pub fn key(self) -> &'static str {
        match self {
            Push::Manual => "manual",
            Push::Auto => "auto",
        }
    }

    pub fn parse(text: &str) -> Option<Push> {
        match text {
            "manual" => Some(Push::Manual),
            "auto" => Some(Push::Auto),
            _ => None,
        }
    }
}

/// A PostgreSQL URL (or `key=value` string) that holds no password. Shown only as
/// `user@host:port/database`: its text is never printed, so neither `Debug` nor `Display`
/// gives it.
#[derive(Clone)]
pub struct TeamUrl {
    config: postgres::Config,
}

impl TeamUrl {
    /// The URL from `source` (said in the error: "CADENCE_TEAM_URL", "--url", ...). The
    /// text itself is never repeated in an error, since a mistyped one may hold a password.
    pub fn parse(text: &str, source: &str) -> Result<TeamUrl, TeamError> {
        let expected = "expected postgresql://USER@HOST:PORT/DATABASE, with the password in \
                        PGPASSWORD or ~/.pgpass";
        let bad = |why: &str| TeamError::BadInput(format!("{source}: {why}; {expected}"));
        if text.trim().is_empty() {
            return Err(bad("the team server URL is empty"));
        }
        let looks_like_url = text.starts_with("postgresql://") || text.starts_with("postgres://");
        if text.contains("://") && !looks_like_url {
            return Err(bad("the team server URL is not a PostgreSQL URL"));
        }
        let config = postgres::Config::from_str(text).map_err(|e| {
            // The driver's reasons name an option, never a value.
            bad(&format!("the team server URL cannot be read ({e})"))
        })?;
        if config.get_password().is_some() {
            return Err(bad(
                "the team server URL holds a password, which cadence never keeps there",
            ));
        }
        if config.get_user().is_none_or(str::is_empty) {
            return Err(bad("the team server URL names no user"));
        }
        if config.get_hosts().is_empty() {
            return Err(bad("the team server URL names no host"));
        }
        Ok(TeamUrl { config })
    }

    pub fn user(&self) -> &str {
        self.config.get_user().unwrap_or_default()
    }

    /// The database's name: as the URL says, else the user's (as libpq does).
    pub fn database(&self) -> &str {
        self.config.get_dbname().unwrap_or_else(|| self.user())
    }

    pub fn host(&self) -> String {
        match self.config.get_hosts().first() {
            Some(postgres::config::Host::Tcp(host)) => host.clone(),
            Some(postgres::config::Host::Unix(path)) => path.display().to_string(),
            None => String::new(),
        }
    }

    pub fn port(&self) -> u16 {
        self.config.get_ports().first().copied().unwrap_or(5432)
    }

    /// `user@host:port/database`: all an error or a status may say of the server.
    pub fn describe(&self) -> String {
        format!(
            "{}@{}:{}/{}",
            self.user(),
            self.host(),
            self.port(),
            self.database()
        )
    }

    pub(super) fn driver_config(&self) -> postgres::Config {
        self.config.clone()
    }
}

impl fmt::Debug for TeamUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TeamUrl({})", self.describe())
    }
}

impl PartialEq for TeamUrl {
    fn eq(&self, other: &TeamUrl) -> bool {
        self.describe() == other.describe()
    }
}

/// The `[team]` section as read, before the environment has its say.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TeamSettings {
    pub url: Option<TeamUrl>,
    /// The manager's name as the org knows it: this database belongs to them.
    pub manager: Option<String>,
    pub role: Role,
    pub push: Push,
    /// Shared notes, observation text and evidence may leave: off unless the manager says so.
    pub share_text: bool,
}

/// The settings a connection needs, all present.
#[derive(Debug)]
pub struct Team {
    pub url: TeamUrl,
    pub manager: String,
    pub role: Role,
    pub push: Push,
    pub share_text: bool,
}

impl TeamSettings {
    /// These settings with `CADENCE_TEAM_URL`, `CADENCE_TEAM_MANAGER` and
    /// `CADENCE_TEAM_ROLE` applied (an empty variable counts as unset), from `env`.
    pub fn with_env(mut self, env: impl Fn(&str) -> Option<String>) -> Result<Self, TeamError> {
        let var = |name: &str| env(name).filter(|v| !v.is_empty());
        if let Some(url) = var("CADENCE_TEAM_URL") {
            self.url = Some(TeamUrl::parse(&url, "CADENCE_TEAM_URL")?);
        }
        if let Some(manager) = var("CADENCE_TEAM_MANAGER") {
            self.manager = Some(manager_name(&manager, "CADENCE_TEAM_MANAGER")?);
        }
        if let Some(role) = var("CADENCE_TEAM_ROLE") {
            self.role = Role::parse(&role).ok_or_else(|| {
                TeamError::BadInput(format!(
                    "CADENCE_TEAM_ROLE is '{role}': expected manager or leader"
                ))
            })?;
        }
        Ok(self)
    }

    /// The settings from the process's environment.
    pub fn with_process_env(self) -> Result<Self, TeamError> {
        self.with_env(|name| std::env::var(name).ok())
    }

    /// All that a connection needs, or what is missing and where to set it.
    pub fn require(self) -> Result<Team, TeamError> {
        let url = self.url.ok_or_else(|| {
            TeamError::BadInput(
                "no team server set: add url = \"postgresql://USER@HOST/DATABASE\" under [team] \
                 in config.toml, or set CADENCE_TEAM_URL"
                    .into(),
            )
        })?;
        let manager = self.manager.ok_or_else(|| {
            TeamError::BadInput(
                "no team manager set: add manager = \"Your Name\" under [team] in config.toml, \
                 or set CADENCE_TEAM_MANAGER"
                    .into(),
            )
        })?;
        Ok(Team {
            url,
            manager,
            role: self.role,
            push: self.push,
            share_text: self.share_text,
        })
    }
}

/// A manager's or leader's name as the org knows it: one line of 1 to 200 characters.
pub fn manager_name(text: &str, source: &str) -> Result<String, TeamError> {
    let name = text.trim();
    if name.is_empty() || name.chars().count() > 200 || name.chars().any(char::is_control) {
        return Err(TeamError::BadInput(format!(
            "{source}: expected a person's name of 1 to 200 characters on one line"
        )));
    }
    Ok(name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        }
    }

    #[test]
    fn a_url_is_described_by_user_host_port_and_database_only() {
        let url = TeamUrl::parse("postgresql://cadence@db.example/sales", "test").unwrap();
        assert_eq!(url.describe(), "cadence@db.example:5432/sales");
        let url = TeamUrl::parse("postgresql://maya@127.0.0.1:6543", "test").unwrap();
        assert_eq!(url.describe(), "maya@127.0.0.1:6543/maya");
        assert_eq!(format!("{url:?}"), "TeamUrl(maya@127.0.0.1:6543/maya)");
    }

    #[test]
    fn a_url_with_a_password_is_refused_without_repeating_it() {
        let err = TeamUrl::parse("postgresql://maya:s3cret@db/sales", "CADENCE_TEAM_URL")
            .unwrap_err()
            .to_string();
        assert!(err.contains("holds a password"), "{err}");
        assert!(err.starts_with("CADENCE_TEAM_URL: "), "{err}");
        assert!(!err.contains("s3cret"), "{err}");
        let err = TeamUrl::parse("host=db user=maya password=s3cret", "test")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("holds a password") && !err.contains("s3cret"),
            "{err}"
        );
    }

    #[test]
    fn urls_that_are_not_postgresql_ones_are_named_and_the_form_shown() {
        for (text, why) in [
            ("", "empty"),
            ("mysql://maya@db/sales", "not a PostgreSQL URL"),
            ("postgresql://db/sales", "names no user"),
            (
                "postgresql://maya@db/sales?sslmode=sometimes",
                "cannot be read",
            ),
            ("postgresql://maya@db/sales?colour=blue", "cannot be read"),
        ] {
            let err = TeamUrl::parse(text, "--url").unwrap_err();
            assert!(err.is_bad_input());
            let err = err.to_string();
            assert!(err.contains(why), "{text}: {err}");
            assert!(
                err.contains("postgresql://USER@HOST:PORT/DATABASE"),
                "{err}"
            );
        }
    }

    #[test]
    fn the_environment_overrides_the_file_and_an_empty_variable_does_not() {
        let file = TeamSettings {
            url: Some(TeamUrl::parse("postgresql://maya@file-host/sales", "t").unwrap()),
            manager: Some("Maya Chen".into()),
            ..TeamSettings::default()
        };
        let team = file
            .clone()
            .with_env(env(&[
                ("CADENCE_TEAM_URL", "postgresql://lee@env-host/sales"),
                ("CADENCE_TEAM_MANAGER", "Lee Park"),
                ("CADENCE_TEAM_ROLE", "leader"),
            ]))
            .unwrap();
        assert_eq!(team.url.unwrap().describe(), "lee@env-host:5432/sales");
        assert_eq!(team.manager.as_deref(), Some("Lee Park"));
        assert_eq!(team.role, Role::Leader);
        let same = file
            .clone()
            .with_env(env(&[("CADENCE_TEAM_URL", ""), ("CADENCE_TEAM_ROLE", "")]))
            .unwrap();
        assert_eq!(same, file);
    }

    #[test]
    fn a_bad_role_in_the_environment_names_the_variable_and_the_choices() {
        let err = TeamSettings::default()
            .with_env(env(&[("CADENCE_TEAM_ROLE", "boss")]))
            .unwrap_err();
        assert_eq!(
            err,
            TeamError::BadInput("CADENCE_TEAM_ROLE is 'boss': expected manager or leader".into())
        );
    }

    #[test]
    fn missing_settings_say_where_to_set_them() {
        let err = TeamSettings::default().require().unwrap_err().to_string();
        assert!(
            err.contains("[team]") && err.contains("CADENCE_TEAM_URL"),
            "{err}"
        );
        let only_url = TeamSettings {
            url: Some(TeamUrl::parse("postgresql://maya@db/sales", "t").unwrap()),
            ..TeamSettings::default()
        };
        let err = only_url.require().unwrap_err().to_string();
        assert!(err.contains("CADENCE_TEAM_MANAGER"), "{err}");
    }
}
