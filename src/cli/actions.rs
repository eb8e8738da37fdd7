//! `cadence actions list|add|done|drop`: the action tracker for scripts and quick entries.
//! Changes go through the same journal as the cockpit, so `u` there undoes them too.

use super::{ActionsCommand, ListArgs, ListFormat, OwnerArg};
use crate::config::Settings;
use crate::domain::Week;
use crate::domain::actions::{ActionFilter, Sort, StatusFilter, due_label};
use crate::domain::phrase;
use crate::interchange::table::Table;
use crate::store::{ActionChange, ActionDraft, ActionItem, Store};
use crate::zone::Zone;
use chrono::{DateTime, Utc};
use color_eyre::eyre::Result;
use serde::Serialize;
use std::io::Write;

#[derive(Serialize)]
pub(super) struct Row<'a> {
    id: i64,
    title: &'a str,
    seller: &'a str,
    owner: &'static str,
    /// ISO date, or null when the item has no date.
    due: Option<String>,
    status: &'static str,
    overdue: bool,
    created: String,
    closed: Option<String>,
    /// The meeting the item was agreed in, as `1:1 2026-11-16`.
    source: Option<String>,
    drop_reason: Option<&'a str>,
}

pub(super) fn row(a: &ActionItem, zone: Zone, today: chrono::NaiveDate) -> Row<'_> {
    Row {
        id: a.id,
        title: &a.title,
        seller: &a.seller.name,
        owner: a.owner.key(),
        due: a.due_on.map(|d| d.to_string()),
        status: a.status.key(),
        overdue: crate::domain::actions::is_overdue(a.status, a.due_on, today),
        created: a.created_at.with_timezone(&zone).to_rfc3339(),
        closed: a.closed_at.map(|t| t.with_timezone(&zone).to_rfc3339()),
        source: a.source.as_ref().map(|m| {
            format!(
                "{} {}",
                m.kind.short(),
                m.starts_at.with_timezone(&zone).date_naive()
            )
        }),
        drop_reason: a.drop_reason.as_deref(),
    }
}

/// The action items as a spreadsheet table: the columns of `--format json`.
pub(super) fn table(rows: &[Row]) -> Table {
    let mut table = Table::new(&[
        "id",
        "title",
        "seller",
        "owner",
        "due",
        "status",
        "overdue",
        "created",
        "closed",
        "source",
        "drop_reason",
    ]);
    let text = |o: &Option<String>| o.clone().unwrap_or_default();
    for r in rows {
        table.rows.push(vec![
            r.id.to_string(),
            r.title.to_string(),
            r.seller.to_string(),
            r.owner.to_string(),
            text(&r.due),
            r.status.to_string(),
            r.overdue.to_string(),
            r.created.clone(),
            text(&r.closed),
            text(&r.source),
            r.drop_reason.unwrap_or_default().to_string(),
        ]);
    }
    table
}

pub fn run(
    store: &mut Store,
    settings: Settings,
    now: DateTime<Utc>,
    command: &ActionsCommand,
    out: &mut impl Write,
) -> Result<()> {
    let zone = settings.zone;
    let local = now.with_timezone(&zone);
    let today = local.date_naive();
    match command {
        ActionsCommand::List(args) => list(store, &settings, today, args, out),
        ActionsCommand::Add {
            title,
            seller,
            owner,
            due,
        } => {
            let seller = store.seller_by_name(seller)?;
            let due_on = due
                .as_deref()
                .map(|text| phrase::parse_due(text, local))
                .transpose()?;
            let id = store.add_action(
                &ActionDraft {
                    seller_id: seller.id,
                    title: title.clone(),
                    owner: owner.owner(),
                    due_on,
                },
                now,
            )?;
            let item = store.action(id)?;
            writeln!(
                out,
                "Added action item {id} for {}: {} ({})",
                item.seller.name,
                item.title,
                due_label(item.due_on, today)
            )?;
            Ok(())
        }
        ActionsCommand::Done { ids } => {
            let changed = store.change_actions(ids, &ActionChange::Done, now)?;
            writeln!(out, "Marked {} done", count(changed, ids.len()))?;
            Ok(())
        }
        ActionsCommand::Drop { id, reason } => {
            let changed = store.change_actions(
                &[*id],
                &ActionChange::Drop {
                    reason: reason.clone(),
                },
                now,
            )?;
            writeln!(out, "Dropped {}", count(changed, 1))?;
            Ok(())
        }
    }
}

/// `1 item`, `3 items (1 already was)`.
fn count(changed: usize, asked: usize) -> String {
    let items = if asked == 1 { "item" } else { "items" };
    if changed == asked {
        format!("{asked} {items}")
    } else {
        format!("{asked} {items} ({} already was)", asked - changed)
    }
}

fn list(
    store: &Store,
    settings: &Settings,
    today: chrono::NaiveDate,
    args: &ListArgs,
    out: &mut impl Write,
) -> Result<()> {
    let seller = match &args.seller {
        Some(name) => Some(store.seller_by_name(name)?),
        None => None,
    };
    let filter = ActionFilter {
        status: if args.all {
            StatusFilter::All
        } else {
            StatusFilter::Open
        },
        seller: seller.as_ref().map(|s| s.id),
        owner: None,
        overdue: args.overdue,
        due_this_week: args.due_this_week,
        text: String::new(),
    };
    let week = Week::containing(today, settings.week_start);
    let dates = (week.first_day(), week.last_day());
    let list = store.list_actions(&filter, Sort::Due, today, dates, usize::MAX)?;
    let rows: Vec<Row> = list
        .items
        .iter()
        .map(|a| row(a, settings.zone, today))
        .collect();
    match args.format {
        ListFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &rows)?;
            writeln!(out)?;
        }
        ListFormat::Csv => table(&rows).write_csv(&mut *out)?,
        ListFormat::Text => {
            for a in &list.items {
                let mark = if crate::domain::actions::is_overdue(a.status, a.due_on, today) {
                    "!"
                } else {
                    " "
                };
                writeln!(
                    out,
                    "{:>5} {mark} {:<9} {:<8} {} {:<8} {}",
                    a.id,
                    due_label(a.due_on, today),
                    a.status.key(),
                    crate::text::cell(&a.seller.name, 16),
                    a.owner.key(),
                    a.title
                )?;
            }
            writeln!(
                out,
                "{} item{} ({})",
                list.total,
                if list.total == 1 { "" } else { "s" },
                filter.describe(seller.as_ref().map(|s| s.name.as_str()))
            )?;
        }
    }
    Ok(())
}

impl OwnerArg {
    pub fn owner(self) -> crate::domain::agenda::Owner {
        match self {
            OwnerArg::Seller => crate::domain::agenda::Owner::Seller,
            OwnerArg::Manager => crate::domain::agenda::Owner::Manager,
        }
    }
}
