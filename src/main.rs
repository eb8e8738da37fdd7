//! The `cadence` binary: parses the command line, installs the error hooks, opens the store
//! and starts the cockpit or a subcommand. No logic of its own.

use cadence::app::App;
use cadence::cli::{self, Cli, Command};
use cadence::clock::{Clock, StartedClock};
use cadence::config::{self, ConfigError, Settings};
use cadence::domain::phrase::PhraseError;
use cadence::domain::week::WeekParseError;
use cadence::keymap::Keymap;
use cadence::store::{Store, StoreError};
use chrono::{DateTime, Utc};
use clap::Parser;
use color_eyre::eyre::{Result, eyre};
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> Result<ExitCode> {
    color_eyre::install()?;
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        // A reader that stopped reading (`cadence man | head`) is not an error, also when
        // the write failed inside the JSON or CSV writer.
        Err(report) if report.chain().any(is_broken_pipe) => Ok(ExitCode::SUCCESS),
        // A message can quote a name or a line it was given: escaped like all text shown.
        Err(report) if is_bad_input(&report) => {
            eprintln!(
                "cadence: {}",
                cadence::text::for_terminal(&report.to_string())
            );
            Ok(ExitCode::from(2))
        }
        Err(report) if is_users_to_fix(&report) => {
            eprintln!(
                "cadence: {}",
                cadence::text::for_terminal(&report.to_string())
            );
            Ok(ExitCode::FAILURE)
        }
        Err(report) => Err(report),
    }
}

fn is_broken_pipe(error: &(dyn std::error::Error + 'static)) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    // serde_json's error does not give its io error as its source: it is asked directly.
    error
        .downcast_ref::<std::io::Error>()
        .is_some_and(|e| e.kind() == BrokenPipe)
        || error
            .downcast_ref::<serde_json::Error>()
            .is_some_and(|e| e.io_error_kind() == Some(BrokenPipe))
        || error
            .downcast_ref::<csv::Error>()
            .is_some_and(|e| matches!(e.kind(), csv::ErrorKind::Io(io) if io.kind() == BrokenPipe))
}

/// Input that was wrong (an argument, a setting, a phrase, a name): exit code 2, as for a
/// malformed command line, and nothing was written.
fn is_bad_input(report: &color_eyre::Report) -> bool {
    matches!(
        report.downcast_ref::<StoreError>(),
        Some(StoreError::Invalid(_) | StoreError::Missing { .. })
    ) || report.downcast_ref::<ConfigError>().is_some()
        || report.downcast_ref::<WeekParseError>().is_some()
        || report.downcast_ref::<ClockError>().is_some()
        || report.downcast_ref::<cli::BadDate>().is_some()
        || report.downcast_ref::<PhraseError>().is_some()
        || report.downcast_ref::<cli::RubricRefused>().is_some()
        || report.downcast_ref::<Usage>().is_some()
        || report
            .downcast_ref::<cadence::interchange::Refused>()
            .is_some()
        || report
            .downcast_ref::<cadence::team::TeamError>()
            .is_some_and(cadence::team::TeamError::is_bad_input)
}

/// Errors whose one-line message says what to fix (a file cadence cannot use): exit code 1.
/// Anything else gets the full report.
fn is_users_to_fix(report: &color_eyre::Report) -> bool {
    report.downcast_ref::<StoreError>().is_some()
        || report.downcast_ref::<cli::Unhealthy>().is_some()
        || report.downcast_ref::<cadence::team::TeamError>().is_some()
}

/// A command line that asks for something cadence will not do.
#[derive(Debug)]
struct Usage(String);

impl std::fmt::Display for Usage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Usage {}

#[derive(Debug)]
struct ClockError(String);

impl std::fmt::Display for ClockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "CADENCE_NOW is '{}': expected an RFC 3339 instant such as 2026-11-27T09:00:00Z",
            self.0
        )
    }
}

impl std::error::Error for ClockError {}

/// The clock, started at the wall-clock time or at `CADENCE_NOW` (for demos and tests at a
/// fixed date).
fn clock() -> Result<StartedClock> {
    match std::env::var("CADENCE_NOW") {
        Ok(text) if !text.is_empty() => {
            let start =
                DateTime::parse_from_rfc3339(&text).map_err(|_| ClockError(text.clone()))?;
            Ok(StartedClock::new(start.with_timezone(&Utc)))
        }
        _ => Ok(StartedClock::system()),
    }
}

fn run(cli: Cli) -> Result<()> {
    // These read no settings: they work even while the config file is being fixed.
    match &cli.command {
        Some(Command::Config(command)) => return cli::config(command, &mut std::io::stdout()),
        Some(Command::Completions { shell }) => {
            return cli::completions(*shell, &mut std::io::stdout());
        }
        Some(Command::Man) => return cli::man(&mut std::io::stdout()),
        _ => {}
    }
    let config::Config {
        settings,
        keymap,
        team,
    } = config::load()?;
    let clock = clock()?;
    // Buffered: a listing is written in a few calls rather than one per line. Text for a
    // person never carries a stored terminal escape to the terminal.
    let escape = cli.command.as_ref().is_none_or(Command::prints_text);
    let mut out =
        cadence::text::ForTerminal::new(std::io::BufWriter::new(std::io::stdout().lock()), escape);
    if cli.demo && cli.command.is_some() {
        return Err(Usage("--demo opens the cockpit on a sample team; it does not go with a subcommand (use cadence demo --db PATH)".into()).into());
    }
    let result = match &cli.command {
        None if cli.demo => {
            // A fresh database that disappears when the cockpit closes.
            let mut builder = tempfile::Builder::new();
            builder.prefix("cadence-demo-");
            // 0700 like every directory cadence makes, from the moment it exists.
            #[cfg(unix)]
            builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700));
            let dir = builder.tempdir()?;
            let path = dir.path().join("cadence.db");
            cadence::demo::write_sample_team_whole(&path, settings.zone, clock.now())?;
            let mut store = Store::open(&path)?;
            cockpit(
                &mut store,
                &clock,
                (settings, keymap),
                "demo (temporary)".into(),
                Start::Panes,
                Backups::Never,
                cli.exit_after_first_frame,
            )
        }
        None => {
            let path = db_path(&cli);
            let mut store = open_creating(&path)?;
            cockpit(
                &mut store,
                &clock,
                (settings, keymap),
                path.display().to_string(),
                Start::Panes,
                Backups::Daily,
                cli.exit_after_first_frame,
            )
        }
        Some(Command::Week(args)) => {
            let mut store = Store::open_existing(&db_path(&cli))?;
            cli::week(&mut store, settings, clock.now(), args, &mut out)
        }
        Some(Command::Demo) => {
            // Never into the default database: that is the manager's own.
            let path = cli.db.clone().ok_or_else(|| {
                Usage(
                    "cadence demo needs --db PATH (or CADENCE_DB): it writes a sample team there"
                        .into(),
                )
            })?;
            let new = !path.exists();
            cli::demo(&path, settings.zone, clock.now(), &mut out)?;
            if new {
                eprintln!("cadence: created a new database at {}", path.display());
            }
            Ok(())
        }
        Some(Command::Gen(args)) => {
            // Never into the default database: that is the manager's own.
            let path = cli.db.clone().ok_or_else(|| {
                Usage(
                    "cadence gen needs --db PATH (or CADENCE_DB): it writes a generated history there"
                        .into(),
                )
            })?;
            args.spec()?;
            let mut store = open_creating(&path)?;
            Ok(cli::generate(
                &mut store,
                settings.zone,
                clock.now(),
                args,
                &mut out,
            )?)
        }
        Some(Command::Seller(command @ cli::SellerCommand::Add { .. })) => {
            let today = clock.now().with_timezone(&settings.zone).date_naive();
            cli::into_database(&db_path(&cli), |store| {
                cli::seller(store, today, command, &mut out)
            })
        }
        Some(Command::Seller(command)) => {
            let store = Store::open_existing(&db_path(&cli))?;
            let today = clock.now().with_timezone(&settings.zone).date_naive();
            cli::seller(&store, today, command, &mut out)
        }
        Some(Command::Agenda(cli::AgendaCommand::Add { seller, text })) => {
            let store = Store::open_existing(&db_path(&cli))?;
            cli::agenda_add(&store, seller, text, clock.now(), &mut out)
        }
        Some(Command::Meeting(cli::MeetingCommand::Show {
            id,
            format,
            private,
        })) => {
            let store = Store::open_existing(&db_path(&cli))?;
            cli::meeting_show(&store, *id, *format, *private, settings.zone, &mut out)
        }
        Some(Command::Actions(command)) => {
            let mut store = Store::open_existing(&db_path(&cli))?;
            cli::actions(&mut store, settings, clock.now(), command, &mut out)
        }
        Some(Command::Review(args)) if args.prints() => {
            let mut store = Store::open_existing(&db_path(&cli))?;
            cli::review(&mut store, settings, clock.now(), args, &mut out)
        }
        Some(Command::Review(_)) => {
            let path = db_path(&cli);
            let mut store = open_creating(&path)?;
            let label = path.display().to_string();
            cockpit(
                &mut store,
                &clock,
                (settings, keymap),
                label,
                Start::Review,
                Backups::Daily,
                cli.exit_after_first_frame,
            )
        }
        Some(Command::Rubric(command)) => cli::rubric(command, &mut out),
        Some(Command::Scores(args)) => {
            let store = Store::open_existing(&db_path(&cli))?;
            cli::scores(&store, settings.zone, args, &mut out)
        }
        Some(Command::Scorecard(command)) => {
            let mut store = Store::open_existing(&db_path(&cli))?;
            cli::scorecard(&mut store, command, &mut out)
        }
        Some(Command::Coach(args)) => {
            let store = Store::open_existing(&db_path(&cli))?;
            cli::coach(&store, args, &mut out)
        }
        Some(Command::Today) => {
            let mut store = Store::open_existing(&db_path(&cli))?;
            cli::today(&mut store, settings, clock.now(), &mut out)
        }
        Some(Command::Config(_) | Command::Completions { .. } | Command::Man) => Ok(()),
        Some(Command::Export(command)) => {
            let mut store = Store::open_existing(&db_path(&cli))?;
            cli::export(&mut store, &settings, clock.now(), command, &mut out)
        }
        Some(Command::Import(command)) => cli::import(
            &db_path(&cli),
            settings.zone,
            clock.now(),
            command,
            &mut out,
        ),
        Some(Command::Doctor) => {
            let path = db_path(&cli);
            cli::doctor(&path, cli.db.is_none(), &mut out)
        }
        Some(Command::Restore(args)) => Ok(cli::restore(
            &db_path(&cli),
            args,
            clock.now(),
            settings.zone,
            &mut out,
        )?),
        Some(Command::Team(command)) => {
            cli::team(command, team, &db_path(&cli), clock.now(), &mut out)
        }
        Some(Command::Check) => {
            let store = Store::open_existing(&db_path(&cli))?;
            Ok(cli::check(&store, &mut out)?)
        }
    };
    // What was printed goes out even when the command then failed; its error comes first.
    let flushed = std::io::Write::flush(&mut out);
    result?;
    Ok(flushed?)
}

/// The cockpit's and the generators' database, made when it is not there yet, which is said
/// once on standard error (the cockpit's screen hides it until it closes).
fn open_creating(path: &std::path::Path) -> Result<Store> {
    let new = !path.exists();
    let store = Store::open(path)?;
    if new {
        eprintln!("cadence: created a new database at {}", path.display());
    }
    Ok(store)
}

fn db_path(cli: &Cli) -> PathBuf {
    cli.db.clone().unwrap_or_else(config::default_db_path)
}

/// What the cockpit shows first.
#[derive(PartialEq)]
enum Start {
    Panes,
    /// The end-of-week review walk (`cadence review`).
    Review,
}

/// Whether the cockpit takes the day's backup when it starts.
enum Backups {
    /// The manager's database: a backup a day, the last seven kept.
    Daily,
    /// The demo's throwaway database.
    Never,
}

fn cockpit(
    store: &mut Store,
    clock: &StartedClock,
    (settings, keymap): (Settings, Keymap),
    label: String,
    start: Start,
    backups: Backups,
    exit_after_first_frame: bool,
) -> Result<()> {
    // Reads only: a file found damaged after an unclean close stops the start here, before
    // the terminal is taken or the file copied. The session is marked open, and today's
    // backup started, once the first frame is out.
    let unclean = store.last_session_unclean()?;
    // Notes a cockpit killed mid-edit left for its editor are not left lying about.
    cadence::term::clear_leftover_notes(&cadence::term::notes_dir(store.path()));
    let db = store.same_file();
    let backup_day = match backups {
        Backups::Daily => Some(clock.now().with_timezone(&settings.zone).date_naive()),
        Backups::Never => None,
    };
    // The terminal's size before anything is read: the long lists read what it shows.
    let screen = ratatui::crossterm::terminal::size()
        .map_or(cadence::model::layout::ASSUMED, |(width, height)| {
            ratatui::layout::Rect::new(0, 0, width, height)
        });
    let mut app = App::on_screen(store, clock, settings, label, screen);
    app.use_keymap(keymap);
    // The manager's own rubrics, when there are any: the built-in ones are loaded already,
    // and the progress is read again only for these.
    let catalog = cadence::catalog::load();
    let yours = catalog
        .entries
        .iter()
        .any(|e| e.origin == cadence::catalog::Origin::Yours);
    if yours || !catalog.problems.is_empty() {
        app.use_rubrics(catalog);
    }
    app.resume_live();
    if start == Start::Review {
        app.open_review();
    }
    if unclean {
        app.note(
            "cadence did not close properly last time; the database was checked and is intact",
        );
    }
    let unsaved = app.save_drafts_in_background()?;
    let stop = cadence::term::stop_requests()?;
    let mut terminal = cadence::term::enter()?;
    // Typed text not yet known to be saved is written from a panic too: to the database on
    // a fresh connection, or to a rescue file. Then the terminal is restored and the report
    // printed, by the hooks installed before this one.
    let hook = std::panic::take_hook();
    let (for_panic, db_for_panic) = (std::sync::Arc::clone(&unsaved), db.clone());
    let (panic_clock, hangup_clock) = (clock.clone(), clock.clone());
    std::panic::set_hook(Box::new(move |info| {
        cadence::drafts::save_after_panic(&for_panic, &db_for_panic, panic_clock.now());
        hook(info);
    }));
    // A terminal that closes can leave the event reader spinning where the loop never looks
    // at the stop flag again: then the watch writes what was typed, and ends the process.
    cadence::term::watch_for_hangup(std::sync::Arc::clone(&stop), move || {
        cadence::drafts::save_after_panic(&unsaved, &db, hangup_clock.now());
    })?;
    let first = app.draw_frame(&mut terminal);
    let started = match first {
        Ok(()) => app.first_frame_shown(backup_day),
        Err(_) => Ok(()),
    };
    let result = match first {
        // With `--exit-after-first-frame`, for timing the start-up, that frame is all.
        Ok(()) if !exit_after_first_frame && started.is_ok() => app.run(&mut terminal, &stop),
        other => other,
    };
    cadence::term::leave();
    for problem in app.close() {
        eprintln!("cadence: {problem}");
    }
    result.map_err(|e| eyre!("terminal error: {e}"))?;
    started?;
    if let Some(why) = app.writing_stopped() {
        // The session stays marked open: the next start checks the file first.
        return Err(eyre!("{why}"));
    }
    store.end_session()?;
    Ok(())
}
