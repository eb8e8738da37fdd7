//! `cadence scores`: finished scorecards, newest first, as text, JSON or CSV.

use super::{ListFormat, ScoresArgs};
use crate::interchange::table::Table;
use crate::store::{ScoreRow, Store};
use crate::zone::Zone;
use color_eyre::eyre::Result;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;

#[derive(Serialize)]
pub(super) struct Row<'a> {
    id: i64,
    seller: &'a str,
    /// Who scored it: empty for you, a colleague's name for an imported scorecard.
    assessor: &'a str,
    rubric: &'a str,
    rubric_version: u32,
    started: String,
    /// The weighted score, to two decimals; null when nothing was scored.
    score: Option<f64>,
    /// Each criterion's level, or "not_observed".
    criteria: BTreeMap<&'a str, serde_json::Value>,
    strength: Option<&'a str>,
    focus: Option<&'a str>,
    took_over: bool,
    observations: usize,
}

pub(super) fn records(rows: &[ScoreRow], zone: Zone) -> Vec<Row<'_>> {
    rows.iter()
        .map(|r| Row {
            id: r.id,
            seller: &r.seller.name,
            assessor: &r.assessor,
            rubric: &r.rubric_id,
            rubric_version: r.rubric_version,
            started: r.started_at.with_timezone(&zone).to_rfc3339(),
            score: r.score.map(|s| (s * 100.0).round() / 100.0),
            criteria: r
                .marks
                .iter()
                .map(|(k, m)| {
                    let value = match m {
                        crate::domain::rubric::Mark::Level(l) => serde_json::Value::from(*l),
                        crate::domain::rubric::Mark::NotObserved => "not_observed".into(),
                    };
                    (k.as_str(), value)
                })
                .collect(),
            strength: r.strength.as_deref(),
            focus: r.focus.as_deref(),
            took_over: r.took_over,
            observations: r.observations,
        })
        .collect()
}

/// Finished scorecards as a spreadsheet table; the criteria in one cell, `key=level ...`.
pub(super) fn table(records: &[Row]) -> Table {
    let mut table = Table::new(&[
        "id",
        "seller",
        "assessor",
        "rubric",
        "version",
        "started",
        "score",
        "criteria",
        "strength",
        "focus",
        "took_over",
        "observations",
    ]);
    for r in records {
        let criteria: Vec<String> = r.criteria.iter().map(|(k, v)| format!("{k}={v}")).collect();
        table.rows.push(vec![
            r.id.to_string(),
            r.seller.to_string(),
            r.assessor.to_string(),
            r.rubric.to_string(),
            r.rubric_version.to_string(),
            r.started.clone(),
            r.score.map(|s| format!("{s:.2}")).unwrap_or_default(),
            criteria.join(" ").replace('"', ""),
            r.strength.unwrap_or("").to_string(),
            r.focus.unwrap_or("").to_string(),
            r.took_over.to_string(),
            r.observations.to_string(),
        ]);
    }
    table
}

pub fn run(store: &Store, zone: Zone, args: &ScoresArgs, out: &mut impl Write) -> Result<()> {
    let seller = match &args.seller {
        Some(name) => Some(store.seller_by_name(name)?.id),
        None => None,
    };
    if let Some(id) = &args.rubric
        && crate::catalog::load().find(id, None).is_none()
        && !store.has_rubric(id)?
    {
        return Err(super::RubricRefused(format!(
            "there is no rubric '{id}'; the rubrics are: {}",
            crate::catalog::load().ids()
        ))
        .into());
    }
    let rows = store.score_rows(&crate::store::ScoreFilter {
        seller,
        rubric: args.rubric.clone(),
        ..Default::default()
    })?;
    let records = records(&rows, zone);
    match args.format {
        ListFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &records)?;
            writeln!(out)?;
        }
        ListFormat::Csv => table(&records).write_csv(&mut *out)?,
        ListFormat::Text => {
            for r in &records {
                let by = if r.assessor.is_empty() {
                    String::new()
                } else {
                    format!("  by {}", r.assessor)
                };
                writeln!(
                    out,
                    "{:>5}  {}  {} {} v{:<2} {:>5}  focus {}{by}",
                    r.id,
                    &r.started[..10],
                    crate::text::cell(r.seller, 16),
                    crate::text::cell(r.rubric, 20),
                    r.rubric_version,
                    r.score
                        .map(|s| format!("{s:.1}"))
                        .unwrap_or_else(|| "—".into()),
                    r.focus.unwrap_or("—")
                )?;
            }
            writeln!(
                out,
                "{} scorecard{}",
                records.len(),
                if records.len() == 1 { "" } else { "s" }
            )?;
        }
    }
    Ok(())
}
