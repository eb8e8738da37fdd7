//! Coach the coach: a held 1:1 scored with the manager's-1:1 rubric, pre-filled from what
//! cadence recorded, for the manager's own leader to confirm. What cadence cannot see
//! (listening, feedback, guiding) is left for the leader.

use super::rubric::Rubric;
use serde::Serialize;

/// What cadence knows about a 1:1 that landed (or did not).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OneOnOneFacts {
    pub purposes: Vec<String>,
    pub agenda_items: usize,
    pub planned_minutes: u32,
    pub actual_minutes: Option<u32>,
    pub landed: bool,
    pub no_actions: bool,
    /// Action items agreed, each with an owner and a date.
    pub actions: usize,
    /// The seller's rating: feedback on the meeting was asked for.
    pub rating: Option<u8>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    pub key: String,
    pub name: String,
    /// A level, or none where cadence cannot see it.
    pub suggested: Option<u8>,
    pub because: String,
}

/// The rubric's criteria with a suggested level where the facts allow one. Criteria keys
/// other than `purpose` and `actions` are left for the leader.
pub fn prefill(rubric: &Rubric, facts: &OneOnOneFacts) -> Vec<Suggestion> {
    rubric
        .active()
        .map(|c| {
            let (suggested, because) = match c.key.as_str() {
                "purpose" => purpose(facts),
                "actions" => actions(facts),
                _ => (
                    None,
                    "cadence cannot see this: for your leader to score".to_string(),
                ),
            };
            Suggestion {
                key: c.key.clone(),
                name: c.name.clone(),
                suggested,
                because,
            }
        })
        .collect()
}

fn purpose(f: &OneOnOneFacts) -> (Option<u8>, String) {
    if f.purposes.is_empty() {
        return (Some(1), "no purpose was chosen".into());
    }
    if f.agenda_items == 0 {
        return (Some(1), "there was no agenda".into());
    }
    let (mut level, mut because) = if f.purposes.len() == 1 {
        (
            5u8,
            format!(
                "one purpose ({}); {} agenda items",
                f.purposes[0], f.agenda_items
            ),
        )
    } else {
        (
            3,
            format!(
                "{} purposes in one meeting ({}); {} agenda items",
                f.purposes.len(),
                f.purposes.join(", "),
                f.agenda_items
            ),
        )
    };
    match f.actual_minutes {
        Some(actual) if actual > f.planned_minutes => {
            level -= 1;
            because.push_str(&format!(
                "; ran {} minutes over the {} planned",
                actual - f.planned_minutes,
                f.planned_minutes
            ));
        }
        Some(actual) => because.push_str(&format!("; {actual} of {} minutes", f.planned_minutes)),
        None => {}
    }
    (Some(level), because)
}

fn actions(f: &OneOnOneFacts) -> (Option<u8>, String) {
    if !f.landed {
        return (
            Some(1),
            "the meeting was not closed with its actions".into(),
        );
    }
    let feedback = match f.rating {
        Some(r) => format!("; feedback asked (rated {r}/5)"),
        None => "; no feedback asked".into(),
    };
    if f.actions > 0 {
        let level = if f.rating.is_some() { 5 } else { 4 };
        (
            Some(level),
            format!(
                "{} action item{}, each with an owner and a date{feedback}",
                f.actions,
                if f.actions == 1 { "" } else { "s" }
            ),
        )
    } else if f.no_actions {
        (
            Some(3),
            format!("closed with an explicit \"no actions\"{feedback}"),
        )
    } else {
        (Some(1), "no action items agreed".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rubric::{BUILTIN, parse_rubric};

    fn facts() -> OneOnOneFacts {
        OneOnOneFacts {
            purposes: vec!["coaching".into()],
            agenda_items: 6,
            planned_minutes: 30,
            actual_minutes: Some(29),
            landed: true,
            no_actions: false,
            actions: 2,
            rating: Some(4),
        }
    }

    fn level(s: &[Suggestion], key: &str) -> Option<u8> {
        s.iter().find(|x| x.key == key).unwrap().suggested
    }

    #[test]
    fn a_focused_1_1_closed_with_actions_is_prefilled_high_and_the_rest_left_to_the_leader() {
        let rubric = parse_rubric(BUILTIN[3]).unwrap();
        let s = prefill(&rubric, &facts());
        assert_eq!(level(&s, "purpose"), Some(5));
        assert_eq!(level(&s, "actions"), Some(5));
        for key in ["listening", "feedback", "guiding"] {
            assert_eq!(level(&s, key), None, "{key} is for the leader");
        }
    }

    #[test]
    fn mixed_purposes_an_overrun_and_no_agenda_bring_the_purpose_down() {
        let rubric = parse_rubric(BUILTIN[3]).unwrap();
        let mixed = OneOnOneFacts {
            purposes: vec!["forecast".into(), "coaching".into()],
            actual_minutes: Some(41),
            ..facts()
        };
        let s = prefill(&rubric, &mixed);
        assert_eq!(level(&s, "purpose"), Some(2));
        let because = &s.iter().find(|x| x.key == "purpose").unwrap().because;
        assert!(
            because.contains("ran 11 minutes over the 30 planned"),
            "{because}"
        );
        let bare = OneOnOneFacts {
            agenda_items: 0,
            ..facts()
        };
        assert_eq!(level(&prefill(&rubric, &bare), "purpose"), Some(1));
        let open = OneOnOneFacts {
            landed: false,
            ..facts()
        };
        assert_eq!(level(&prefill(&rubric, &open), "actions"), Some(1));
        let none = OneOnOneFacts {
            actions: 0,
            no_actions: true,
            ..facts()
        };
        assert_eq!(level(&prefill(&rubric, &none), "actions"), Some(3));
    }
}
