//! The config file itself: reading `config.toml` into settings and rebindings, with every
//! problem named by its line and column, and the commented file `cadence config init` writes.

use super::{MeetingMinutes, Settings, Theme};
use crate::domain::{Kind, WeekStart};
use crate::keymap::{self, BINDINGS, Rebinding};
use crate::team::{Push, Role, TeamSettings, TeamUrl};
use chrono::format::{Item, StrftimeItems};
use chrono::{NaiveTime, TimeDelta, Weekday};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use toml::Spanned;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    time_zone: Option<Spanned<String>>,
    // Read as any value, so a wrong one is named in plain words, not serde's.
    week_start: Option<Spanned<toml::Value>>,
    working_hours: Option<Spanned<String>>,
    review_day: Option<Spanned<String>>,
    theme: Option<Theme>,
    date_format: Option<Spanned<String>>,
    #[serde(default)]
    meeting_minutes: MinutesFile,
    #[serde(default)]
    timer: TimerFile,
    #[serde(default)]
    keys: BTreeMap<String, BTreeMap<String, Spanned<toml::Value>>>,
    #[serde(default)]
    team: TeamFile,
}

/// `[team]`: the organisation's PostgreSQL. Its password is never here.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TeamFile {
    url: Option<Spanned<String>>,
    manager: Option<Spanned<String>>,
    role: Option<Spanned<String>>,
    push: Option<Spanned<String>>,
    share_text: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct MinutesFile {
    one_on_one: Option<Spanned<toml::Value>>,
    pipeline_review: Option<Spanned<toml::Value>>,
    forecast_review: Option<Spanned<toml::Value>>,
    deal_review: Option<Spanned<toml::Value>>,
    joint_call: Option<Spanned<toml::Value>>,
    team_meeting: Option<Spanned<toml::Value>>,
    qbr: Option<Spanned<toml::Value>>,
}

impl MinutesFile {
    fn get(&self, kind: Kind) -> Option<&Spanned<toml::Value>> {
        match kind {
            Kind::OneOnOne => self.one_on_one.as_ref(),
            Kind::PipelineReview => self.pipeline_review.as_ref(),
            Kind::ForecastReview => self.forecast_review.as_ref(),
            Kind::DealReview => self.deal_review.as_ref(),
            Kind::JointCall => self.joint_call.as_ref(),
            Kind::TeamMeeting => self.team_meeting.as_ref(),
            Kind::Qbr => self.qbr.as_ref(),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TimerFile {
    item_warning_minutes: Option<Spanned<toml::Value>>,
    meeting_warning_minutes: Option<Spanned<toml::Value>>,
}

/// What a config file says, read whole. The time zone is kept as text: the environment may
/// override it, and an unknown zone is reported where it is resolved.
#[derive(Debug, Default)]
pub struct Parsed {
    pub time_zone: Option<String>,
    /// The line `time_zone` is on, for the message when the zone is unknown.
    pub time_zone_line: Option<usize>,
    pub settings: Settings,
    /// The keys in force, the rebindings applied.
    pub keymap: keymap::Keymap,
    /// `[team]`, before the environment overrides it.
    pub team: TeamSettings,
}

/// A problem at a place in the file.
#[derive(Debug, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line,
            self.column,
            crate::text::one_line(&self.message)
        )
    }
}

/// The longest meeting a default length may be: a working day.
const MAX_MINUTES: u32 = 600;

/// A whole number of minutes from `low` to `high`; otherwise what was found and what is
/// accepted, in words (a negative number, a fraction or a text alike).
fn whole_minutes(
    value: &Spanned<toml::Value>,
    name: &str,
    low: u32,
    high: u32,
) -> Result<u32, String> {
    value
        .get_ref()
        .as_integer()
        .and_then(|m| u32::try_from(m).ok())
        .filter(|m| (low..=high).contains(m))
        .ok_or_else(|| {
            format!(
                "{name} is {}: expected whole minutes from {low} to {high}",
                value.get_ref()
            )
        })
}

pub fn parse(text: &str) -> Result<Parsed, Problem> {
    let at = |span: Range<usize>, message: String| {
        let (line, column) = line_column(text, span.start);
        Problem {
            line,
            column,
            message,
        }
    };
    let file: ConfigFile = toml::from_str(text).map_err(|e| {
        // toml's own text repeats the place with a caret drawing; the message alone is enough.
        at(e.span().unwrap_or(0..0), e.message().trim().to_string())
    })?;
    let mut settings = Settings::default();
    if let Some(start) = &file.week_start {
        settings.week_start = match start.get_ref().as_str().map(str::to_ascii_lowercase) {
            Some(day) if day == "monday" => WeekStart::Monday,
            Some(day) if day == "sunday" => WeekStart::Sunday,
            _ => {
                return Err(at(
                    start.span(),
                    format!(
                        "week_start is {}: expected \"monday\" or \"sunday\"",
                        start.get_ref()
                    ),
                ));
            }
        };
    }
    if let Some(hours) = &file.working_hours {
        settings.working_hours = parse_hours(hours.get_ref()).ok_or_else(|| {
            at(
                hours.span(),
                format!(
                    "working_hours is '{}': expected a start and an end such as \"08:00-18:00\"",
                    hours.get_ref()
                ),
            )
        })?;
    }
    if let Some(day) = &file.review_day {
        settings.review_day = day.get_ref().parse::<Weekday>().map_err(|_| {
            at(
                day.span(),
                format!(
                    "review_day is '{}': expected a day of the week such as \"friday\"",
                    day.get_ref()
                ),
            )
        })?;
    }
    if let Some(theme) = file.theme {
        settings.theme = theme;
    }
    if let Some(format) = &file.date_format {
        let text = format.get_ref();
        let broken = StrftimeItems::new(text).any(|item| matches!(item, Item::Error));
        if broken || text.trim().is_empty() {
            return Err(at(
                format.span(),
                format!(
                    "date_format is '{text}': expected a strftime pattern such as \"%a %b %-d\" \
                     (Fri Nov 27) or \"%Y-%m-%d\""
                ),
            ));
        }
        // Read once per run; settings stay plain values the whole cockpit can copy.
        settings.date_format = Box::leak(text.clone().into_boxed_str());
    }
    let mut minutes = MeetingMinutes::default();
    for kind in Kind::ALL {
        if let Some(value) = file.meeting_minutes.get(kind) {
            let name = format!("meeting_minutes.{}", kind.key());
            let m = whole_minutes(value, &name, 1, MAX_MINUTES).map_err(|m| at(value.span(), m))?;
            minutes.set(kind, m);
        }
    }
    settings.meeting_minutes = minutes;
    for (value, target, name) in [
        (
            &file.timer.item_warning_minutes,
            &mut settings.item_warning,
            "item_warning_minutes",
        ),
        (
            &file.timer.meeting_warning_minutes,
            &mut settings.meeting_warning,
            "meeting_warning_minutes",
        ),
    ] {
        if let Some(value) = value {
            let m = whole_minutes(value, &format!("timer.{name}"), 0, 60)
                .map_err(|m| at(value.span(), m))?;
            *target = TimeDelta::minutes(i64::from(m));
        }
    }
    let mut rebindings = Vec::new();
    for (scope, actions) in &file.keys {
        for (action, keys) in actions {
            let list = key_list(keys.get_ref()).ok_or_else(|| {
                at(
                    keys.span(),
                    format!(
                        "keys.{scope}.{action}: expected a key such as \"x\" or a list such as [\"x\", \"C-x\"]"
                    ),
                )
            })?;
            let rebinding = Rebinding {
                scope: scope.clone(),
                action: action.clone(),
                keys: list,
            };
            // Each rebinding is checked where it is written, so its line can be named.
            keymap::Keymap::with(std::slice::from_ref(&rebinding))
                .map_err(|message| at(keys.span(), message))?;
            rebindings.push(rebinding);
        }
    }
    // Then all of them together, for conflicts between two rebindings.
    let keymap = keymap::Keymap::with(&rebindings).map_err(|message| {
        let span = file
            .keys
            .values()
            .flat_map(|a| a.values())
            .map(|k| k.span())
            .next_back()
            .unwrap_or(0..0);
        at(span, message)
    })?;
    let team = team_settings(&file.team).map_err(|(span, message)| at(span, message))?;
    Ok(Parsed {
        time_zone_line: file
            .time_zone
            .as_ref()
            .map(|z| line_column(text, z.span().start).0),
        time_zone: file.time_zone.map(|z| z.into_inner()),
        settings,
        keymap,
        team,
    })
}

/// `[team]` read into its typed settings, or the span and message of its first problem.
fn team_settings(file: &TeamFile) -> Result<TeamSettings, (Range<usize>, String)> {
    let mut team = TeamSettings {
        share_text: file.share_text.unwrap_or(false),
        ..TeamSettings::default()
    };
    if let Some(url) = &file.url {
        let parsed =
            TeamUrl::parse(url.get_ref(), "team.url").map_err(|e| (url.span(), e.to_string()))?;
        team.url = Some(parsed);
    }
    if let Some(manager) = &file.manager {
        team.manager = Some(
            crate::team::config::manager_name(manager.get_ref(), "team.manager")
                .map_err(|e| (manager.span(), e.to_string()))?,
        );
    }
    if let Some(role) = &file.role {
        team.role = Role::parse(role.get_ref()).ok_or_else(|| {
            (
                role.span(),
                format!(
                    "team.role is '{}': expected \"manager\" or \"leader\"",
                    role.get_ref()
                ),
            )
        })?;
    }
    if let Some(push) = &file.push {
        team.push = Push::parse(push.get_ref()).ok_or_else(|| {
            (
                push.span(),
                format!(
                    "team.push is '{}': expected \"manual\" or \"auto\"",
                    push.get_ref()
                ),
            )
        })?;
    }
    Ok(team)
}

fn key_list(value: &toml::Value) -> Option<Vec<String>> {
    match value {
        toml::Value::String(key) => Some(vec![key.clone()]),
        toml::Value::Array(keys) => keys
            .iter()
            .map(|k| k.as_str().map(str::to_string))
            .collect(),
        _ => None,
    }
}

fn parse_hours(text: &str) -> Option<(NaiveTime, NaiveTime)> {
    let (start, end) = text.split_once('-')?;
    let time = |t: &str| NaiveTime::parse_from_str(t.trim(), "%H:%M").ok();
    let (start, end) = (time(start)?, time(end)?);
    (start < end).then_some((start, end))
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, column)
}

/// The file `cadence config init` writes: every key, commented out, at its default.
pub fn commented_defaults() -> String {
    let d = Settings::default();
    let mut out = String::from(
        "# cadence settings. Every key is shown at its default, commented out: remove the '#'\n\
         # to change one. A key cadence does not know, or a value it cannot use, stops it from\n\
         # starting with a message naming the line.\n\n",
    );
    out.push_str("# Your IANA time zone; by default the system's (CADENCE_TZ overrides both).\n");
    out.push_str("# time_zone = \"Europe/Berlin\"\n\n");
    out.push_str("# The first day of the week: \"monday\" or \"sunday\".\n");
    out.push_str("# week_start = \"monday\"\n\n");
    out.push_str("# The hours the calendar marks as your working day.\n");
    out.push_str(&format!(
        "# working_hours = \"{}-{}\"\n\n",
        d.working_hours.0.format("%H:%M"),
        d.working_hours.1.format("%H:%M")
    ));
    out.push_str("# The day the end-of-week review is due.\n");
    out.push_str(&format!(
        "# review_day = \"{}\"\n\n",
        weekday_name(d.review_day)
    ));
    out.push_str(
        "# \"dark\", \"light\", or \"plain\" for no colour (as NO_COLOR in the environment does).\n",
    );
    out.push_str("# theme = \"dark\"\n\n");
    out.push_str("# How a day is written (strftime): \"%a %b %-d\" is Fri Nov 27.\n");
    out.push_str(&format!("# date_format = \"{}\"\n\n", d.date_format));
    out.push_str("# How long a new meeting of each kind is, in minutes.\n# [meeting_minutes]\n");
    for kind in Kind::ALL {
        out.push_str(&format!(
            "# {} = {}\n",
            kind.key(),
            d.meeting_minutes.get(kind)
        ));
    }
    out.push_str(
        "\n# How many minutes before the end of an agenda item, and of the whole 1:1, the\n\
         # timer turns to a warning.\n# [timer]\n",
    );
    out.push_str(&format!(
        "# item_warning_minutes = {}\n# meeting_warning_minutes = {}\n",
        d.item_warning.num_minutes(),
        d.meeting_warning.num_minutes()
    ));
    out.push_str(
        "\n# Keys, per place they work in. A rebinding replaces the action's keys there; write\n\
         # one key (\"x\", \"X\", \"C-x\", \"Enter\", \"Esc\", \"Tab\", \"S-Tab\", \"Space\", \"Up\",\n\
         # \"Down\", \"Left\", \"Right\", \"Home\", \"End\", \"Del\", \"F1\") or a list of them.\n\
         # Two actions on one key in one place are refused, naming both.\n",
    );
    out.push_str(
        "\n# The organisation's PostgreSQL, where your leader reads your cadence and coaching\n\
         # (see `cadence team status`). The password is never kept here: it comes from\n\
         # PGPASSWORD or ~/.pgpass. CADENCE_TEAM_URL, CADENCE_TEAM_MANAGER and\n\
         # CADENCE_TEAM_ROLE override these. Shared notes, observation text and evidence leave\n\
         # only with share_text on; private notes never leave.\n\
         # [team]\n\
         # url = \"postgresql://USER@HOST:5432/DATABASE\"\n\
         # manager = \"Your Name\"\n\
         # role = \"manager\"  # or \"leader\"\n\
         # push = \"manual\"  # or \"auto\"\n\
         # share_text = false\n",
    );
    for (name, scope) in keymap::SCOPES {
        out.push_str(&format!("\n# [keys.{name}]\n"));
        for b in BINDINGS.iter().filter(|b| b.scope == *scope) {
            let keys: Vec<String> = b
                .keys
                .iter()
                .map(|k| toml::Value::String(keymap::key_name(k)).to_string())
                .collect();
            let value = if keys.len() == 1 {
                keys[0].clone()
            } else {
                format!("[{}]", keys.join(", "))
            };
            out.push_str(&format!("# {} = {value}  # {}\n", b.name, b.description));
        }
    }
    out
}

fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "monday",
        Weekday::Tue => "tuesday",
        Weekday::Wed => "wednesday",
        Weekday::Thu => "thursday",
        Weekday::Fri => "friday",
        Weekday::Sat => "saturday",
        Weekday::Sun => "sunday",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::Action;
    use crate::action::Pane;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    #[test]
    fn an_empty_file_gives_the_defaults() {
        let parsed = parse("").unwrap();
        assert_eq!(parsed.settings, Settings::default());
        assert!(parsed.time_zone.is_none());
        let d = Settings::default();
        assert_eq!(d.review_day, Weekday::Fri);
        assert_eq!(d.meeting_minutes.get(Kind::OneOnOne), 30);
        assert_eq!(d.item_warning, TimeDelta::minutes(2));
    }

    #[test]
    fn every_key_overrides_its_default() {
        let parsed = parse(
            "time_zone = \"America/New_York\"\nweek_start = \"sunday\"\n\
             working_hours = \"07:30-16:00\"\nreview_day = \"thursday\"\ntheme = \"light\"\n\
             date_format = \"%Y-%m-%d\"\n[meeting_minutes]\none_on_one = 45\n\
             [timer]\nitem_warning_minutes = 1\n[keys.week]\nnext_week = [\"n\", \"]\"]\n",
        )
        .unwrap();
        let s = parsed.settings;
        assert_eq!(parsed.time_zone.as_deref(), Some("America/New_York"));
        assert_eq!(s.week_start, WeekStart::Sunday);
        assert_eq!(
            s.working_hours.0,
            NaiveTime::from_hms_opt(7, 30, 0).unwrap()
        );
        assert_eq!(s.review_day, Weekday::Thu);
        assert_eq!(s.theme, Theme::Light);
        assert_eq!(s.date_format, "%Y-%m-%d");
        assert_eq!(s.meeting_minutes.get(Kind::OneOnOne), 45);
        assert_eq!(s.meeting_minutes.get(Kind::Qbr), 120);
        assert_eq!(s.item_warning, TimeDelta::minutes(1));
        assert_eq!(s.meeting_warning, TimeDelta::minutes(5));
        let map = parsed.keymap;
        let n = KeyEvent::new(KeyCode::Char('n'), KeyModifiers::NONE);
        assert_eq!(
            map.resolve(crate::keymap::Scope::Pane(Pane::Week), n),
            Some(Action::NextWeek)
        );
    }

    fn problem(text: &str) -> Problem {
        parse(text).unwrap_err()
    }

    #[test]
    fn bad_toml_is_named_by_line_and_column() {
        let p = problem("week_start = \"monday\"\ntheme = = \"dark\"\n");
        assert_eq!((p.line, p.column), (2, 9), "{p}");
        assert!(!p.message.is_empty() && !p.message.contains('\n'), "{p}");
    }

    #[test]
    fn an_unknown_key_is_named_by_line_and_column() {
        let p = problem("theme = \"dark\"\n\ncolour = \"red\"\n");
        assert_eq!((p.line, p.column), (3, 1), "{p}");
        assert!(
            p.message.contains("colour") && p.message.contains("theme"),
            "{p}"
        );
        let p = problem("[meeting_minutes]\none_on_two = 30\n");
        assert_eq!(p.line, 2, "{p}");
        assert!(p.message.contains("one_on_two"), "{p}");
    }

    #[test]
    fn a_wrong_type_is_named_by_line_and_column() {
        let p = problem("[timer]\nitem_warning_minutes = \"two\"\n");
        assert_eq!((p.line, p.column), (2, 24), "{p}");
        let p = problem("week_start = 1\n");
        assert_eq!((p.line, p.column), (1, 14), "{p}");
    }

    #[test]
    fn a_value_cadence_cannot_use_is_named_by_line_and_column() {
        for (text, line, words) in [
            ("working_hours = \"18:00-08:00\"", 1, "08:00-18:00"),
            ("\nreview_day = \"someday\"", 2, "friday"),
            ("date_format = \"%Q\"", 1, "strftime"),
            ("[meeting_minutes]\nqbr = 0", 2, "1 to 600"),
            ("[timer]\nmeeting_warning_minutes = 90", 2, "0 to 60"),
            ("theme = \"neon\"", 1, "dark"),
            ("[keys.week]\nnext_week = 3", 2, "a key such as"),
            ("[keys.week]\n\nnext_week = \"t\"", 3, "this_week"),
            ("[keys.wek]\nnext_week = \"n\"", 2, "week"),
        ] {
            let p = problem(text);
            assert_eq!(p.line, line, "{text}: {p}");
            assert!(p.message.contains(words), "{text}: {p}");
        }
    }

    #[test]
    fn two_rebindings_on_one_key_are_refused_naming_both() {
        let p = problem("[keys.week]\nnext_week = \"n\"\nprevious_week = \"n\"\n");
        assert!(
            p.message.contains("next_week") && p.message.contains("previous_week"),
            "{p}"
        );
    }

    #[test]
    fn the_commented_file_read_with_every_line_on_gives_the_defaults() {
        let text = commented_defaults();
        let uncommented: String = text
            .lines()
            .filter_map(|l| l.strip_prefix("# "))
            .filter(|l| l.contains(" = ") || l.starts_with('['))
            .map(|l| format!("{l}\n"))
            .collect();
        let parsed = parse(&uncommented).unwrap();
        assert_eq!(parsed.settings, Settings::default());
        // Every binding rebound to its own keys is the default keymap again.
        let map = parsed.keymap;
        for scope in keymap::SCOPES.iter().map(|(_, s)| *s) {
            let ours: Vec<String> = map
                .bindings(scope)
                .map(|e| keymap::keys_label(&e.keys))
                .collect();
            let defaults: Vec<String> = BINDINGS
                .iter()
                .filter(|b| b.scope == scope)
                .map(|b| keymap::keys_label(b.keys))
                .collect();
            assert_eq!(ours, defaults);
        }
    }

    #[test]
    fn the_team_section_is_read_into_typed_settings() {
        let parsed = parse(
            "[team]\nurl = \"postgresql://cadence@db.example/sales\"\nmanager = \"Maya Chen\"\n\
             role = \"leader\"\npush = \"auto\"\nshare_text = true\n",
        )
        .unwrap();
        let team = parsed.team;
        assert_eq!(
            team.url.unwrap().describe(),
            "cadence@db.example:5432/sales"
        );
        assert_eq!(team.manager.as_deref(), Some("Maya Chen"));
        assert_eq!(team.role, Role::Leader);
        assert_eq!(team.push, Push::Auto);
        assert!(team.share_text);
        // Off unless said: nothing but figures leaves by default.
        let plain = parse("[team]\nmanager = \"Maya Chen\"\n").unwrap().team;
        assert!(!plain.share_text);
        assert_eq!((plain.role, plain.push), (Role::Manager, Push::Manual));
    }

    #[test]
    fn team_problems_name_their_line_and_never_repeat_a_password() {
        let p = problem("[team]\nrole = \"boss\"\n");
        assert_eq!((p.line, p.column), (2, 8));
        assert!(p.message.contains("\"manager\" or \"leader\""), "{p}");
        let p = problem("[team]\npush = \"sometimes\"\n");
        assert!(p.message.contains("\"manual\" or \"auto\""), "{p}");
        let p =
            problem("[team]\nmanager = \"Maya\"\nurl = \"postgresql://maya:hunter2@db/sales\"\n");
        assert_eq!(p.line, 3);
        assert!(p.message.contains("holds a password"), "{p}");
        assert!(!p.to_string().contains("hunter2"), "{p}");
        let p = problem("[team]\npassword = \"hunter2\"\n");
        assert!(p.message.contains("unknown field"), "{p}");
        assert!(!p.to_string().contains("hunter2"), "{p}");
    }
}
