//! Rubrics: versioned, calibrated sets of criteria a call is scored against, read from TOML
//! with every problem reported at its line and column; and the weighted score, in which
//! "not observed" is left out rather than counted as zero.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use toml::Spanned;

/// Weights are relative; beyond this they only serve to break the arithmetic.
pub const MAX_WEIGHT: f64 = 1000.0;

/// The 1 to 5 scale every rubric uses.
pub const LEVELS: [u8; 5] = [1, 2, 3, 4, 5];

/// A rubric as scored against: what a scorecard keeps, so it never changes afterwards.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rubric {
    pub id: String,
    pub name: String,
    /// The interaction it is for, in words: "discovery call".
    pub interaction: String,
    pub version: u32,
    /// Labels of levels 1 to 5.
    pub scale: [String; 5],
    pub criteria: Vec<Criterion>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    pub key: String,
    pub name: String,
    pub description: String,
    pub weight: f64,
    /// Switched off for this team: not scored, not in the weighted score.
    #[serde(default)]
    pub off: bool,
    /// What each level looks like; 1, 3 and 5 always, 2 and 4 when the author wrote them.
    pub levels: BTreeMap<u8, String>,
}

impl Rubric {
    /// The criteria that are scored (not switched off).
    pub fn active(&self) -> impl Iterator<Item = &Criterion> {
        self.criteria.iter().filter(|c| !c.off)
    }

    pub fn criterion(&self, key: &str) -> Option<&Criterion> {
        self.criteria.iter().find(|c| c.key == key)
    }

    /// The label of a level: `3 Competent`.
    pub fn level_label(&self, level: u8) -> &str {
        self.scale
            .get(usize::from(level.saturating_sub(1)))
            .map(String::as_str)
            .unwrap_or("")
    }
}

impl Criterion {
    /// What `level` looks like: its own words, or for 2 and 4 "between" the anchors.
    pub fn anchor(&self, level: u8) -> String {
        if let Some(text) = self.levels.get(&level) {
            return text.clone();
        }
        let (Some(below), Some(above)) = (level.checked_sub(1), level.checked_add(1)) else {
            return String::new();
        };
        match (self.levels.get(&below), self.levels.get(&above)) {
            (Some(_), Some(_)) => {
                format!("Between {below} and {above}: more than {below}, not yet all of {above}.")
            }
            _ => String::new(),
        }
    }
}

/// A score given to one criterion: a level, or explicitly not observed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    Level(u8),
    NotObserved,
}

impl Mark {
    /// As stored: the level, or 0 for not observed.
    pub fn to_stored(self) -> u8 {
        match self {
            Mark::Level(l) => l,
            Mark::NotObserved => 0,
        }
    }

    pub fn from_stored(value: u8) -> Option<Mark> {
        match value {
            0 => Some(Mark::NotObserved),
            1..=5 => Some(Mark::Level(value)),
            _ => None,
        }
    }

    pub fn label(self) -> String {
        match self {
            Mark::Level(l) => l.to_string(),
            Mark::NotObserved => "n/o".into(),
        }
    }
}

/// The weighted mean of the levels given, over the active criteria that were scored. "Not
/// observed" and unscored criteria are left out; with nothing scored there is no score.
pub fn weighted_score(rubric: &Rubric, marks: &BTreeMap<String, Mark>) -> Option<f64> {
    let (mut sum, mut weights) = (0.0, 0.0);
    for c in rubric.active() {
        if let Some(Mark::Level(level)) = marks.get(&c.key) {
            sum += c.weight * f64::from(*level);
            weights += c.weight;
        }
    }
    (weights > 0.0).then(|| sum / weights)
}

/// A problem in a rubric file, at a place in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RubricError {
    /// 1-based; 0 when the problem is with the file as a whole.
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for RubricError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = crate::text::one_line(&self.message);
        if self.line == 0 {
            f.write_str(&message)
        } else {
            write!(f, "line {}, column {}: {message}", self.line, self.column)
        }
    }
}

impl std::error::Error for RubricError {}

fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

fn error_at(text: &str, span: std::ops::Range<usize>, message: String) -> RubricError {
    let (line, column) = position(text, span.start);
    RubricError {
        line,
        column,
        message,
    }
}

// The file as written, with places kept for the messages.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RubricFile {
    id: Spanned<String>,
    name: Spanned<String>,
    interaction: Spanned<String>,
    version: Spanned<i64>,
    scale: Spanned<BTreeMap<String, Spanned<String>>>,
    criteria: Spanned<Vec<Spanned<CriterionFile>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CriterionFile {
    key: Spanned<String>,
    name: Spanned<String>,
    description: Spanned<String>,
    weight: Spanned<f64>,
    #[serde(default)]
    off: bool,
    levels: Spanned<BTreeMap<String, Spanned<String>>>,
}

/// Reads and checks a rubric. The first problem found is reported with its place: TOML
/// syntax, duplicate keys, a missing field, a weight that is not positive, missing levels.
pub fn parse_rubric(text: &str) -> Result<Rubric, RubricError> {
    let file: RubricFile = toml::from_str(text).map_err(|e| {
        let message = e.message().trim().to_string();
        match e.span() {
            Some(span) => error_at(text, span, message),
            None => RubricError {
                line: 0,
                column: 0,
                message,
            },
        }
    })?;
    let at = |span: std::ops::Range<usize>, message: String| Err(error_at(text, span, message));

    let id = file.id.get_ref().trim();
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return at(
            file.id.span(),
            format!(
                "id '{id}': expected lowercase letters, digits and dashes, such as 'discovery-call'"
            ),
        );
    }
    for (field, value) in [("name", &file.name), ("interaction", &file.interaction)] {
        if value.get_ref().trim().is_empty() {
            return at(
                value.span(),
                format!("{field} is empty: expected a few words"),
            );
        }
    }
    if let Err(too_long) = super::limits::check(super::limits::RUBRIC_NAME, file.name.get_ref()) {
        return at(file.name.span(), too_long.to_string());
    }
    let version = *file.version.get_ref();
    if !(1..=i64::from(u32::MAX)).contains(&version) {
        return at(
            file.version.span(),
            format!("version {version}: expected a whole number from 1 up"),
        );
    }
    let mut scale: [String; 5] = Default::default();
    for (level, slot) in LEVELS.iter().zip(scale.iter_mut()) {
        match file.scale.get_ref().get(&level.to_string()) {
            Some(label) if !label.get_ref().trim().is_empty() => {
                *slot = label.get_ref().trim().to_string();
            }
            _ => {
                return at(
                    file.scale.span(),
                    format!("the scale has no label for level {level}: expected labels for 1 to 5"),
                );
            }
        }
    }
    if let Some((extra, value)) = file
        .scale
        .get_ref()
        .iter()
        .find(|(k, _)| !LEVELS.iter().any(|l| l.to_string() == **k))
    {
        return at(
            value.span(),
            format!("the scale has a level '{extra}': expected only 1 to 5"),
        );
    }
    if file.criteria.get_ref().is_empty() {
        return at(
            file.criteria.span(),
            "no criteria: expected at least one [[criteria]]".into(),
        );
    }
    let mut criteria: Vec<Criterion> = Vec::new();
    for spanned in file.criteria.get_ref() {
        let c = spanned.get_ref();
        let key = c.key.get_ref().trim();
        let word = |ch: char| ch.is_ascii_lowercase() || ch.is_ascii_digit() || "-_".contains(ch);
        if key.is_empty() || !key.chars().all(word) {
            return at(
                c.key.span(),
                format!(
                    "criterion key '{key}': expected one word of lowercase letters, digits, '-' \
                     or '_', such as 'next-steps'"
                ),
            );
        }
        if criteria.iter().any(|earlier| earlier.key == key) {
            return at(
                c.key.span(),
                format!("duplicate criterion key '{key}': expected each key once"),
            );
        }
        for (field, value) in [("name", &c.name), ("description", &c.description)] {
            if value.get_ref().trim().is_empty() {
                return at(
                    value.span(),
                    format!("criterion '{key}': {field} is empty: expected a few words"),
                );
            }
        }
        if let Err(too_long) = super::limits::check(super::limits::CRITERION_NAME, c.name.get_ref())
        {
            return at(c.name.span(), format!("criterion '{key}': {too_long}"));
        }
        let weight = *c.weight.get_ref();
        if weight.is_nan() || weight <= 0.0 {
            return at(
                c.weight.span(),
                format!(
                    "criterion '{key}': weight {weight} is not positive: expected a number above 0, such as 1 or 1.5"
                ),
            );
        }
        if weight > MAX_WEIGHT {
            return at(
                c.weight.span(),
                format!(
                    "criterion '{key}': weight {weight} is too large: expected at most {MAX_WEIGHT}"
                ),
            );
        }
        let mut levels = BTreeMap::new();
        for (name, text) in c.levels.get_ref() {
            // Exactly "1" to "5": "03" or "+3" would merge with "3" unseen.
            let level = name
                .parse::<u8>()
                .ok()
                .filter(|l| LEVELS.contains(l) && l.to_string() == *name);
            let Some(level) = level else {
                return at(
                    text.span(),
                    format!("criterion '{key}': level '{name}': expected 1 to 5"),
                );
            };
            if text.get_ref().trim().is_empty() {
                return at(
                    text.span(),
                    format!(
                        "criterion '{key}': level {level} is empty: expected what it looks like"
                    ),
                );
            }
            levels.insert(level, text.get_ref().trim().to_string());
        }
        let missing: Vec<String> = [1u8, 3, 5]
            .iter()
            .filter(|l| !levels.contains_key(l))
            .map(|l| l.to_string())
            .collect();
        if !missing.is_empty() {
            return at(
                c.levels.span(),
                format!(
                    "criterion '{key}': missing level {}: expected what a 1, a 3 and a 5 look like",
                    missing.join(" and ")
                ),
            );
        }
        criteria.push(Criterion {
            key: key.to_string(),
            name: c.name.get_ref().trim().to_string(),
            description: c.description.get_ref().trim().to_string(),
            weight,
            off: c.off,
            levels,
        });
    }
    if criteria.iter().all(|c| c.off) {
        return at(
            file.criteria.span(),
            "every criterion is switched off: expected at least one to score".into(),
        );
    }
    Ok(Rubric {
        id: id.to_string(),
        name: file.name.get_ref().trim().to_string(),
        interaction: file.interaction.get_ref().trim().to_string(),
        version: version as u32,
        scale,
        criteria,
    })
}

/// Checks a rubric that came another way than its file (the body in an imported JSON
/// document) by the same rules as a file: the rules live once, in `parse_rubric`. The
/// message has no place, since the text it would point into was never written.
pub fn check(rubric: &Rubric) -> Result<(), String> {
    parse_rubric(&to_toml(rubric))
        .map(|_| ())
        .map_err(|e| e.message)
}

/// Writes a rubric back as TOML, in the form `parse_rubric` reads.
pub fn to_toml(rubric: &Rubric) -> String {
    let quote = |s: &str| toml::Value::String(s.to_string()).to_string();
    let mut out = format!(
        "id = {}\nname = {}\ninteraction = {}\nversion = {}\n\n[scale]\n",
        quote(&rubric.id),
        quote(&rubric.name),
        quote(&rubric.interaction),
        rubric.version
    );
    for (level, label) in LEVELS.iter().zip(&rubric.scale) {
        out.push_str(&format!("{level} = {}\n", quote(label)));
    }
    for c in &rubric.criteria {
        out.push_str(&format!(
            "\n[[criteria]]\nkey = {}\nname = {}\ndescription = {}\nweight = {}\n",
            quote(&c.key),
            quote(&c.name),
            quote(&c.description),
            toml::Value::Float(c.weight)
        ));
        if c.off {
            out.push_str("off = true\n");
        }
        out.push_str("\n[criteria.levels]\n");
        for (level, text) in &c.levels {
            out.push_str(&format!("{level} = {}\n", quote(text)));
        }
    }
    out
}

/// The rubrics compiled into cadence.
pub const BUILTIN: [&str; 4] = [
    include_str!("../../assets/rubrics/discovery-call.toml"),
    include_str!("../../assets/rubrics/product-demo.toml"),
    include_str!("../../assets/rubrics/negotiation-call.toml"),
    include_str!("../../assets/rubrics/manager-one-on-one.toml"),
];

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"id = "mini"
name = "Mini"
interaction = "discovery call"
version = 1

[scale]
1 = "Missing"
2 = "Emerging"
3 = "Competent"
4 = "Strong"
5 = "Exemplary"

[[criteria]]
key = "agenda"
name = "Sets the agenda"
description = "Opens with purpose, time and outcome."
weight = 1

[criteria.levels]
1 = "No agenda."
3 = "States the purpose."
5 = "Agrees purpose, time and outcome with the buyer."

[[criteria]]
key = "questions"
name = "Layered questions"
description = "Asks follow-up questions that go deeper."
weight = 2

[criteria.levels]
1 = "Scripted questions only."
3 = "Some follow-ups."
5 = "Follows each answer two levels down."
"#;

    fn with(old: &str, new: &str) -> String {
        assert!(GOOD.contains(old), "{old}");
        GOOD.replacen(old, new, 1)
    }

    fn error(text: &str) -> RubricError {
        parse_rubric(text).unwrap_err()
    }

    #[test]
    fn a_good_rubric_reads_with_its_weights_and_anchors() {
        let r = parse_rubric(GOOD).unwrap();
        assert_eq!((r.id.as_str(), r.version), ("mini", 1));
        assert_eq!(r.criteria[1].weight, 2.0);
        assert_eq!(r.level_label(3), "Competent");
        assert_eq!(
            r.criteria[0].anchor(5),
            "Agrees purpose, time and outcome with the buyer."
        );
        assert!(r.criteria[0].anchor(2).starts_with("Between 1 and 3"));
        // Written back, it reads the same.
        assert_eq!(parse_rubric(&to_toml(&r)).unwrap(), r);
    }

    #[test]
    fn a_duplicate_criterion_key_is_named_at_its_place() {
        let e = error(&with("key = \"questions\"", "key = \"agenda\""));
        assert_eq!((e.line, e.column), (25, 7));
        assert!(
            e.message.contains("duplicate criterion key 'agenda'"),
            "{e}"
        );
    }

    #[test]
    fn a_duplicate_toml_key_is_named_at_its_place() {
        let e = error(&with("weight = 2\n", "weight = 2\nweight = 3\n"));
        assert_eq!(e.line, 29, "{e}");
        assert!(e.message.contains("duplicate key"), "{e}");
    }

    #[test]
    fn a_weight_that_is_not_positive_is_refused() {
        for bad in ["0", "-1", "nan"] {
            let e = error(&with("weight = 2", &format!("weight = {bad}")));
            assert_eq!((e.line, e.column), (28, 10), "{bad}: {e}");
            assert!(e.message.contains("is not positive"), "{e}");
        }
    }

    #[test]
    fn odd_level_names_keys_and_huge_weights_are_refused() {
        let e = error(&with(
            "3 = \"Some follow-ups.\"",
            "03 = \"Some follow-ups.\"",
        ));
        assert!(e.message.contains("level '03': expected 1 to 5"), "{e}");
        let e = error(&with("key = \"questions\"", "key = \"q=1\""));
        assert!(
            e.message.contains("expected one word of lowercase letters"),
            "{e}"
        );
        for big in ["1e308", "inf"] {
            let e = error(&with("weight = 2", &format!("weight = {big}")));
            assert!(
                e.message.contains("is too large: expected at most 1000"),
                "{big}: {e}"
            );
        }
    }

    #[test]
    fn missing_levels_are_named() {
        let e = error(&with("3 = \"Some follow-ups.\"\n", ""));
        assert!(
            e.message.contains("criterion 'questions': missing level 3"),
            "{e}"
        );
        assert_eq!(e.line, 30, "the levels table of 'questions': {e}");
        let e = error(&with("3 = \"Competent\"\n", ""));
        assert!(e.message.contains("no label for level 3"), "{e}");
    }

    #[test]
    fn syntax_errors_and_unknown_fields_have_a_place() {
        let e = error(&with("version = 1", "version = "));
        assert_eq!(e.line, 4, "{e}");
        let e = error(&with("weight = 1\n", "weight = 1\ncolour = \"red\"\n"));
        assert_eq!(e.line, 18, "{e}");
        assert!(e.message.contains("unknown field"), "{e}");
        assert!(e.to_string().starts_with("line 18, column 1: "), "{e}");
    }

    #[test]
    fn a_rubric_with_every_criterion_off_is_refused() {
        let text = with("weight = 1\n", "weight = 1\noff = true\n");
        let text = text.replacen("weight = 2\n", "weight = 2\noff = true\n", 1);
        assert!(
            error(&text)
                .message
                .contains("every criterion is switched off")
        );
    }

    fn rubric() -> Rubric {
        parse_rubric(GOOD).unwrap()
    }

    fn marks(pairs: &[(&str, Mark)]) -> BTreeMap<String, Mark> {
        pairs.iter().map(|(k, m)| (k.to_string(), *m)).collect()
    }

    #[test]
    fn the_weighted_score_leaves_out_what_was_not_observed() {
        let r = rubric();
        let both = marks(&[("agenda", Mark::Level(2)), ("questions", Mark::Level(5))]);
        // (1*2 + 2*5) / 3
        assert_eq!(weighted_score(&r, &both), Some(4.0));
        let one = marks(&[("agenda", Mark::NotObserved), ("questions", Mark::Level(3))]);
        assert_eq!(
            weighted_score(&r, &one),
            Some(3.0),
            "not observed is not zero"
        );
        let none = marks(&[
            ("agenda", Mark::NotObserved),
            ("questions", Mark::NotObserved),
        ]);
        assert_eq!(weighted_score(&r, &none), None);
        assert_eq!(weighted_score(&r, &BTreeMap::new()), None);
    }

    #[test]
    fn a_criterion_switched_off_does_not_count() {
        let mut r = rubric();
        r.criteria[1].off = true;
        let both = marks(&[("agenda", Mark::Level(2)), ("questions", Mark::Level(5))]);
        assert_eq!(weighted_score(&r, &both), Some(2.0));
    }

    #[test]
    fn every_shipped_rubric_passes_validation() {
        let mut ids = Vec::new();
        for text in BUILTIN {
            let r = parse_rubric(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
            assert!(r.criteria.len() >= 4, "{} has too few criteria", r.id);
            ids.push(r.id);
        }
        assert_eq!(
            ids,
            [
                "discovery-call",
                "product-demo",
                "negotiation-call",
                "manager-one-on-one"
            ]
        );
    }
}
