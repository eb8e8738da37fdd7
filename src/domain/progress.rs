//! Progress over time, from finished scorecards: per seller a sparkline and a trend for
//! each criterion, the team's heatmap, and coaching coverage (who was watched, and who not).

use super::rubric::{Mark, Rubric};
use chrono::{Days, NaiveDate};
use std::collections::BTreeMap;

/// A finished scorecard as progress needs it.
#[derive(Clone, Debug, PartialEq)]
pub struct ScoredCall {
    pub seller: String,
    pub day: NaiveDate,
    pub marks: BTreeMap<String, Mark>,
    pub focus: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trend {
    Up,
    Flat,
    Down,
}

impl Trend {
    pub fn glyph(self) -> &'static str {
        match self {
            Trend::Up => "↑ up",
            Trend::Flat => "→ flat",
            Trend::Down => "↓ down",
        }
    }
}

/// How many of a criterion's last scores a sparkline shows.
pub const SPARK: usize = 8;

/// Up or down when the newer half of the scores averages half a level above or below the
/// older half; flat otherwise, and with fewer than two scores.
pub fn trend(levels: &[u8]) -> Trend {
    if levels.len() < 2 {
        return Trend::Flat;
    }
    let half = levels.len() / 2;
    let mean = |s: &[u8]| s.iter().map(|l| f64::from(*l)).sum::<f64>() / s.len() as f64;
    let (older, newer) = (mean(&levels[..half]), mean(&levels[levels.len() - half..]));
    match newer - older {
        d if d >= 0.5 => Trend::Up,
        d if d <= -0.5 => Trend::Down,
        _ => Trend::Flat,
    }
}

/// `▁▃▅█`, oldest first; `·` where the criterion was not observed.
pub fn sparkline(marks: &[Option<u8>]) -> String {
    const BARS: [char; 5] = ['▁', '▃', '▄', '▆', '█'];
    marks
        .iter()
        .map(|m| match m {
            Some(level @ 1..=5) => BARS[usize::from(*level) - 1],
            _ => '·',
        })
        .collect()
}

#[derive(Clone, Debug, PartialEq)]
pub struct CriterionProgress {
    pub key: String,
    pub name: String,
    /// The last scores, oldest first; `None` where it was not observed.
    pub last: Vec<Option<u8>>,
    pub trend: Trend,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SellerProgress {
    pub seller: String,
    pub criteria: Vec<CriterionProgress>,
    /// The last focus areas, newest first, with their day.
    pub focus_areas: Vec<(NaiveDate, String)>,
    pub last_observed: Option<NaiveDate>,
    pub calls: usize,
}

/// One seller's progress on one rubric, from their calls newest first.
pub fn seller_progress(seller: &str, rubric: &Rubric, calls: &[ScoredCall]) -> SellerProgress {
    let theirs: Vec<&ScoredCall> = calls.iter().filter(|c| c.seller == seller).collect();
    let criteria = rubric
        .active()
        .map(|c| {
            let mut last: Vec<Option<u8>> = theirs
                .iter()
                .take(SPARK)
                .filter_map(|call| match call.marks.get(&c.key) {
                    Some(Mark::Level(l)) => Some(Some(*l)),
                    Some(Mark::NotObserved) => Some(None),
                    None => None,
                })
                .collect();
            last.reverse();
            let levels: Vec<u8> = last.iter().flatten().copied().collect();
            CriterionProgress {
                key: c.key.clone(),
                name: c.name.clone(),
                trend: trend(&levels),
                last,
            }
        })
        .collect();
    let focus_areas = theirs
        .iter()
        .filter_map(|c| {
            let key = c.focus.as_deref()?;
            let name = rubric.criterion(key).map_or(key, |c| c.name.as_str());
            Some((c.day, name.to_string()))
        })
        .take(3)
        .collect();
    SellerProgress {
        seller: seller.to_string(),
        criteria,
        focus_areas,
        last_observed: theirs.first().map(|c| c.day),
        calls: theirs.len(),
    }
}

/// How many of a seller's latest scorecards the heatmap averages.
pub const ROLLING: usize = 3;

#[derive(Clone, Debug, PartialEq)]
pub struct Heatmap {
    /// (key, name) of the rubric's active criteria, in order.
    pub criteria: Vec<(String, String)>,
    /// Per seller, the rolling average of each criterion; `None` where never scored.
    pub rows: Vec<(String, Vec<Option<f64>>)>,
}

/// Sellers × criteria: each cell the average of the seller's last three levels on it.
pub fn heatmap(sellers: &[String], rubric: &Rubric, calls: &[ScoredCall]) -> Heatmap {
    let criteria: Vec<(String, String)> = rubric
        .active()
        .map(|c| (c.key.clone(), c.name.clone()))
        .collect();
    let rows = sellers
        .iter()
        .map(|seller| {
            let latest: Vec<&ScoredCall> = calls
                .iter()
                .filter(|c| &c.seller == seller)
                .take(ROLLING)
                .collect();
            let cells = criteria
                .iter()
                .map(|(key, _)| {
                    let levels: Vec<f64> = latest
                        .iter()
                        .filter_map(|c| match c.marks.get(key) {
                            Some(Mark::Level(l)) => Some(f64::from(*l)),
                            _ => None,
                        })
                        .collect();
                    (!levels.is_empty()).then(|| levels.iter().sum::<f64>() / levels.len() as f64)
                })
                .collect();
            (seller.clone(), cells)
        })
        .collect();
    Heatmap { criteria, rows }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Coverage {
    pub seller: String,
    pub last_4_weeks: usize,
    pub last_12_weeks: usize,
}

impl Coverage {
    /// Not watched for four weeks or more: the sellers managers tend to forget.
    pub fn overlooked(&self) -> bool {
        self.last_4_weeks == 0
    }
}

/// Calls observed per seller in the last 4 and 12 weeks up to `today`, from every rubric.
pub fn coverage(sellers: &[String], calls: &[ScoredCall], today: NaiveDate) -> Vec<Coverage> {
    let since = |weeks: u64| today - Days::new(weeks * 7);
    sellers
        .iter()
        .map(|seller| {
            let days: Vec<NaiveDate> = calls
                .iter()
                .filter(|c| &c.seller == seller && c.day <= today)
                .map(|c| c.day)
                .collect();
            Coverage {
                seller: seller.clone(),
                last_4_weeks: days.iter().filter(|d| **d > since(4)).count(),
                last_12_weeks: days.iter().filter(|d| **d > since(12)).count(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rubric::{BUILTIN, parse_rubric};

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn call(seller: &str, day: &str, marks: &[(&str, Mark)], focus: Option<&str>) -> ScoredCall {
        ScoredCall {
            seller: seller.into(),
            day: d(day),
            marks: marks.iter().map(|(k, m)| (k.to_string(), *m)).collect(),
            focus: focus.map(String::from),
        }
    }

    #[test]
    fn the_trend_compares_the_newer_half_with_the_older() {
        assert_eq!(trend(&[2, 2, 4, 4]), Trend::Up);
        assert_eq!(trend(&[4, 3, 3, 4]), Trend::Flat);
        assert_eq!(trend(&[5, 4, 3]), Trend::Down);
        assert_eq!(trend(&[3]), Trend::Flat);
        assert_eq!(sparkline(&[Some(1), None, Some(3), Some(5)]), "▁·▄█");
    }

    #[test]
    fn progress_heatmap_and_coverage_from_the_same_calls() {
        let rubric = parse_rubric(BUILTIN[0]).unwrap();
        use Mark::{Level, NotObserved};
        // Newest first, as the store lists them.
        let calls = vec![
            call(
                "Ana",
                "2026-11-25",
                &[("agenda", Level(4)), ("questions", Level(5))],
                Some("next-steps"),
            ),
            call("Ben", "2026-10-20", &[("agenda", Level(2))], Some("agenda")),
            call(
                "Ana",
                "2026-11-18",
                &[("agenda", Level(3)), ("questions", NotObserved)],
                Some("agenda"),
            ),
            call(
                "Ana",
                "2026-11-11",
                &[("agenda", Level(2)), ("questions", Level(3))],
                None,
            ),
            call("Ana", "2026-10-01", &[("agenda", Level(1))], None),
        ];
        let ana = seller_progress("Ana", &rubric, &calls);
        let agenda = &ana.criteria[0];
        assert_eq!(agenda.last, [Some(1), Some(2), Some(3), Some(4)]);
        assert_eq!(agenda.trend, Trend::Up);
        let questions = ana.criteria.iter().find(|c| c.key == "questions").unwrap();
        assert_eq!(sparkline(&questions.last), "▄·█");
        assert_eq!(ana.last_observed, Some(d("2026-11-25")));
        assert_eq!(
            ana.focus_areas,
            [
                (d("2026-11-25"), "Closes for next steps".to_string()),
                (d("2026-11-18"), "Sets the agenda".to_string())
            ]
        );

        let sellers = vec!["Ana".to_string(), "Ben".to_string(), "Chloe".to_string()];
        let map = heatmap(&sellers, &rubric, &calls);
        // Ana's last three: agenda 4, 3, 2; questions 5 and 3 (not observed left out).
        assert_eq!(map.rows[0].1[0], Some(3.0));
        let q = map
            .criteria
            .iter()
            .position(|(k, _)| k == "questions")
            .unwrap();
        assert_eq!(map.rows[0].1[q], Some(4.0));
        assert_eq!(map.rows[1].1[0], Some(2.0));
        assert_eq!(map.rows[2].1[0], None);

        let cover = coverage(&sellers, &calls, d("2026-11-27"));
        assert_eq!((cover[0].last_4_weeks, cover[0].last_12_weeks), (3, 4));
        assert_eq!((cover[1].last_4_weeks, cover[1].last_12_weeks), (0, 1));
        assert!(cover[1].overlooked() && cover[2].overlooked() && !cover[0].overlooked());
        assert_eq!((cover[2].last_4_weeks, cover[2].last_12_weeks), (0, 0));
    }
}
