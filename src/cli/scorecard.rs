//! `cadence scorecard export|import|compare` (calibration with a colleague) and `cadence
//! coach` (a held 1:1 pre-filled against the manager's-1:1 rubric).

use super::rubric::RubricRefused;
use super::{CoachArgs, RecapFormat, ScorecardCommand};
use crate::catalog;
use crate::domain::calibration::{self, SharedScorecard};
use crate::domain::coach::{self, OneOnOneFacts};
use crate::domain::rubric::Mark;
use crate::store::{OneOnOneState, Store};
use color_eyre::eyre::Result;
use std::io::Write;

pub fn run(store: &mut Store, command: &ScorecardCommand, out: &mut impl Write) -> Result<()> {
    match command {
        ScorecardCommand::Export {
            id,
            assessor,
            out: file,
        } => {
            let shared = store.share_scorecard(*id, assessor.as_deref().unwrap_or(""))?;
            let json = serde_json::to_string_pretty(&shared)?;
            match file {
                Some(path) => {
                    super::private::write(path, &format!("{json}\n"), true)
                        .map_err(|e| super::private::store_error(path, e))?;
                    writeln!(out, "Wrote scorecard {id} to {}", path.display())?;
                }
                None => writeln!(out, "{json}")?,
            }
        }
        ScorecardCommand::Import { file } => {
            let text = crate::textfile::read(file, "scorecard", crate::textfile::limit::SCORECARD)
                .map_err(|unread| RubricRefused(unread.0))?;
            let shared: SharedScorecard = serde_json::from_str(&text).map_err(|e| {
                RubricRefused(format!(
                    "{}: line {}, column {}: {e}: expected a scorecard written by `cadence scorecard export`",
                    file.display(),
                    e.line(),
                    e.column()
                ))
            })?;
            let rubric = &shared.rubric;
            let known = catalog::load()
                .find(&rubric.id, Some(rubric.version))
                .is_some_and(|r| r == rubric)
                || store.knows_rubric_version(rubric)?;
            if !known {
                return Err(RubricRefused(format!(
                    "{}: scored with rubric '{}' version {}, which is not known here (or differs \
                     from yours): import that rubric first with `cadence rubric import`, so you \
                     both score against the same words",
                    file.display(),
                    rubric.id,
                    rubric.version
                ))
                .into());
            }
            let id = store.import_scorecard(&shared)?;
            writeln!(
                out,
                "Imported {}'s scorecard of {}'s call as scorecard {id}; compare it with `cadence scorecard compare ID {id}`",
                shared.assessor, shared.seller
            )?;
        }
        ScorecardCommand::Compare { a, b, format } => {
            let (ca, cb) = (store.scorecard(*a)?, store.scorecard(*b)?);
            let hidden = store.hidden_while_scoring(*a)? || store.hidden_while_scoring(*b)?;
            if !ca.finished() || !cb.finished() || hidden {
                return Err(RubricRefused(
                    "calibration is blind: scorecards are compared once both are finished".into(),
                )
                .into());
            }
            if (&ca.rubric.id, ca.rubric.version) != (&cb.rubric.id, cb.rubric.version) {
                return Err(RubricRefused(format!(
                    "scorecard {a} uses rubric '{}' v{} and {b} uses '{}' v{}: calibration compares \
                     the same rubric version",
                    ca.rubric.id, ca.rubric.version, cb.rubric.id, cb.rubric.version
                ))
                .into());
            }
            let who = |c: &crate::store::Scorecard| {
                if c.assessor.is_empty() {
                    "you".to_string()
                } else {
                    c.assessor.clone()
                }
            };
            let comparison = calibration::compare(&ca.rubric, &ca.marks, &cb.marks);
            match format {
                RecapFormat::Json => {
                    serde_json::to_writer_pretty(&mut *out, &comparison)?;
                    writeln!(out)?;
                }
                RecapFormat::Md => {
                    writeln!(
                        out,
                        "# Calibration: {}'s call, {} v{}\n",
                        ca.seller.name, ca.rubric.name, ca.rubric.version
                    )?;
                    if ca.meeting_id != cb.meeting_id || ca.seller.id != cb.seller.id {
                        writeln!(
                            out,
                            "Note: these two scorecards are not of the same call.\n"
                        )?;
                    }
                    writeln!(
                        out,
                        "| Criterion | {} | {} | Gap | |\n|---|---:|---:|---:|---|",
                        who(&ca),
                        who(&cb)
                    )?;
                    let show = |m: Option<Mark>| m.map(|m| m.label()).unwrap_or_else(|| "—".into());
                    for r in &comparison.rows {
                        writeln!(
                            out,
                            "| {} | {} | {} | {} | {} |",
                            r.name,
                            show(r.a),
                            show(r.b),
                            r.gap.map(|g| format!("{g:+}")).unwrap_or_default(),
                            if r.talking_point { "talk about it" } else { "" }
                        )?;
                    }
                    writeln!(
                        out,
                        "\nAgreement: {} ({} of {} criteria scored by both within one level, {} exactly)",
                        comparison
                            .agreement_percent
                            .map(|p| format!("{p}%"))
                            .unwrap_or_else(|| "none to compare".into()),
                        comparison.within_one,
                        comparison.both_scored,
                        comparison.exact
                    )?;
                }
            }
        }
    }
    Ok(())
}

pub fn coach(store: &Store, args: &CoachArgs, out: &mut impl Write) -> Result<()> {
    let one = store.one_on_one(args.id)?;
    let catalog = catalog::load();
    let rubric = catalog
        .find("manager-one-on-one", None)
        .ok_or_else(|| RubricRefused("the manager-one-on-one rubric is missing".into()))?;
    let facts = OneOnOneFacts {
        purposes: one.purposes.iter().map(|p| p.key().to_string()).collect(),
        agenda_items: one.items.len(),
        planned_minutes: one.meeting.minutes,
        actual_minutes: one.actual_minutes,
        landed: one.state == OneOnOneState::Landed,
        no_actions: one.no_actions,
        actions: one.actions.len(),
        rating: one.rating,
    };
    let suggestions = coach::prefill(rubric, &facts);
    let who = one
        .meeting
        .seller
        .as_ref()
        .map(|s| s.name.as_str())
        .unwrap_or("");
    match args.format {
        RecapFormat::Json => {
            let doc = serde_json::json!({
                "meeting": args.id,
                "seller": who,
                "rubric": { "id": rubric.id, "version": rubric.version },
                "criteria": suggestions,
            });
            serde_json::to_writer_pretty(&mut *out, &doc)?;
            writeln!(out)?;
        }
        RecapFormat::Md => {
            writeln!(
                out,
                "# Coach the coach: the 1:1 with {who} (meeting {})\n\nPre-filled from what cadence recorded, for your leader to confirm. Rubric: {} v{}.\n",
                args.id, rubric.name, rubric.version
            )?;
            writeln!(out, "| Criterion | Suggested | Because |\n|---|---|---|")?;
            for s in &suggestions {
                let level = s
                    .suggested
                    .map(|l| format!("{l} {}", rubric.level_label(l)))
                    .unwrap_or_else(|| "—".into());
                writeln!(out, "| {} | {level} | {} |", s.name, s.because)?;
            }
        }
    }
    Ok(())
}
