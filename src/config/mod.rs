//! Where cadence keeps its files, and the settings a manager may change. Settings come from
//! `config.toml` in the config directory (`file` reads it), and `CADENCE_TZ` overrides the
//! time zone. The `[team]` section is read here too, into `crate::team`'s settings.

mod file;

// `parse_text` reads a config file's text as `load` does, for tests of the reader.
pub use file::{Parsed, Problem, commented_defaults, parse as parse_text};

use crate::domain::agenda::{Purpose, Template, parse_template};
use crate::domain::{Kind, WeekStart};
use crate::keymap::Keymap;
use crate::zone::Zone;
use chrono::{NaiveTime, TimeDelta, Weekday};
use directories::ProjectDirs;
use serde::Deserialize;
use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    pub zone: Zone,
    pub week_start: WeekStart,
    /// The part of each day the calendar marks as the working day.
    pub working_hours: (NaiveTime, NaiveTime),
    /// The day the end-of-week review is due.
    pub review_day: Weekday,
    pub theme: Theme,
    /// How a day is written (strftime).
    pub date_format: &'static str,
    pub meeting_minutes: MeetingMinutes,
    /// How long before an agenda item's end its timer warns.
    pub item_warning: TimeDelta,
    /// How long before the 1:1's end its timer warns.
    pub meeting_warning: TimeDelta,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            zone: Zone::UTC,
            week_start: WeekStart::Monday,
            working_hours: (
                NaiveTime::from_hms_opt(8, 0, 0).unwrap_or_default(),
                NaiveTime::from_hms_opt(18, 0, 0).unwrap_or_default(),
            ),
            review_day: Weekday::Fri,
            theme: Theme::Dark,
            date_format: "%a %b %-d",
            meeting_minutes: MeetingMinutes::default(),
            item_warning: TimeDelta::minutes(2),
            meeting_warning: TimeDelta::minutes(5),
        }
    }
}

impl Settings {
    /// A day written the way the manager chose.
    pub fn day(&self, day: chrono::NaiveDate) -> String {
        day.format(self.date_format).to_string()
    }

    /// An instant as a day and a time in the manager's zone: `Fri Nov 27 10:00`.
    pub fn when(&self, at: chrono::DateTime<chrono::Utc>) -> String {
        let local = at.with_timezone(&self.zone);
        format!("{} {}", self.day(local.date_naive()), local.format("%H:%M"))
    }

    /// Whether a time of day falls outside the working hours.
    pub fn off_hours(&self, time: NaiveTime) -> bool {
        time < self.working_hours.0 || time >= self.working_hours.1
    }
}

/// The colours the cockpit is drawn in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    #[default]
    Dark,
    Light,
    /// No colour at all (`NO_COLOR`): glyphs and words carry every state.
    Plain,
}

/// The length of a new meeting of each kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MeetingMinutes([u32; Kind::ALL.len()]);

impl Default for MeetingMinutes {
    fn default() -> MeetingMinutes {
        MeetingMinutes(Kind::ALL.map(Kind::default_minutes))
    }
}

impl MeetingMinutes {
    pub fn get(&self, kind: Kind) -> u32 {
        self.0[kind as usize]
    }

    pub fn set(&mut self, kind: Kind, minutes: u32) {
        self.0[kind as usize] = minutes;
    }
}

/// Everything the config file sets: the settings and the keys in force.
#[derive(Debug)]
pub struct Config {
    pub settings: Settings,
    pub keymap: Keymap,
    /// `[team]` as the file says it; `crate::team` applies the environment.
    pub team: crate::team::TeamSettings,
}

#[derive(Debug, PartialEq, Eq)]
pub enum ConfigError {
    /// Not a file, too large, not UTF-8 or unreadable: the whole message.
    Unreadable(String),
    Invalid {
        path: PathBuf,
        problem: Problem,
    },
    UnknownZone {
        zone: String,
        source: String,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Unreadable(message) => f.write_str(message),
            ConfigError::Invalid { path, problem } => write!(
                f,
                "{}, {problem}. `cadence config init --print` shows every key with its default",
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
    load().map(|c| c.settings)
}

/// The settings and the keys, from the config file (if any) and the environment. A file
/// with any problem is refused whole: nothing starts on a half-read config.
pub fn load() -> Result<Config, ConfigError> {
    let (parsed, source) = match config_path() {
        Some(path) if path.exists() => (read_config(&path)?, path.display().to_string()),
        _ => (file::Parsed::default(), "config.toml".into()),
    };
    let zone = match std::env::var("CADENCE_TZ") {
        Ok(name) if !name.is_empty() => parse_zone(&name, "CADENCE_TZ")?,
        _ => match (&parsed.time_zone, parsed.time_zone_line) {
            (Some(name), Some(line)) => parse_zone(name, &format!("{source}, line {line}"))?,
            (Some(name), None) => parse_zone(name, &source)?,
            (None, _) => system_zone(),
        },
    };
    let mut settings = parsed.settings;
    settings.zone = zone;
    if no_color() {
        settings.theme = Theme::Plain;
    }
    Ok(Config {
        settings,
        keymap: parsed.keymap,
        team: parsed.team,
    })
}

/// `NO_COLOR` set to anything but the empty string (no-color.org).
fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
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
            crate::textfile::read(&path, "agenda template", crate::textfile::limit::AGENDA)
                .map_err(|unread| unread.0)
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

fn read_config(path: &Path) -> Result<file::Parsed, ConfigError> {
    let text = crate::textfile::read(path, "config file", crate::textfile::limit::CONFIG)
        .map_err(|unread| ConfigError::Unreadable(unread.0))?;
    file::parse(&text).map_err(|problem| ConfigError::Invalid {
        path: path.to_path_buf(),
        problem,
    })
}

fn parse_zone(name: &str, source: &str) -> Result<Zone, ConfigError> {
    name.parse().map_err(|_| ConfigError::UnknownZone {
        zone: name.to_string(),
        source: source.to_string(),
    })
}

fn system_zone() -> Zone {
    iana_time_zone::get_timezone()
        .ok()
        .and_then(|name| name.parse().ok())
        .unwrap_or(Zone::UTC)
}

#[cfg(test)]
mod tests {
    use super::*;

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
