//! `cadence export ics|csv|taskwarrior|todotxt`: the cadence, the action items and the
//! scores written for a calendar, a spreadsheet or a task list. Printed, or with `--out`
//! written to a file readable by the manager alone.

use super::{CsvTable, ExportCommand};
use crate::config::Settings;
use crate::domain::actions::{ActionFilter, Sort, StatusFilter};
use crate::domain::{Status, Week};
use crate::interchange::{Task, When, ics, taskwarrior, todotxt};
use crate::model::calendar::CalendarMeeting;
use crate::store::{ActionItem, ScoreFilter, Store};
use chrono::{DateTime, Days, Utc};
use color_eyre::eyre::Result;
use std::io::Write;
use std::path::Path;

pub fn run(
    store: &mut Store,
    settings: &Settings,
    now: DateTime<Utc>,
    command: &ExportCommand,
    out: &mut impl Write,
) -> Result<()> {
    let zone = settings.zone;
    let today = now.with_timezone(&zone).date_naive();
    let this_week = Week::containing(today, settings.week_start);
    match command {
        ExportCommand::Json { out: file } => super::export_json(store, now, file.as_deref(), out),
        ExportCommand::Ics { weeks, out: file } => {
            let from = this_week.first_day();
            let to = from + Days::new(7 * u64::from(*weeks));
            let calendar_id = store.calendar_id()?;
            let mut entries: Vec<ics::Entry> = store
                .calendar_meetings(from, to, zone)?
                .into_iter()
                .map(|o| {
                    let m = o.meeting;
                    let note = match (&m.cancel_reason, m.rescheduled_to) {
                        (Some(reason), _) => Some(format!("Canceled: {reason}")),
                        (None, Some(to)) => Some(format!(
                            "Moved to {}",
                            to.with_timezone(&zone).format("%a %b %-d %H:%M")
                        )),
                        _ => None,
                    };
                    ics::Entry {
                        uid: ics::uid(m.rule_id.zip(o.occurs_on), m.id, &calendar_id),
                        summary: ics::summary(
                            m.kind.label(),
                            m.seller.as_ref().map(|s| s.name.as_str()),
                        ),
                        starts: m.starts_at,
                        minutes: m.minutes,
                        canceled: matches!(m.status, Status::Canceled | Status::Rescheduled),
                        note,
                    }
                })
                .collect();
            // Occurrences a changed or removed rule no longer has: canceled under the UID
            // an earlier export gave them, so a calendar drops them.
            let withdrawn = store.withdrawn_occurrences(from, to, zone)?;
            entries.extend(withdrawn.into_iter().map(|w| ics::Entry {
                uid: ics::rule_uid(w.rule.id, w.day, &calendar_id),
                summary: ics::summary(
                    w.rule.kind.label(),
                    w.rule.seller.as_ref().map(|s| s.name.as_str()),
                ),
                starts: w.starts_at,
                minutes: w.rule.minutes,
                canceled: true,
                note: Some("No longer in the cadence: the rule was changed or removed".into()),
            }));
            entries.sort_by_key(|e| e.starts);
            let what = format!(
                "{} meetings of {weeks} week{} from {}",
                entries.len(),
                if *weeks == 1 { "" } else { "s" },
                from.format("%a %b %-d")
            );
            emit(out, file.as_deref(), &ics::write(&entries, now), &what)
        }
        ExportCommand::Csv {
            table,
            weeks,
            out: file,
        } => {
            let table = match table {
                CsvTable::Actions => {
                    let filter = ActionFilter {
                        status: StatusFilter::All,
                        ..Default::default()
                    };
                    let dates = (this_week.first_day(), this_week.last_day());
                    let list = store.list_actions(&filter, Sort::Age, today, dates, usize::MAX)?;
                    let rows: Vec<_> = list
                        .items
                        .iter()
                        .map(|a| super::actions::row(a, zone, today))
                        .collect();
                    super::actions::table(&rows)
                }
                CsvTable::Scores => {
                    let rows = store.score_rows(&ScoreFilter::default())?;
                    super::scores::table(&super::scores::records(&rows, zone))
                }
                CsvTable::Meetings => {
                    let from = this_week.first_day() - Days::new(7 * u64::from(*weeks - 1));
                    let meetings: Vec<CalendarMeeting> = store
                        .calendar_meetings(from, this_week.end(), zone)?
                        .into_iter()
                        .map(|o| CalendarMeeting::new(o.meeting, zone, today))
                        .collect();
                    super::week::table(&meetings, zone)
                }
            };
            let mut text = Vec::new();
            table.write_csv(&mut text)?;
            let what = format!("{} rows", table.rows.len());
            emit(out, file.as_deref(), &String::from_utf8(text)?, &what)
        }
        ExportCommand::Taskwarrior { all, out: file } => {
            let tasks = tasks(store, *all)?;
            let what = items(tasks.len());
            emit(
                out,
                file.as_deref(),
                &taskwarrior::write(&tasks, zone),
                &what,
            )
        }
        ExportCommand::Todotxt { all, out: file } => {
            let tasks = tasks(store, *all)?;
            let what = items(tasks.len());
            emit(out, file.as_deref(), &todotxt::write(&tasks, zone), &what)
        }
    }
}

fn items(n: usize) -> String {
    format!("{n} action item{}", if n == 1 { "" } else { "s" })
}

/// The action items, oldest first, as the task formats carry them.
fn tasks(store: &Store, all: bool) -> Result<Vec<Task>> {
    Ok(store
        .actions_with_uuids(all)?
        .into_iter()
        .map(|(uuid, a)| task(uuid, a))
        .collect())
}

fn task(uuid: String, a: ActionItem) -> Task {
    Task {
        uuid: Some(uuid),
        title: a.title,
        seller: a.seller.name,
        owner: a.owner,
        status: a.status,
        due_on: a.due_on,
        created: When::Instant(a.created_at),
        closed: a.closed_at.map(When::Instant),
        drop_reason: a.drop_reason,
    }
}

/// Prints `text`, or writes it to `file` (mode 0600, replacing a file of that name, as
/// `scorecard export --out` does) and says what was written where.
fn emit(out: &mut impl Write, file: Option<&Path>, text: &str, what: &str) -> Result<()> {
    match file {
        Some(path) => {
            super::private::write(path, text, true)
                .map_err(|e| super::private::store_error(path, e))?;
            writeln!(out, "Wrote {what} to {}", path.display())?;
        }
        None => out.write_all(text.as_bytes())?,
    }
    Ok(())
}
