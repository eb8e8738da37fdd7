//! The cadence builder: the table of rules (seller x kind -> how often, when, how long) and
//! the form that adds or edits one.

use super::dialogs::{FormDialog, Intent, kind_choice, parse_minutes, seller_choice};
use super::form::{Field, Form};
use crate::action::Effect;
use crate::config::MeetingMinutes;
use crate::domain::Kind;
use crate::domain::phrase::parse_time;
use crate::domain::recurrence::{Frequency, Nth};
use crate::domain::{Rule, RuleDraft, SellerRef};
use chrono::{NaiveTime, Weekday};

#[derive(Debug, Default)]
pub struct CadenceBuilder {
    pub selected: usize,
}

impl CadenceBuilder {
    pub fn move_selection(&mut self, down: bool, rules: usize) {
        self.selected = super::step_index(self.selected, rules, down);
    }

    pub fn clamp(&mut self, rules: usize) {
        self.selected = self.selected.min(rules.saturating_sub(1));
    }
}

const FREQUENCIES: [&str; 4] = ["weekly", "every 2 weeks", "monthly", "quarterly"];
const NTHS: [Nth; 6] = [
    Nth::Nth(1),
    Nth::Nth(2),
    Nth::Nth(3),
    Nth::Nth(4),
    Nth::Nth(5),
    Nth::Last,
];
const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

// Field positions in the rule form.
const WITH: usize = 0;
const KIND: usize = 1;
const HOW_OFTEN: usize = 2;
const WHICH: usize = 3;
const WEEKDAY: usize = 4;
const TIME: usize = 5;
const MINUTES: usize = 6;

/// The form for a new rule (`None`) or for changing `rule`.
pub fn rule_form(rule: Option<&Rule>, sellers: &[SellerRef]) -> FormDialog {
    let current_seller = match rule {
        Some(r) => r.seller.as_ref().map(|s| s.id),
        None => sellers.first().map(|s| s.id),
    };
    let (names, seller_ids, seller_index) = seller_choice(sellers, current_seller);
    let kind = rule.map(|r| r.kind).unwrap_or(Kind::OneOnOne);
    let frequency = rule
        .map(|r| r.recurrence.frequency)
        .unwrap_or(Frequency::Weekly);
    let frequency_index = match frequency {
        Frequency::Weekly => 0,
        Frequency::Biweekly => 1,
        Frequency::Monthly(_) => 2,
        Frequency::Quarterly(_) => 3,
    };
    let nth_index = frequency
        .nth()
        .and_then(|n| NTHS.iter().position(|x| *x == n))
        .unwrap_or(0);
    let weekday = rule.map(|r| r.recurrence.weekday).unwrap_or(Weekday::Mon);
    let time = rule
        .map(|r| r.recurrence.time)
        .unwrap_or(NaiveTime::from_hms_opt(10, 0, 0).unwrap_or_default());
    let minutes = rule.map(|r| r.minutes.to_string()).unwrap_or_default();
    let title = match rule {
        Some(_) => "Edit cadence rule",
        None => "Add cadence rule",
    };
    FormDialog {
        intent: Intent::Rule {
            id: rule.map(|r| r.id),
        },
        form: Form::new(
            title,
            vec![
                Field::choice("With", names, seller_index),
                Field::choice(
                    "Kind",
                    kind_choice(),
                    Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0),
                ),
                Field::choice(
                    "How often",
                    FREQUENCIES.iter().map(|s| s.to_string()).collect(),
                    frequency_index,
                ),
                Field::choice(
                    "Week of month",
                    NTHS.iter().map(|n| n.label()).collect(),
                    nth_index,
                ),
                Field::choice(
                    "Weekday",
                    WEEKDAYS.iter().map(|d| d.to_string()).collect(),
                    weekday.num_days_from_monday() as usize,
                ),
                Field::text("Time", &time.format("%H:%M").to_string(), "09:30, 2pm"),
                Field::text("Minutes", &minutes, "the kind's usual length"),
            ],
        ),
        seller_ids,
    }
}

/// Checks the rule form; `None` leaves it open showing what was wrong.
pub fn submit_rule(dialog: &mut FormDialog, lengths: &MeetingMinutes) -> Option<Effect> {
    let Intent::Rule { id } = dialog.intent else {
        return None;
    };
    let form = &mut dialog.form;
    let seller_id = dialog.seller_ids.get(form.choice(WITH)).copied().flatten();
    let kind = Kind::ALL[form.choice(KIND).min(Kind::ALL.len() - 1)];
    if !kind.accepts(seller_id.is_some()) {
        form.reject(WITH, kind.who_rule());
        return None;
    }
    let nth = NTHS[form.choice(WHICH).min(NTHS.len() - 1)];
    let frequency = match form.choice(HOW_OFTEN) {
        0 => Frequency::Weekly,
        1 => Frequency::Biweekly,
        2 => Frequency::Monthly(nth),
        _ => Frequency::Quarterly(nth),
    };
    let time = match parse_time(&form.text(TIME)) {
        Ok(t) => t,
        Err(e) => {
            form.reject(TIME, e.to_string());
            return None;
        }
    };
    let minutes = match parse_minutes(&form.text(MINUTES), lengths.get(kind)) {
        Ok(m) => m,
        Err(e) => {
            form.reject(MINUTES, e);
            return None;
        }
    };
    Some(Effect::SaveRule(RuleDraft {
        id,
        seller_id,
        kind,
        frequency,
        weekday: WEEKDAYS[form.choice(WEEKDAY).min(6)],
        time,
        minutes,
    }))
}
