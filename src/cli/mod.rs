//! The command line: the cockpit by default, and subcommands for scripts. One file per
//! subcommand; this module parses arguments and dispatches.

mod actions;
mod agenda;
mod check;
mod config;
mod demo;
mod doctor;
mod export;
mod export_json;
mod generate;
mod import;
mod import_json;
mod meeting;
mod private;
mod restore;
mod review;
mod rubric;
mod scorecard;
mod scores;
mod seller;
mod shell;
mod team;
mod today;
mod week;

use crate::store::Store;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};

#[derive(Debug, Parser)]
#[command(
    name = "cadence",
    version,
    about = "A terminal coaching cockpit for frontline sales managers",
    long_about = "A terminal coaching cockpit for frontline sales managers.\n\n\
        Run without a subcommand to open the cockpit: the week's cadence calendar, the live \
        meeting, the scorecard and the action items, on one screen. Everything is kept in one \
        local SQLite file, readable by you alone."
)]
pub struct Cli {
    /// The database file [default: cadence.db in your data directory]
    #[arg(long, global = true, env = "CADENCE_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Open the cockpit on a fresh temporary database filled with a sample team
    #[arg(long)]
    pub demo: bool,

    /// Leave right after the first frame is on the terminal: for timing the start-up
    #[arg(long, hide = true)]
    pub exit_after_first_frame: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print a week's meetings
    Week(WeekArgs),
    /// Write the sample team and its twelve weeks of history into an empty database
    Demo,
    /// Write a generated history (sellers, cadence, years of meetings, 1:1s, scorecards,
    /// action items) into an empty database: for trying cadence at scale, and its benchmarks
    Gen(GenArgs),
    /// Check the database for damage (SQLite's quick_check)
    Check,
    /// Look the database over: damage (the full integrity_check), schema, permissions, the
    /// last session, the write-ahead log and the backups, with what to do about anything wrong
    Doctor,
    /// Put a backup in place of the database, keeping the replaced file beside it
    Restore(RestoreArgs),
    /// Add your sellers, or list them
    #[command(subcommand)]
    Seller(SellerCommand),
    /// Put an item on a seller's next 1:1 agenda
    #[command(subcommand)]
    Agenda(AgendaCommand),
    /// Print a 1:1's recap
    #[command(subcommand)]
    Meeting(MeetingCommand),
    /// Action items: list them, add one, mark done or drop
    #[command(subcommand)]
    Actions(ActionsCommand),
    /// The end-of-week review: the guided walk in the cockpit, or with --week or --format
    /// the week's summary printed
    Review(ReviewArgs),
    /// The rubrics calls are scored against: list, show, check, import, tune
    #[command(subcommand)]
    Rubric(RubricCommand),
    /// Print finished scorecards, newest first
    Scores(ScoresArgs),
    /// Calibrate with a colleague: export a scorecard, import theirs, compare the two
    #[command(subcommand)]
    Scorecard(ScorecardCommand),
    /// Coach the coach: a held 1:1 pre-filled against the manager's-1:1 rubric
    Coach(CoachArgs),
    /// Today's meetings and the action items due or late, in plain text (for a shell's
    /// start-up file)
    Today,
    /// The config file: where it is, or a commented one with every key at its default
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Print a completion script for your shell
    Completions {
        /// The shell to complete for
        #[arg(value_enum)]
        shell: CompletionShell,
    },
    /// Print the man page (roff): cadence man > cadence.1
    Man,
    /// Write everything as JSON, or your cadence, action items or scores for another tool:
    /// a calendar, a spreadsheet, taskwarrior or todo.txt
    #[command(subcommand)]
    Export(ExportCommand),
    /// Read back an export of everything, action items from taskwarrior or todo.txt, or
    /// sellers from a roster
    #[command(subcommand)]
    Import(ImportCommand),
    /// The organisation's PostgreSQL, where your leader reads your cadence and coaching:
    /// status, and the admin's set-up commands
    #[command(subcommand)]
    Team(TeamCommand),
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Close every cadence first: restoring under an open cockpit is not \
    supported. The cockpit takes a backup a day when it starts; `cadence doctor` lists them."
)]
pub struct RestoreArgs {
    /// The backup, such as backups/cadence-2026-11-27.db beside the database; it must be a
    /// cadence database with no damage, of a schema this cadence knows
    #[arg(value_name = "BACKUP")]
    pub backup: PathBuf,
    /// Replace the database there is; it is kept beside it as NAME.replaced-YYYYMMDDTHHMMSS
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, clap::Args)]
pub struct GenArgs {
    /// How many sellers, 1 to 500
    #[arg(long, value_name = "N")]
    pub sellers: u32,
    /// How many years of history, ending today, 1 to 20
    #[arg(long, value_name = "Y")]
    pub years: u32,
    /// The seed: the same seed (and CADENCE_NOW, and zone) writes the same database
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print where the config file is read from
    Path,
    /// Write a config file with every key at its default, commented out
    Init {
        /// Print it instead of writing the file
        #[arg(long)]
        print: bool,
        /// Replace a config file that exists already
        #[arg(long, conflicts_with = "print")]
        force: bool,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CompletionShell {
    Bash,
    Zsh,
    Fish,
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Everything (sellers, cadence, meetings, 1:1s with private notes, actions, scorecards)
    /// as one JSON document: a backup that `cadence import json` reads back
    Json {
        /// Write to this file (readable by you alone) instead of printing
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// The cadence's meetings as an iCalendar (.ics) file, from the start of this week:
    /// importing a later export updates the same events
    Ics {
        /// How many weeks, 1 to 52
        #[arg(long, value_name = "N", default_value_t = 4,
              value_parser = clap::value_parser!(u32).range(1..=52))]
        weeks: u32,
        /// Write to this file (readable by you alone) instead of printing
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// A table for a spreadsheet, as CSV with a header row (cells that a spreadsheet would
    /// run as a formula get a leading ')
    Csv {
        /// Which table: every action item, every finished scorecard, or the meetings
        #[arg(long, value_enum)]
        table: CsvTable,
        /// For meetings: how many weeks up to and including this one, 1 to 520
        #[arg(long, value_name = "N", default_value_t = 12,
              value_parser = clap::value_parser!(u32).range(1..=520))]
        weeks: u32,
        /// Write to this file (readable by you alone) instead of printing
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Action items as taskwarrior's JSON, for `task import`
    Taskwarrior {
        /// Every item, done and dropped too [default: open items only]
        #[arg(long)]
        all: bool,
        /// Write to this file (readable by you alone) instead of printing
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Action items as todo.txt lines
    Todotxt {
        /// Every item, done and dropped too [default: open items only]
        #[arg(long)]
        all: bool,
        /// Write to this file (readable by you alone) instead of printing
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CsvTable {
    Actions,
    Scores,
    Meetings,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// A document written by `cadence export json`, into an empty database (give a new
    /// path with --db); it is checked whole first, and a problem imports nothing
    Json {
        /// The document, or - for standard input
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Action items from taskwarrior's JSON (`task project:cadence export`): a known uuid
    /// updates its item, nothing is written unless every task is good
    Taskwarrior {
        /// The file, or - to read standard input
        file: PathBuf,
    },
    /// Action items from todo.txt lines: a known uuid: updates its item, nothing is written
    /// unless every line is good
    Todotxt {
        /// The file, or - to read standard input
        file: PathBuf,
    },
    /// Sellers from a CSV roster with a header row: name, and optionally email and start
    /// date; nothing is added unless every row is good
    Roster {
        /// The CSV file, or - to read standard input
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum ScorecardCommand {
    /// Write a finished scorecard as JSON, for a colleague to import
    Export {
        /// The scorecard's id (as in `cadence scores`)
        id: i64,
        /// Your name, as your colleague will see it
        #[arg(long)]
        assessor: Option<String>,
        /// Write to this file (readable by you alone) instead of printing
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Add a colleague's scorecard; its rubric version must be known here
    Import { file: PathBuf },
    /// Two scorecards of the same call side by side, with the gaps and the agreement
    Compare {
        a: i64,
        b: i64,
        /// Markdown, or JSON
        #[arg(long, value_enum, default_value_t = RecapFormat::Md)]
        format: RecapFormat,
    },
}

#[derive(Debug, clap::Args)]
pub struct CoachArgs {
    /// The 1:1's meeting id (as in `cadence week --format json`)
    pub id: i64,
    /// Markdown, or JSON
    #[arg(long, value_enum, default_value_t = RecapFormat::Md)]
    pub format: RecapFormat,
}

#[derive(Debug, Subcommand)]
pub enum RubricCommand {
    /// List every rubric version: built in and yours
    List,
    /// Print a rubric: its scale and what each level of each criterion looks like
    Show {
        /// The rubric's id, such as discovery-call
        id: String,
        /// A version other than the newest
        #[arg(long)]
        version: Option<u32>,
    },
    /// Check a rubric file; problems are named with their line and column
    Validate { file: PathBuf },
    /// Check a rubric file and add it to your rubrics
    Import { file: PathBuf },
    /// Switch criteria off or on, or change weights, for your team: saved as a new version
    Tune {
        /// The rubric's id
        id: String,
        /// A criterion to switch off (repeatable)
        #[arg(long, value_name = "KEY")]
        off: Vec<String>,
        /// A criterion to switch back on (repeatable)
        #[arg(long, value_name = "KEY")]
        on: Vec<String>,
        /// A new weight, as KEY=WEIGHT (repeatable)
        #[arg(long, value_name = "KEY=WEIGHT")]
        weight: Vec<String>,
    },
}

#[derive(Debug, clap::Args)]
pub struct ScoresArgs {
    /// Only this seller's scorecards
    #[arg(long, value_name = "NAME")]
    pub seller: Option<String>,
    /// Only scorecards of this rubric (any version)
    #[arg(long, value_name = "ID")]
    pub rubric: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

#[derive(Debug, Subcommand)]
pub enum ActionsCommand {
    /// List action items, soonest due first (open ones unless --all)
    List(ListArgs),
    /// Add an action item for a seller
    Add {
        /// What is to be done
        title: String,
        /// The seller it is about
        #[arg(long)]
        seller: String,
        /// Who does it
        #[arg(long, value_enum, default_value_t = OwnerArg::Seller)]
        owner: OwnerArg,
        /// When it is due: today, tomorrow, fri, next mon, +3d, +2w or 2026-12-04 [default: no date]
        // A phrase starting with '-' (`-3d`) reaches the phrase parser, which says what a due
        // date can be, rather than clap's "unexpected argument".
        #[arg(long, value_name = "PHRASE", allow_hyphen_values = true)]
        due: Option<String>,
    },
    /// Mark action items done
    Done {
        /// Their ids (as in `cadence actions list`)
        #[arg(required = true)]
        ids: Vec<i64>,
    },
    /// Drop an action item: it no longer needs doing
    Drop {
        /// Its id (as in `cadence actions list`)
        id: i64,
        /// Why, for the record
        #[arg(long)]
        reason: Option<String>,
    },
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Only open items (the default)
    #[arg(long, conflicts_with = "all")]
    pub open: bool,
    /// Every item: open, done and dropped
    #[arg(long)]
    pub all: bool,
    /// Only this seller's items
    #[arg(long, value_name = "NAME")]
    pub seller: Option<String>,
    /// Only open items past their due date
    #[arg(long)]
    pub overdue: bool,
    /// Only items due this week
    #[arg(long)]
    pub due_this_week: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
    Csv,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OwnerArg {
    Seller,
    Manager,
}

#[derive(Debug, clap::Args)]
pub struct ReviewArgs {
    /// The ISO week to summarise, such as 2026-W48 [default: this week]
    #[arg(long, value_name = "YYYY-Www")]
    pub week: Option<String>,
    /// Print the summary: Markdown for a weekly note, or JSON
    #[arg(long, value_enum)]
    pub format: Option<ReviewFormat>,
}

impl ReviewArgs {
    /// Whether to print the summary rather than open the walk in the cockpit.
    pub fn prints(&self) -> bool {
        self.week.is_some() || self.format.is_some()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReviewFormat {
    Md,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum AgendaCommand {
    /// Add an item to the seller's next 1:1 (it opens that meeting's agenda)
    Add {
        /// The seller whose 1:1 it is for
        #[arg(long)]
        seller: String,
        /// What to talk about
        text: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum MeetingCommand {
    /// Print a 1:1's recap: purpose, agenda with planned and actual minutes, shared notes,
    /// action items and feedback
    Show {
        /// The meeting's id (as in `cadence week --format json`)
        id: i64,
        /// Output format: Markdown to paste into an email, or JSON
        #[arg(long, value_enum, default_value_t = RecapFormat::Md)]
        format: RecapFormat,
        /// Include private notes (never send these to the seller)
        #[arg(long)]
        private: bool,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RecapFormat {
    Md,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum SellerCommand {
    /// Add a seller to your team
    Add {
        /// Their name, as it shows on the calendar
        name: String,
        /// The day they started [default: today]
        #[arg(long, value_name = "YYYY-MM-DD")]
        started: Option<String>,
        /// What motivates them, in a line
        #[arg(long)]
        motivation: Option<String>,
    },
    /// List your sellers
    List,
}

#[derive(Debug, clap::Args)]
pub struct WeekArgs {
    /// The ISO week to print, such as 2026-W48 [default: this week]
    #[arg(long, value_name = "YYYY-Www")]
    pub week: Option<String>,

    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

impl Command {
    /// Whether what the command prints is text for a person (listings, recaps, messages),
    /// whose stored control characters are escaped on the way out, rather than a data format
    /// (JSON, CSV, iCalendar, taskwarrior, todo.txt, roff, a script) kept byte for byte.
    pub fn prints_text(&self) -> bool {
        let to_file = |out: &Option<PathBuf>| out.is_some();
        match self {
            Command::Week(args) => args.format == Format::Text,
            Command::Actions(ActionsCommand::List(args)) => args.format == ListFormat::Text,
            Command::Scores(args) => args.format == ListFormat::Text,
            Command::Meeting(MeetingCommand::Show { format, .. })
            | Command::Scorecard(ScorecardCommand::Compare { format, .. })
            | Command::Coach(CoachArgs { format, .. }) => *format == RecapFormat::Md,
            Command::Review(args) => args.format != Some(ReviewFormat::Json),
            // Written to a file, the export leaves a message on the terminal.
            Command::Scorecard(ScorecardCommand::Export { out, .. }) => to_file(out),
            Command::Export(export) => match export {
                ExportCommand::Json { out }
                | ExportCommand::Ics { out, .. }
                | ExportCommand::Csv { out, .. }
                | ExportCommand::Taskwarrior { out, .. }
                | ExportCommand::Todotxt { out, .. } => to_file(out),
            },
            Command::Team(TeamCommand::Status { format }) => {
                matches!(format, StatusFormat::Text)
            }
            Command::Team(TeamCommand::Admin(_) | TeamCommand::Push) => true,
            Command::Config(_) | Command::Completions { .. } | Command::Man => false,
            Command::Actions(_)
            | Command::Demo
            | Command::Gen(_)
            | Command::Check
            | Command::Doctor
            | Command::Restore(_)
            | Command::Seller(_)
            | Command::Agenda(_)
            | Command::Rubric(_)
            | Command::Scorecard(_)
            | Command::Today
            | Command::Import(_) => true,
        }
    }
}

/// Runs `add` on the database at `path`, making it when it is not there. A new database is
/// said once on standard error; one made for a command that then failed is removed, so
/// refused input leaves no file behind.
pub fn into_database<T>(
    path: &Path,
    add: impl FnOnce(&mut Store) -> color_eyre::Result<T>,
) -> color_eyre::Result<T> {
    let new = !path.exists();
    let mut store = Store::open(path)?;
    let result = add(&mut store);
    drop(store);
    if new {
        match &result {
            Ok(_) => eprintln!("cadence: created a new database at {}", path.display()),
            Err(_) => crate::store::remove_database(path),
        }
    }
    result
}

pub use actions::run as actions;
pub use agenda::add as agenda_add;
pub use check::run as check;
pub use config::run as config;
pub use demo::run as demo;
pub use doctor::{Unhealthy, run as doctor};
pub use export::run as export;
pub use export_json::run as export_json;
pub use generate::run as generate;
pub use import::run as import;
pub use import_json::run as import_json;
pub use meeting::show as meeting_show;
pub use private::write as write_private;
pub use restore::run as restore;
pub use review::print as review;
pub use rubric::{RubricRefused, run as rubric};
pub use scorecard::{coach, run as scorecard};
pub use scores::run as scores;
pub use seller::{BadDate, run as seller};
pub use shell::{completions, man};
pub use team::{AdminCommand, MemberArgs, StatusFormat, TeamCommand, team};
pub use today::run as today;
pub use week::run as week;
