//! `cadence rubric list|show|validate|import|tune`: the rubrics calls are scored against.

use super::RubricCommand;
use crate::catalog::{self, Catalog};
use crate::domain::rubric::{self, Rubric, RubricError};
use color_eyre::eyre::Result;
use std::io::Write;
use std::path::Path;

/// A rubric request that cannot be met: an unknown id or criterion, a clash of versions.
#[derive(Debug)]
pub struct RubricRefused(pub String);

impl std::fmt::Display for RubricRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RubricRefused {}

pub fn run(command: &RubricCommand, out: &mut impl Write) -> Result<()> {
    let catalog = catalog::load();
    match command {
        RubricCommand::List => {
            for problem in &catalog.problems {
                eprintln!("cadence: skipped {problem}");
            }
            for entry in &catalog.entries {
                let active = entry.rubric.active().count();
                writeln!(
                    out,
                    "{} v{:<3} {} {} criteria{}  ({})",
                    crate::text::cell(&entry.rubric.id, 20),
                    entry.rubric.version,
                    crate::text::cell(&entry.rubric.name, 34),
                    active,
                    if active < entry.rubric.criteria.len() {
                        format!(", {} off", entry.rubric.criteria.len() - active)
                    } else {
                        String::new()
                    },
                    entry.origin.label()
                )?;
            }
        }
        RubricCommand::Show { id, version } => {
            let rubric = find(&catalog, id, *version)?;
            show(rubric, out)?;
        }
        RubricCommand::Validate { file } => {
            let rubric = catalog::read(file).map_err(|e| located(file, e))?;
            writeln!(
                out,
                "{}: rubric '{}' version {} is valid ({} criteria)",
                file.display(),
                rubric.id,
                rubric.version,
                rubric.criteria.len()
            )?;
        }
        RubricCommand::Import { file } => {
            let rubric = catalog::read(file).map_err(|e| located(file, e))?;
            if let Some(clash) = catalog.clash(&rubric) {
                return Err(RubricRefused(clash).into());
            }
            let path = save(&rubric)?;
            writeln!(
                out,
                "Imported rubric '{}' version {} to {}",
                rubric.id,
                rubric.version,
                path.display()
            )?;
        }
        RubricCommand::Tune {
            id,
            off,
            on,
            weight,
        } => {
            let mut rubric = find(&catalog, id, None)?.clone();
            let keys: Vec<String> = rubric.criteria.iter().map(|c| c.key.clone()).collect();
            let unknown = |key: &str| {
                RubricRefused(format!(
                    "rubric '{id}' has no criterion '{key}'; its criteria are: {}",
                    keys.join(", ")
                ))
            };
            for (keys, value) in [(off, true), (on, false)] {
                for key in keys {
                    let Some(c) = rubric.criteria.iter().position(|c| &c.key == key) else {
                        return Err(unknown(key).into());
                    };
                    rubric.criteria[c].off = value;
                }
            }
            for pair in weight {
                let (key, w) = pair
                    .split_once('=')
                    .and_then(|(k, w)| Some((k, w.parse::<f64>().ok()?)))
                    .filter(|(_, w)| w.is_finite() && *w > 0.0 && *w <= rubric::MAX_WEIGHT)
                    .ok_or_else(|| {
                        RubricRefused(format!(
                            "--weight '{pair}': expected KEY=WEIGHT with a weight above 0 and at most {}, such as questions=2; nothing was saved",
                            rubric::MAX_WEIGHT
                        ))
                    })?;
                let Some(c) = rubric.criteria.iter().position(|c| c.key == key) else {
                    return Err(unknown(key).into());
                };
                rubric.criteria[c].weight = w;
            }
            if rubric.active().count() == 0 {
                return Err(RubricRefused(
                    "every criterion would be off: keep at least one to score".into(),
                )
                .into());
            }
            rubric.version = catalog
                .entries
                .iter()
                .filter(|e| e.rubric.id == rubric.id)
                .map(|e| e.rubric.version)
                .max()
                .unwrap_or(0)
                + 1;
            checked(&rubric)?;
            let path = save_tuned(&mut rubric)?;
            writeln!(
                out,
                "Saved rubric '{}' version {} to {}: new scorecards use it; earlier ones keep their version",
                rubric.id,
                rubric.version,
                path.display()
            )?;
        }
    }
    Ok(())
}

fn located(file: &Path, e: RubricError) -> RubricRefused {
    RubricRefused(format!("{}: {e}", file.display()))
}

fn find<'a>(catalog: &'a Catalog, id: &str, version: Option<u32>) -> Result<&'a Rubric> {
    catalog.find(id, version).ok_or_else(|| {
        let which = match version {
            Some(v) => format!("rubric '{id}' version {v}"),
            None => format!("rubric '{id}'"),
        };
        RubricRefused(format!(
            "there is no {which}; the rubrics are: {}",
            catalog.ids()
        ))
        .into()
    })
}

/// A tuned rubric passes the checks every rubric file gets when it is loaded: a file the
/// catalog would skip is never written.
fn checked(rubric: &Rubric) -> Result<()> {
    rubric::parse_rubric(&rubric::to_toml(rubric))
        .map(|_| ())
        .map_err(|e| {
            RubricRefused(format!(
                "the tuned rubric '{}' would not load ({}); nothing was saved",
                rubric.id, e.message
            ))
            .into()
        })
}

fn rubrics_dir() -> Result<std::path::PathBuf> {
    let dir = catalog::rubric_dir().ok_or_else(|| {
        RubricRefused("no config directory: set CADENCE_CONFIG to a file path".into())
    })?;
    super::private::create_dir(&dir)?;
    Ok(dir)
}

fn file_for(dir: &Path, rubric: &Rubric) -> std::path::PathBuf {
    dir.join(format!("{}-v{}.toml", rubric.id, rubric.version))
}

/// Writes a rubric into the rubrics directory, readable by its owner alone.
fn save(rubric: &Rubric) -> Result<std::path::PathBuf> {
    let path = file_for(&rubrics_dir()?, rubric);
    write(&path, rubric)?;
    Ok(path)
}

/// Writes a tuned rubric under the first version whose file name is free: a file the
/// catalog skipped (damaged, or edited by hand) may hold the next one's name.
fn save_tuned(rubric: &mut Rubric) -> Result<std::path::PathBuf> {
    let dir = rubrics_dir()?;
    while file_for(&dir, rubric).symlink_metadata().is_ok() {
        rubric.version += 1;
    }
    let path = file_for(&dir, rubric);
    write(&path, rubric)?;
    Ok(path)
}

fn write(path: &Path, rubric: &Rubric) -> Result<()> {
    super::private::write(path, &rubric::to_toml(rubric), false)
        .map_err(|e| RubricRefused(format!("cannot write {}: {e}", path.display())).into())
}

fn show(rubric: &Rubric, out: &mut impl Write) -> Result<()> {
    writeln!(
        out,
        "{} (rubric '{}', version {}), for a {}",
        rubric.name, rubric.id, rubric.version, rubric.interaction
    )?;
    let scale: Vec<String> = rubric
        .scale
        .iter()
        .enumerate()
        .map(|(i, l)| format!("{} {l}", i + 1))
        .collect();
    writeln!(out, "Scale: {}", scale.join(" · "))?;
    for c in &rubric.criteria {
        writeln!(
            out,
            "\n{} [{}] weight {}{}",
            c.name,
            c.key,
            c.weight,
            if c.off { " (off for this team)" } else { "" }
        )?;
        writeln!(out, "  {}", c.description)?;
        for (level, text) in &c.levels {
            writeln!(out, "  {level}: {text}")?;
        }
    }
    Ok(())
}
