//! `cadence week`: a week's meetings as text or JSON.

use super::{Format, WeekArgs};
use crate::config::Settings;
use crate::domain::Week;
use crate::domain::adherence::Adherence;
use crate::interchange::table::Table;
use crate::model::calendar::CalendarMeeting;
use crate::store::Store;
use chrono::{DateTime, Utc};
use color_eyre::eyre::Result;
use serde::Serialize;
use std::io::Write;

#[derive(Serialize)]
struct JsonMeeting<'a> {
    id: i64,
    seller: Option<&'a str>,
    kind: &'static str,
    start: String,
    minutes: u32,
    status: &'static str,
    cancel_reason: Option<&'a str>,
    rescheduled_to: Option<String>,
}

/// The meetings as `--format json` prints them.
fn json_rows(meetings: &[CalendarMeeting], zone: crate::zone::Zone) -> Vec<JsonMeeting<'_>> {
    meetings
        .iter()
        .map(|m| JsonMeeting {
            id: m.meeting.id,
            seller: m.meeting.seller.as_ref().map(|s| s.name.as_str()),
            kind: m.meeting.kind.key(),
            start: m.starts.to_rfc3339(),
            minutes: m.meeting.minutes,
            status: m.status.key(),
            cancel_reason: m.meeting.cancel_reason.as_deref(),
            rescheduled_to: m
                .meeting
                .rescheduled_to
                .map(|t| t.with_timezone(&zone).to_rfc3339()),
        })
        .collect()
}

/// The meetings as a spreadsheet table: the fields of `--format json`.
pub(super) fn table(meetings: &[CalendarMeeting], zone: crate::zone::Zone) -> Table {
    let mut table = Table::new(&[
        "id",
        "seller",
        "kind",
        "start",
        "minutes",
        "status",
        "cancel_reason",
        "rescheduled_to",
    ]);
    for m in json_rows(meetings, zone) {
        table.rows.push(vec![
            m.id.to_string(),
            m.seller.unwrap_or_default().to_string(),
            m.kind.to_string(),
            m.start,
            m.minutes.to_string(),
            m.status.to_string(),
            m.cancel_reason.unwrap_or_default().to_string(),
            m.rescheduled_to.unwrap_or_default(),
        ]);
    }
    table
}

pub fn run(
    store: &mut Store,
    settings: Settings,
    now: DateTime<Utc>,
    args: &WeekArgs,
    out: &mut impl Write,
) -> Result<()> {
    let zone = settings.zone;
    let today = now.with_timezone(&zone).date_naive();
    let week = match &args.week {
        Some(text) => Week::parse(text, settings.week_start)?,
        None => Week::containing(today, settings.week_start),
    };
    let meetings: Vec<CalendarMeeting> = store
        .week_meetings(week, zone)?
        .into_iter()
        .map(|m| CalendarMeeting::new(m, zone, today))
        .collect();
    match args.format {
        Format::Json => {
            let rows = json_rows(&meetings, zone);
            serde_json::to_writer_pretty(&mut *out, &rows)?;
            writeln!(out)?;
        }
        Format::Text => {
            writeln!(out, "{}", week.title())?;
            for m in &meetings {
                let mut note = String::new();
                if let Some(reason) = &m.meeting.cancel_reason {
                    note = format!("  ({reason})");
                }
                if let Some(to) = m.meeting.rescheduled_to {
                    note = format!(
                        "  (to {})",
                        to.with_timezone(&zone).format("%a %b %-d %H:%M")
                    );
                }
                writeln!(
                    out,
                    "{}  {:>3}m  {:<16} {} {}{note}",
                    m.starts.format("%a %d %H:%M"),
                    m.meeting.minutes,
                    m.meeting.kind.label(),
                    crate::text::cell(m.who(), 14),
                    m.status.key(),
                )?;
            }
            let a = Adherence::from_statuses(meetings.iter().map(|m| m.status));
            writeln!(
                out,
                "planned {} · held {} · canceled {} · missed {} · ahead {} · moved {}",
                a.planned, a.held, a.canceled, a.missed, a.ahead, a.rescheduled
            )?;
        }
    }
    Ok(())
}
