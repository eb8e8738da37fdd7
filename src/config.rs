//! Where cadence keeps its files, and the settings a manager may change: their time zone and
//! the first day of the week. Settings come from `config.toml` in the config directory, and
//! `CADENCE_TZ` overrides the time zone.

use crate::domain::WeekStart;
use crate::domain::agenda::{Purpose, Template, parse_template};
use chrono_tz::Tz;
use directories::ProjectDirs;
use serde::Deserialize;
use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    pub zone: Tz,
    pub week_start: WeekStart,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            zone: Tz::UTC,
            week_start: WeekStart::Monday,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    time_zone: Option<String>,
    week_start: Option<WeekStart>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum ConfigError {
    Unreadable { path: PathBuf, detail: String },
    Invalid { path: PathBuf, detail: String },
    UnknownZone { zone: String, source: String },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Unreadable { path, detail } => {
                write!(f, "cannot read {}: {detail}", path.display())
            }
            ConfigError::Invalid { path, detail } => write!(
                f,
                "{} is not a valid cadence config: {detail}. Accepted keys: \
                 time_zone = \"Europe/Berlin\", week_start = \"monday\" | \"sunday\"",
                path.display()
            ),
            ConfigError::UnknownZone { zone, source } => write!(
                f,
                "unknown time zone '{zone}' in {source}: expected an IANA name such as \
                 Europe/Berlin or America/New_York"
            ),
        }
    }
}

impl std::error::Error for ConfigError {}

fn project_dirs() -> Option<ProjectDirs> {
    ProjectDirs::from("", "", "cadence")
}

/// The database used when neither `--db` nor `CADENCE_DB` names one.
pub fn default_db_path() -> PathBuf {
    project_dirs()
        .map(|d| d.data_dir().join("cadence.db"))
        .unwrap_or_else(|| PathBuf::from("cadence.db"))
}

/// `config.toml` in the platform config directory, or `CADENCE_CONFIG`.
pub fn config_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CADENCE_CONFIG") {
        return Some(PathBuf::from(path));
    }
    project_dirs().map(|d| d.config_dir().join("config.toml"))
}

/// Settings from the config file (if any), `CADENCE_TZ`, then the system's zone.
pub fn load_settings() -> Result<Settings, ConfigError> {
    let file = match config_path() {
        Some(path) if path.exists() => read_config(&path)?,
        _ => ConfigFile::default(),
    };
    let zone = match std::env::var("CADENCE_TZ") {
        Ok(name) if !name.is_empty() => parse_zone(&name, "CADENCE_TZ")?,
        _ => match &file.time_zone {
            Some(name) => parse_zone(name, "config.toml")?,
            None => system_zone(),
        },
    };
    Ok(Settings {
        zone,
        week_start: file.week_start.unwrap_or_default(),
    })
}

/// The agenda template for each purpose: a file of the same name in `agendas/` beside the
/// config file overrides the one shipped with cadence. A broken file is not used: its error,
/// naming the file, line and what was expected, comes back with the built-in template.
pub fn agenda_templates(purposes: &[Purpose]) -> (Vec<(Purpose, Template)>, Vec<String>) {
    let dir = config_path().and_then(|p| p.parent().map(|d| d.join("agendas")));
    agenda_templates_in(dir.as_deref(), purposes)
}

fn agenda_templates_in(
    dir: Option<&Path>,
    purposes: &[Purpose],
) -> (Vec<(Purpose, Template)>, Vec<String>) {
    let mut templates = Vec::new();
    let mut problems = Vec::new();
    for &purpose in purposes {
        let custom = dir
            .map(|d| d.join(format!("{}.toml", purpose.key())))
            .filter(|p| p.exists());
        let from_file = custom.map(|path| {
            std::fs::read_to_string(&path)
                .map_err(|e| e.to_string())
                .and_then(|text| parse_template(&text))
                .map_err(|e| {
                    format!(
                        "{}: {e}; using the built-in {} agenda",
                        path.display(),
                        purpose.key()
                    )
                })
        });
        let template = match from_file {
            Some(Ok(template)) => template,
            other => {
                if let Some(Err(problem)) = other {
                    problems.push(problem);
                }
                match parse_template(purpose.builtin_template()) {
                    Ok(t) => t,
                    Err(e) => {
                        problems.push(format!("the built-in {} agenda: {e}", purpose.key()));
                        continue;
                    }
                }
            }
        };
        templates.push((purpose, template));
    }
    (templates, problems)
}

fn read_config(path: &Path) -> Result<ConfigFile, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError::Unreadable {
        path: path.to_path_buf(),
        detail: e.to_string(),
    })?;
    parse_config(&text).map_err(|detail| ConfigError::Invalid {
        path: path.to_path_buf(),
        detail,
    })
}

fn parse_config(text: &str) -> Result<ConfigFile, String> {
    toml::from_str(text).map_err(|e| {
        // toml's message spans several lines with a caret; keep it on one.
        e.to_string()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    })
}

fn parse_zone(name: &str, source: &str) -> Result<Tz, ConfigError> {
    name.parse().map_err(|_| ConfigError::UnknownZone {
        zone: name.to_string(),
        source: source.to_string(),
    })
}

fn system_zone() -> Tz {
    iana_time_zone::get_timezone()
        .ok()
        .and_then(|name| name.parse().ok())
        .unwrap_or(Tz::UTC)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_accepts_zone_and_week_start() {
        let file =
            parse_config("time_zone = \"Europe/Berlin\"\nweek_start = \"sunday\"\n").unwrap();
        assert_eq!(file.time_zone.as_deref(), Some("Europe/Berlin"));
        assert_eq!(file.week_start, Some(WeekStart::Sunday));
    }

    #[test]
    fn config_refuses_unknown_keys_and_values() {
        let err = parse_config("week_start = \"friday\"").unwrap_err();
        assert!(
            err.contains("friday") || err.contains("unknown variant"),
            "{err}"
        );
        assert!(!err.contains('\n'));
        let err = parse_config("colour = \"red\"").unwrap_err();
        assert!(err.contains("colour"), "{err}");
    }

    #[test]
    fn an_agenda_file_in_the_config_directory_replaces_the_shipped_one() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("coaching.toml"),
            "[[item]]\ntitle = \"Wins since last time\"\nminutes = 5\nowner = \"seller\"\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("deal.toml"), "[[item]]\ntitle = 3\n").unwrap();
        let (templates, problems) = agenda_templates_in(
            Some(dir.path()),
            &[Purpose::Coaching, Purpose::Deal, Purpose::Forecast],
        );
        assert_eq!(templates.len(), 3);
        assert_eq!(templates[0].1.items.len(), 1);
        assert_eq!(templates[0].1.items[0].title, "Wins since last time");
        // The broken deal file is reported, and the shipped deal agenda used instead.
        let shipped = parse_template(Purpose::Deal.builtin_template()).unwrap();
        assert_eq!(templates[1].1, shipped);
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].contains("deal.toml") && problems[0].contains("line 2"),
            "{}",
            problems[0]
        );
    }

    #[test]
    fn unknown_zone_names_the_source_and_the_expected_form() {
        let err = parse_zone("Mars/Olympus", "CADENCE_TZ").unwrap_err();
        let text = err.to_string();
        assert!(text.contains("Mars/Olympus") && text.contains("CADENCE_TZ"));
        assert!(text.contains("Europe/Berlin"));
    }
}
