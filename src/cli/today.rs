//! `cadence today`: today's meetings and the action items due or late, in plain text short
//! enough for a shell's start-up file. It reads today's week and two bounded lists, so it
//! answers in milliseconds whatever the history.

use crate::config::Settings;
use crate::domain::actions::{ActionFilter, Sort, StatusFilter, due_label};
use crate::domain::{Status, Week};
use crate::model::calendar::CalendarMeeting;
use crate::store::{ActionItem, Store};
use chrono::{DateTime, Datelike, Utc};
use color_eyre::eyre::Result;
use std::io::Write;

/// The most action items listed; the rest are counted.
const SHOWN: usize = 8;

pub fn run(
    store: &mut Store,
    settings: Settings,
    now: DateTime<Utc>,
    out: &mut impl Write,
) -> Result<()> {
    let zone = settings.zone;
    let today = now.with_timezone(&zone).date_naive();
    let week = Week::containing(today, settings.week_start);
    writeln!(out, "{} · week {}", settings.day(today), week.code())?;
    let meetings: Vec<CalendarMeeting> = store
        .week_meetings(week, zone)?
        .into_iter()
        .map(|m| CalendarMeeting::new(m, zone, today))
        .filter(|m| m.starts.date_naive() == today)
        .collect();
    if meetings.is_empty() {
        writeln!(out, "No meetings today.")?;
    }
    for m in &meetings {
        let who = m
            .meeting
            .seller
            .as_ref()
            .map(|s| format!(" with {}", s.name))
            .unwrap_or_default();
        let status = match m.status {
            Status::Planned => String::new(),
            other => format!(" ({})", other.key()),
        };
        writeln!(
            out,
            "  {} {} {}{who}, {} min{status}",
            m.starts.format("%H:%M"),
            m.status.glyph(),
            m.meeting.kind.label(),
            m.meeting.minutes,
        )?;
    }
    let (items, total) = due_now(store, today, week)?;
    if total == 0 {
        writeln!(out, "No action items due today or late.")?;
    } else {
        writeln!(out, "Action items due today or late: {total}")?;
        for item in &items {
            let late = if item.due_on.is_some_and(|d| d < today) {
                "!"
            } else {
                " "
            };
            writeln!(
                out,
                "  {late} {:<8} {} ({}) #{}",
                due_label(item.due_on, today),
                item.title,
                item.seller.name,
                item.id
            )?;
        }
        if total > items.len() {
            writeln!(
                out,
                "  … and {} more: cadence actions list --overdue",
                total - items.len()
            )?;
        }
    }
    if today.weekday() == settings.review_day {
        writeln!(out, "The end-of-week review is due today: cadence review")?;
    }
    Ok(())
}

/// Open items past their date, then those due today, at most `SHOWN` of them, and how
/// many there are in all.
fn due_now(
    store: &Store,
    today: chrono::NaiveDate,
    week: Week,
) -> Result<(Vec<ActionItem>, usize)> {
    let dates = (week.first_day(), week.last_day());
    let late = store.list_actions(
        &ActionFilter {
            status: StatusFilter::Open,
            overdue: true,
            ..ActionFilter::default()
        },
        Sort::Due,
        today,
        dates,
        SHOWN,
    )?;
    let this_week = store.list_actions(
        &ActionFilter {
            status: StatusFilter::Open,
            due_this_week: true,
            ..ActionFilter::default()
        },
        Sort::Due,
        today,
        dates,
        crate::store::LIST_LIMIT,
    )?;
    let due_today: Vec<ActionItem> = this_week
        .items
        .into_iter()
        .filter(|a| a.due_on == Some(today))
        .collect();
    let total = late.total + due_today.len();
    let items = late
        .items
        .into_iter()
        .chain(due_today)
        .take(SHOWN)
        .collect();
    Ok((items, total))
}
