//! The end-of-week summary: how the cadence held up per seller, how much coaching each got,
//! what happened to the action items, and the 1:1 feedback. Built from plain facts, written
//! as Markdown for the manager's own leader or as JSON for scripts.

use super::adherence::Adherence;
use super::{Kind, Status, Week};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// One meeting, as the summary needs it: status already made effective for today.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeetingFact {
    /// `None` for the whole team.
    pub seller: Option<String>,
    pub kind: Kind,
    pub day: NaiveDate,
    pub status: Status,
    pub cancel_reason: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ActionFigures {
    pub opened: u32,
    pub done: u32,
    pub dropped: u32,
    /// Open and past due at the end of the week (or now, for the week under way).
    pub overdue: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rating {
    pub seller: String,
    pub day: NaiveDate,
    pub rating: u8,
    pub comment: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Cancellation {
    pub kind: &'static str,
    pub day: NaiveDate,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SellerWeek {
    pub seller: String,
    #[serde(flatten)]
    pub cadence: Adherence,
    pub cancellations: Vec<Cancellation>,
    /// Joint calls held with the seller: the manager watched them sell.
    pub joint_calls_this_week: u32,
    pub joint_calls_last_4_weeks: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WeekSummary {
    pub week: String,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    /// Every meeting of the week, the team's included.
    pub cadence: Adherence,
    pub sellers: Vec<SellerWeek>,
    /// Meetings with the whole team.
    pub team: Adherence,
    pub team_cancellations: Vec<Cancellation>,
    pub actions: ActionFigures,
    pub ratings: Vec<Rating>,
    pub average_rating: Option<f64>,
}

impl WeekSummary {
    /// The summary of `week` for a team of `sellers`. `joint_calls` holds how many joint
    /// calls each seller had held in the last four weeks (this one included), by name, for
    /// coaching coverage.
    pub fn build(
        week: Week,
        sellers: &[String],
        meetings: &[MeetingFact],
        joint_calls: &HashMap<String, u32>,
        actions: ActionFigures,
        ratings: Vec<Rating>,
    ) -> WeekSummary {
        let mut per_seller: BTreeMap<&str, Vec<&MeetingFact>> =
            sellers.iter().map(|s| (s.as_str(), Vec::new())).collect();
        let mut team = Vec::new();
        for m in meetings {
            match &m.seller {
                Some(name) => per_seller.entry(name.as_str()).or_default().push(m),
                None => team.push(m),
            }
        }
        let sellers = sellers
            .iter()
            .map(|name| {
                let theirs = per_seller.get(name.as_str()).cloned().unwrap_or_default();
                let held_this_week = theirs
                    .iter()
                    .filter(|m| m.kind == Kind::JointCall && m.status == Status::Held)
                    .filter(|m| week.contains(m.day))
                    .count() as u32;
                SellerWeek {
                    seller: name.clone(),
                    cadence: Adherence::from_statuses(theirs.iter().map(|m| m.status)),
                    cancellations: cancellations(&theirs),
                    joint_calls_this_week: held_this_week,
                    joint_calls_last_4_weeks: joint_calls.get(name).copied().unwrap_or(0),
                }
            })
            .collect();
        let average_rating = (!ratings.is_empty()).then(|| {
            let sum: u32 = ratings.iter().map(|r| u32::from(r.rating)).sum();
            (f64::from(sum) / ratings.len() as f64 * 10.0).round() / 10.0
        });
        WeekSummary {
            week: week.code(),
            first_day: week.first_day(),
            last_day: week.last_day(),
            cadence: Adherence::from_statuses(meetings.iter().map(|m| m.status)),
            sellers,
            team: Adherence::from_statuses(team.iter().map(|m| m.status)),
            team_cancellations: cancellations(&team),
            actions,
            ratings,
            average_rating,
        }
    }

    /// Sellers with no joint call held in the last four weeks.
    pub fn unobserved(&self) -> Vec<&str> {
        self.sellers
            .iter()
            .filter(|s| s.joint_calls_last_4_weeks == 0)
            .map(|s| s.seller.as_str())
            .collect()
    }

    /// A weekly note for the manager's own leader.
    pub fn markdown(&self) -> String {
        let mut md = format!(
            "# Week {} ({} – {})\n\n## Cadence\n\n",
            self.week,
            self.first_day.format("%a %b %-d"),
            self.last_day.format("%a %b %-d, %Y")
        );
        let c = &self.cadence;
        md.push_str(&format!(
            "{} of {} meetings held{}: {} canceled, {} missed, {} still ahead.\n\n",
            c.held,
            c.planned,
            c.held_percent()
                .map(|p| format!(" ({p}% of those due)"))
                .unwrap_or_default(),
            c.canceled,
            c.missed,
            c.ahead
        ));
        md.push_str(
            "| Seller | Planned | Held | Canceled | Missed | Ahead | Joint calls (week / 4 weeks) |\n\
             |---|---:|---:|---:|---:|---:|---:|\n",
        );
        for s in &self.sellers {
            let a = &s.cadence;
            md.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} | {} / {} |\n",
                s.seller,
                a.planned,
                a.held,
                a.canceled,
                a.missed,
                a.ahead,
                s.joint_calls_this_week,
                s.joint_calls_last_4_weeks
            ));
        }
        let t = &self.team;
        if t.planned > 0 {
            md.push_str(&format!(
                "| Whole team | {} | {} | {} | {} | {} | |\n",
                t.planned, t.held, t.canceled, t.missed, t.ahead
            ));
        }
        let mut canceled: Vec<String> = Vec::new();
        for s in &self.sellers {
            for c in &s.cancellations {
                canceled.push(format!(
                    "- {}, {} on {}: {}",
                    s.seller,
                    c.kind,
                    c.day.format("%a %b %-d"),
                    c.reason
                ));
            }
        }
        for c in &self.team_cancellations {
            canceled.push(format!(
                "- Whole team, {} on {}: {}",
                c.kind,
                c.day.format("%a %b %-d"),
                c.reason
            ));
        }
        if !canceled.is_empty() {
            md.push_str("\nCanceled:\n\n");
            md.push_str(&canceled.join("\n"));
            md.push('\n');
        }
        let unobserved = self.unobserved();
        md.push_str("\n## Coaching coverage\n\n");
        if unobserved.is_empty() {
            md.push_str("Every seller had a joint call in the last 4 weeks.\n");
        } else {
            md.push_str(&format!(
                "No joint call in the last 4 weeks: {}.\n",
                unobserved.join(", ")
            ));
        }
        let a = &self.actions;
        md.push_str(&format!(
            "\n## Action items\n\nOpened {} · done {} · dropped {} · overdue {}\n",
            a.opened, a.done, a.dropped, a.overdue
        ));
        md.push_str("\n## 1:1 feedback\n\n");
        if self.ratings.is_empty() {
            md.push_str("No 1:1 was rated this week.\n");
        } else {
            for r in &self.ratings {
                let comment = r
                    .comment
                    .as_deref()
                    .map(|c| format!(": \"{c}\""))
                    .unwrap_or_default();
                md.push_str(&format!(
                    "- {}, {}: {}/5{comment}\n",
                    r.seller,
                    r.day.format("%a %b %-d"),
                    r.rating
                ));
            }
            if let Some(avg) = self.average_rating {
                md.push_str(&format!(
                    "\nAverage {avg:.1} from {} ratings.\n",
                    self.ratings.len()
                ));
            }
        }
        md
    }
}

fn cancellations(meetings: &[&MeetingFact]) -> Vec<Cancellation> {
    meetings
        .iter()
        .filter(|m| m.status == Status::Canceled)
        .map(|m| Cancellation {
            kind: m.kind.label(),
            day: m.day,
            reason: m.cancel_reason.clone().unwrap_or_default(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::WeekStart;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn fact(seller: Option<&str>, kind: Kind, day: &str, status: Status) -> MeetingFact {
        MeetingFact {
            seller: seller.map(String::from),
            kind,
            day: d(day),
            status,
            cancel_reason: (status == Status::Canceled).then(|| "customer escalation".into()),
        }
    }

    #[test]
    fn figures_add_up_per_seller_and_for_the_team() {
        let week = Week::containing(d("2026-11-23"), WeekStart::Monday);
        let sellers = vec!["Ana".to_string(), "Ben".to_string()];
        let meetings = vec![
            fact(Some("Ana"), Kind::OneOnOne, "2026-11-23", Status::Held),
            fact(Some("Ana"), Kind::JointCall, "2026-11-24", Status::Held),
            fact(Some("Ben"), Kind::OneOnOne, "2026-11-24", Status::Canceled),
            fact(
                Some("Ben"),
                Kind::PipelineReview,
                "2026-11-25",
                Status::Missed,
            ),
            fact(None, Kind::TeamMeeting, "2026-11-23", Status::Held),
        ];
        // Ana's call this week and one two weeks ago; Ben's call was missed, so not held.
        let joint_calls = HashMap::from([("Ana".to_string(), 2)]);
        let summary = WeekSummary::build(
            week,
            &sellers,
            &meetings,
            &joint_calls,
            ActionFigures::default(),
            Vec::new(),
        );
        assert_eq!(summary.cadence.planned, 5);
        assert_eq!(summary.cadence.held, 3);
        let ana = &summary.sellers[0];
        assert_eq!((ana.cadence.planned, ana.cadence.held), (2, 2));
        assert_eq!(
            (ana.joint_calls_this_week, ana.joint_calls_last_4_weeks),
            (1, 2)
        );
        let ben = &summary.sellers[1];
        assert_eq!(
            (ben.cadence.canceled, ben.cadence.missed, ben.cadence.held),
            (1, 1, 0)
        );
        assert_eq!(ben.cancellations[0].reason, "customer escalation");
        assert_eq!(summary.team.held, 1);
        assert_eq!(
            summary.unobserved(),
            vec!["Ben"],
            "no joint call held in four weeks"
        );
        assert_eq!(summary.average_rating, None);
    }

    #[test]
    fn the_average_rating_has_one_decimal() {
        let week = Week::containing(d("2026-11-23"), WeekStart::Monday);
        let rating = |r| Rating {
            seller: "Ana".into(),
            day: d("2026-11-23"),
            rating: r,
            comment: None,
        };
        let summary = WeekSummary::build(
            week,
            &[],
            &[],
            &HashMap::new(),
            ActionFigures::default(),
            vec![rating(4), rating(5), rating(5)],
        );
        assert_eq!(summary.average_rating, Some(4.7));
        assert!(summary.markdown().contains("Average 4.7 from 3 ratings."));
    }
}
