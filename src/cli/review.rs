//! `cadence review --week W --format md|json`: the week's summary without the cockpit, as a
//! note for the manager's own leader or as figures for scripts.

use super::{ReviewArgs, ReviewFormat};
use crate::config::Settings;
use crate::domain::Week;
use crate::store::Store;
use chrono::{DateTime, Utc};
use color_eyre::eyre::Result;
use std::io::Write;

pub fn print(
    store: &mut Store,
    settings: Settings,
    now: DateTime<Utc>,
    args: &ReviewArgs,
    out: &mut impl Write,
) -> Result<()> {
    let today = now.with_timezone(&settings.zone).date_naive();
    let week = match &args.week {
        Some(text) => Week::parse(text, settings.week_start)?,
        None => Week::containing(today, settings.week_start),
    };
    let summary = store.week_summary(week, settings.zone, now)?;
    match args.format.unwrap_or(ReviewFormat::Md) {
        ReviewFormat::Md => write!(out, "{}", summary.markdown())?,
        ReviewFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &summary)?;
            writeln!(out)?;
        }
    }
    Ok(())
}
