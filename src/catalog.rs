//! The rubrics on offer: the ones compiled into cadence and the manager's own in
//! `rubrics/` beside the config file. Where several versions of one rubric exist, the
//! newest is the one scored with; every version stays readable for old scorecards.

use crate::config::config_path;
use crate::domain::rubric::{self, Rubric, RubricError};
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    BuiltIn,
    /// A file in the rubrics directory.
    Yours,
}

impl Origin {
    pub fn label(self) -> &'static str {
        match self {
            Origin::BuiltIn => "built in",
            Origin::Yours => "yours",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Entry {
    pub rubric: Rubric,
    pub origin: Origin,
    pub path: Option<PathBuf>,
}

#[derive(Clone, Debug, Default)]
pub struct Catalog {
    /// Every version found, built-in first, then by id and version.
    pub entries: Vec<Entry>,
    /// Files that could not be used, each with its problem.
    pub problems: Vec<String>,
}

/// Where the manager's own rubrics live.
pub fn rubric_dir() -> Option<PathBuf> {
    config_path().and_then(|p| p.parent().map(|d| d.join("rubrics")))
}

pub fn load() -> Catalog {
    load_from(rubric_dir().as_deref())
}

/// The built-in rubrics, read once per process: they are compiled in and never change.
fn builtin() -> &'static [Result<Rubric, RubricError>] {
    static BUILTIN: std::sync::OnceLock<Vec<Result<Rubric, RubricError>>> =
        std::sync::OnceLock::new();
    BUILTIN.get_or_init(|| {
        rubric::BUILTIN
            .iter()
            .map(|t| rubric::parse_rubric(t))
            .collect()
    })
}

pub fn load_from(dir: Option<&Path>) -> Catalog {
    let mut catalog = Catalog::default();
    for parsed in builtin() {
        match parsed {
            Ok(rubric) => catalog.entries.push(Entry {
                rubric: rubric.clone(),
                origin: Origin::BuiltIn,
                path: None,
            }),
            Err(e) => catalog.problems.push(format!("a built-in rubric: {e}")),
        }
    }
    let mut files: Vec<PathBuf> = dir
        .and_then(|d| std::fs::read_dir(d).ok())
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    for path in files {
        match read(&path) {
            Ok(rubric) => {
                if let Some(clash) = catalog.clash(&rubric) {
                    catalog
                        .problems
                        .push(format!("{}: {clash}", path.display()));
                    continue;
                }
                catalog.entries.push(Entry {
                    rubric,
                    origin: Origin::Yours,
                    path: Some(path),
                });
            }
            Err(e) => catalog.problems.push(format!("{}: {e}", path.display())),
        }
    }
    catalog
}

/// Reads and checks one rubric file.
pub fn read(path: &Path) -> Result<Rubric, RubricError> {
    let text = crate::textfile::read(path, "rubric", crate::textfile::limit::RUBRIC).map_err(
        |unread| RubricError {
            line: 0,
            column: 0,
            message: unread.0,
        },
    )?;
    rubric::parse_rubric(&text)
}

impl Catalog {
    /// The newest version of each rubric, in catalog order.
    pub fn latest(&self) -> Vec<&Rubric> {
        let mut out: Vec<&Rubric> = Vec::new();
        for entry in &self.entries {
            match out.iter_mut().find(|r| r.id == entry.rubric.id) {
                Some(slot) if slot.version < entry.rubric.version => *slot = &entry.rubric,
                Some(_) => {}
                None => out.push(&entry.rubric),
            }
        }
        out
    }

    /// A rubric by id: the newest version, or the one asked for.
    pub fn find(&self, id: &str, version: Option<u32>) -> Option<&Rubric> {
        match version {
            Some(v) => self
                .entries
                .iter()
                .map(|e| &e.rubric)
                .find(|r| r.id == id && r.version == v),
            None => self.latest().into_iter().find(|r| r.id == id),
        }
    }

    /// Why a rubric cannot join the catalog: the same id and version already exists with
    /// other content. A changed rubric needs a new version, so old scorecards keep theirs.
    pub fn clash(&self, rubric: &Rubric) -> Option<String> {
        let same = self
            .entries
            .iter()
            .find(|e| e.rubric.id == rubric.id && e.rubric.version == rubric.version)?;
        if same.rubric == *rubric {
            return Some(format!(
                "rubric '{}' version {} is already there ({})",
                rubric.id,
                rubric.version,
                same.origin.label()
            ));
        }
        let next = self
            .entries
            .iter()
            .filter(|e| e.rubric.id == rubric.id)
            .map(|e| e.rubric.version)
            .max()
            .unwrap_or(rubric.version)
            + 1;
        Some(format!(
            "rubric '{}' version {} already exists with other content: give the changed rubric version {next}",
            rubric.id, rubric.version
        ))
    }

    /// The known rubric ids, for messages.
    pub fn ids(&self) -> String {
        self.latest()
            .iter()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_version_wins_and_a_changed_copy_must_take_a_new_version() {
        let dir = tempfile::tempdir().unwrap();
        let mut tuned = rubric::parse_rubric(rubric::BUILTIN[0]).unwrap();
        tuned.version = 2;
        tuned.criteria[0].off = true;
        std::fs::write(dir.path().join("mine.toml"), rubric::to_toml(&tuned)).unwrap();
        let mut clash = rubric::parse_rubric(rubric::BUILTIN[0]).unwrap();
        clash.criteria[1].weight = 9.0;
        std::fs::write(dir.path().join("other.toml"), rubric::to_toml(&clash)).unwrap();
        std::fs::write(dir.path().join("broken.toml"), "id = ").unwrap();
        let catalog = load_from(Some(dir.path()));
        let latest = catalog.find("discovery-call", None).unwrap();
        assert_eq!(latest.version, 2);
        assert!(catalog.find("discovery-call", Some(1)).is_some());
        assert_eq!(catalog.problems.len(), 2, "{:?}", catalog.problems);
        assert!(
            catalog
                .problems
                .iter()
                .any(|p| p.contains("broken.toml: line 1"))
        );
        assert!(
            catalog
                .problems
                .iter()
                .any(|p| p.contains("other content: give the changed rubric version 3"))
        );
    }
}
