//! The calendar's dialogs: cancel (with a reason), reschedule, and add a one-off meeting.
//! Each builds its form and, on submit, checks the input and turns it into an effect.

use super::form::{Field, Form};
use crate::action::Effect;
use crate::config::Settings;
use crate::domain::Kind;
use crate::domain::phrase::{self, WHEN_EXAMPLES};
use crate::domain::{NewMeeting, SellerRef};
use chrono::{DateTime, Utc};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Intent {
    Cancel {
        meeting: i64,
    },
    Reschedule {
        meeting: i64,
    },
    NewMeeting,
    Rule {
        id: Option<i64>,
    },
    AgendaItem {
        meeting: i64,
    },
    /// An action item in the landing.
    Action,
    /// The seller's comment in the landing.
    Comment,
    /// The seller for an unplanned 1:1.
    PickSeller,
    NewAction,
    EditAction {
        id: i64,
    },
    ActionDue {
        ids: Vec<i64>,
    },
    ActionDrop {
        ids: Vec<i64>,
    },
    ActionReassign {
        ids: Vec<i64>,
    },
    /// Score a call: seller, rubric, and optionally a joint call of the week; `calls` are
    /// the call choices as (meeting, its seller), the first being "none".
    StartScorecard {
        calls: Vec<(Option<i64>, Option<i64>)>,
    },
    Observation {
        scorecard: i64,
        criterion: String,
        at_seconds: i64,
    },
    /// Strength, focus area and coaching action; `keys` are the criteria in choice order.
    FinishScorecard {
        scorecard: i64,
        keys: Vec<String>,
    },
}

#[derive(Debug)]
pub struct FormDialog {
    pub intent: Intent,
    pub form: Form,
    /// Seller ids in the order of the seller choice; `None` is the whole team.
    pub seller_ids: Vec<Option<i64>>,
}

pub fn cancel(meeting: i64, describe: &str) -> FormDialog {
    FormDialog {
        intent: Intent::Cancel { meeting },
        form: Form::new(
            format!("Cancel {describe}"),
            vec![Field::text("Reason", "", "why it is canceled (required)")],
        ),
        seller_ids: Vec::new(),
    }
}

pub fn reschedule(meeting: i64, describe: &str) -> FormDialog {
    FormDialog {
        intent: Intent::Reschedule { meeting },
        form: Form::new(
            format!("Reschedule {describe}"),
            vec![Field::text("New time", "", WHEN_EXAMPLES)],
        ),
        seller_ids: Vec::new(),
    }
}

/// The seller choice: every seller, then the whole team.
pub fn seller_choice(
    sellers: &[SellerRef],
    current: Option<i64>,
) -> (Vec<String>, Vec<Option<i64>>, usize) {
    let (mut names, mut ids, _) = one_seller_choice(sellers, current);
    names.push("Whole team".into());
    ids.push(None);
    let selected = ids.iter().position(|id| *id == current).unwrap_or(0);
    (names, ids, selected)
}

/// The choice of one seller, for what is always about one person: a 1:1, an action item, a
/// scored call. Names, ids, and the position of `current` (the first if it is not there).
pub fn one_seller_choice(
    sellers: &[SellerRef],
    current: Option<i64>,
) -> (Vec<String>, Vec<Option<i64>>, usize) {
    let names: Vec<String> = sellers.iter().map(|s| s.name.clone()).collect();
    let ids: Vec<Option<i64>> = sellers.iter().map(|s| Some(s.id)).collect();
    let selected = ids.iter().position(|id| *id == current).unwrap_or(0);
    (names, ids, selected)
}

pub fn kind_choice() -> Vec<String> {
    Kind::ALL.iter().map(|k| k.label().to_string()).collect()
}

pub fn new_meeting(sellers: &[SellerRef], suggested_when: &str) -> FormDialog {
    let first = sellers.first().map(|s| s.id);
    let (names, seller_ids, selected) = seller_choice(sellers, first);
    FormDialog {
        intent: Intent::NewMeeting,
        form: Form::new(
            "Add a one-off meeting",
            vec![
                Field::choice("With", names, selected),
                Field::choice("Kind", kind_choice(), 0),
                Field::text("When", suggested_when, WHEN_EXAMPLES),
                Field::text("Minutes", "", "the kind's usual length"),
            ],
        ),
        seller_ids,
    }
}

/// Minutes from a text field: blank means `default`.
pub fn parse_minutes(text: &str, default: u32) -> Result<u32, String> {
    if text.is_empty() {
        return Ok(default);
    }
    match text.parse::<u32>() {
        Ok(m) if (1..=720).contains(&m) => Ok(m),
        _ => Err(format!(
            "'{text}' is not a length: give whole minutes from 1 to 720, or leave it blank for {default}"
        )),
    }
}

/// Checks a submitted calendar dialog. `Err` leaves the dialog open with the form showing
/// what was wrong.
pub fn submit(dialog: &mut FormDialog, now: DateTime<Utc>, settings: &Settings) -> Option<Effect> {
    let zone = settings.zone;
    let form = &mut dialog.form;
    match dialog.intent {
        Intent::Cancel { meeting } => {
            let reason = form.text(0);
            if reason.is_empty() {
                form.reject(0, "A canceled meeting needs a reason: the review shows it.");
                return None;
            }
            if !form.fits(0, crate::domain::limits::REASON) {
                return None;
            }
            Some(Effect::Cancel { meeting, reason })
        }
        Intent::Reschedule { meeting } => {
            match phrase::parse_when(&form.text(0), now.with_timezone(&zone)) {
                Ok(to) => Some(Effect::Reschedule {
                    meeting,
                    to: to.with_timezone(&Utc),
                }),
                Err(e) => {
                    form.reject(0, e.to_string());
                    None
                }
            }
        }
        Intent::NewMeeting => {
            let seller_id = dialog.seller_ids.get(form.choice(0)).copied().flatten();
            let kind = Kind::ALL[form.choice(1).min(Kind::ALL.len() - 1)];
            if !kind.accepts(seller_id.is_some()) {
                form.reject(0, kind.who_rule());
                return None;
            }
            let starts = match phrase::parse_when(&form.text(2), now.with_timezone(&zone)) {
                Ok(t) => t.with_timezone(&Utc),
                Err(e) => {
                    form.reject(2, e.to_string());
                    return None;
                }
            };
            let minutes = match parse_minutes(&form.text(3), settings.meeting_minutes.get(kind)) {
                Ok(m) => m,
                Err(e) => {
                    form.reject(3, e);
                    return None;
                }
            };
            Some(Effect::AddMeeting(NewMeeting {
                seller_id,
                kind,
                starts_at: starts,
                minutes,
            }))
        }
        _ => None,
    }
}
