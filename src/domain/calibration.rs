//! Calibration: two people score the same call with the same rubric and compare, criterion
//! by criterion, to agree on what "good" looks like. Also the file a scorecard travels in
//! between colleagues.

use super::rubric::{Mark, Rubric};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What the `format` field of an exchanged scorecard says.
pub const FORMAT: &str = "cadence-scorecard";
/// The version of that format this cadence writes and reads.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SharedObservation {
    pub criterion: String,
    pub at_seconds: i64,
    pub text: String,
}

/// A finished scorecard as it leaves one cockpit for a colleague's: the rubric version it
/// was scored with travels along, so the receiver can check they know the same one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedScorecard {
    pub format: String,
    pub format_version: u32,
    /// Who scored it.
    pub assessor: String,
    pub seller: String,
    /// When the call scored started, if it was on the calendar.
    pub call: Option<DateTime<Utc>>,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    pub rubric: Rubric,
    pub marks: BTreeMap<String, Mark>,
    #[serde(default)]
    pub evidence: BTreeMap<String, String>,
    #[serde(default)]
    pub observations: Vec<SharedObservation>,
    pub took_over: bool,
    pub strength: Option<String>,
    pub focus: Option<String>,
}

/// Two scores this many levels apart, or more, are a talking point.
pub const TALKING_POINT_GAP: u8 = 2;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CompareRow {
    pub key: String,
    pub name: String,
    pub a: Option<Mark>,
    pub b: Option<Mark>,
    /// b minus a, when both gave a level.
    pub gap: Option<i16>,
    /// Two levels or more apart, or observed by one and not the other.
    pub talking_point: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    pub rows: Vec<CompareRow>,
    /// Criteria both scored with a level.
    pub both_scored: usize,
    pub exact: usize,
    pub within_one: usize,
    /// Share of the criteria both scored that are within one level, in whole percent.
    pub agreement_percent: Option<u32>,
}

pub fn compare(
    rubric: &Rubric,
    a: &BTreeMap<String, Mark>,
    b: &BTreeMap<String, Mark>,
) -> Comparison {
    let rows: Vec<CompareRow> = rubric
        .active()
        .map(|c| {
            let (ma, mb) = (a.get(&c.key).copied(), b.get(&c.key).copied());
            let gap = match (ma, mb) {
                (Some(Mark::Level(x)), Some(Mark::Level(y))) => Some(i16::from(y) - i16::from(x)),
                _ => None,
            };
            let one_sided = matches!(
                (ma, mb),
                (Some(Mark::Level(_)), Some(Mark::NotObserved))
                    | (Some(Mark::NotObserved), Some(Mark::Level(_)))
            );
            CompareRow {
                key: c.key.clone(),
                name: c.name.clone(),
                a: ma,
                b: mb,
                gap,
                talking_point: one_sided
                    || gap.is_some_and(|g| g.unsigned_abs() >= u16::from(TALKING_POINT_GAP)),
            }
        })
        .collect();
    let gaps: Vec<u16> = rows
        .iter()
        .filter_map(|r| r.gap.map(i16::unsigned_abs))
        .collect();
    let both_scored = gaps.len();
    let within_one = gaps.iter().filter(|g| **g <= 1).count();
    Comparison {
        exact: gaps.iter().filter(|g| **g == 0).count(),
        within_one,
        agreement_percent: (both_scored > 0)
            .then(|| ((within_one * 100 + both_scored / 2) / both_scored) as u32),
        both_scored,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rubric::{BUILTIN, parse_rubric};

    fn marks(pairs: &[(&str, Mark)]) -> BTreeMap<String, Mark> {
        pairs.iter().map(|(k, m)| (k.to_string(), *m)).collect()
    }

    #[test]
    fn gaps_of_two_or_more_and_one_sided_observations_are_talking_points() {
        let rubric = parse_rubric(BUILTIN[0]).unwrap();
        use Mark::{Level, NotObserved};
        let a = marks(&[
            ("agenda", Level(4)),
            ("insight", Level(2)),
            ("questions", Level(3)),
            ("value", NotObserved),
        ]);
        let b = marks(&[
            ("agenda", Level(4)),
            ("insight", Level(4)),
            ("questions", Level(2)),
            ("value", Level(3)),
        ]);
        let c = compare(&rubric, &a, &b);
        let row = |k: &str| c.rows.iter().find(|r| r.key == k).unwrap();
        assert_eq!(
            (row("agenda").gap, row("agenda").talking_point),
            (Some(0), false)
        );
        assert_eq!(
            (row("insight").gap, row("insight").talking_point),
            (Some(2), true)
        );
        assert_eq!(
            (row("questions").gap, row("questions").talking_point),
            (Some(-1), false)
        );
        assert!(row("value").talking_point, "seen by one, not the other");
        assert_eq!(row("next-steps").gap, None);
        assert_eq!((c.both_scored, c.exact, c.within_one), (3, 1, 2));
        assert_eq!(c.agreement_percent, Some(67));
    }

    #[test]
    fn nothing_scored_by_both_has_no_agreement_figure() {
        let rubric = parse_rubric(BUILTIN[0]).unwrap();
        let c = compare(&rubric, &BTreeMap::new(), &BTreeMap::new());
        assert_eq!(c.agreement_percent, None);
    }
}
