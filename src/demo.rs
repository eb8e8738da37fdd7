//! The sample team a new user meets with `cadence --demo`: eight sellers, a realistic
//! cadence, and twelve weeks of history ending today, with held, canceled and missed meetings.
//! Deterministic for a given `now`, so demos and snapshot tests are repeatable.

use crate::domain::recurrence::{Frequency, Nth};
use crate::domain::recurrence::{day_start, local_instant};
use crate::domain::{Kind, Status, Week, WeekStart};
use crate::store::{NewMeeting, NewSeller, RuleDraft, Store, StoreError};
use chrono::{DateTime, Days, NaiveDate, NaiveTime, Utc, Weekday};
use chrono_tz::Tz;

const HISTORY_WEEKS: u64 = 12;

struct SampleSeller {
    name: &'static str,
    /// Days before today the seller started.
    tenure_days: u64,
    motivation: &'static str,
    one_on_one: (Weekday, u32, u32),
}

const SELLERS: [SampleSeller; 8] = [
    SampleSeller {
        name: "Ana Ruiz",
        tenure_days: 2400,
        motivation: "Recognition for big, complex wins; wants to lead the enterprise pod.",
        one_on_one: (Weekday::Mon, 10, 30),
    },
    SampleSeller {
        name: "Ben Okafor",
        tenure_days: 1500,
        motivation: "Commission and predictability; saving for a house.",
        one_on_one: (Weekday::Mon, 14, 0),
    },
    SampleSeller {
        name: "Chloe Park",
        tenure_days: 900,
        motivation: "Learning fast; asks for feedback after every call.",
        one_on_one: (Weekday::Tue, 10, 0),
    },
    SampleSeller {
        name: "Dev Sharma",
        tenure_days: 1100,
        motivation: "Autonomy; dislikes being micromanaged on forecast.",
        one_on_one: (Weekday::Tue, 14, 30),
    },
    SampleSeller {
        name: "Elena Rossi",
        tenure_days: 2000,
        motivation: "Mentoring newer sellers; a path to team lead.",
        one_on_one: (Weekday::Wed, 10, 0),
    },
    SampleSeller {
        name: "Farid Haddad",
        tenure_days: 520,
        motivation: "Winning logos in a new vertical; competitive.",
        one_on_one: (Weekday::Wed, 15, 0),
    },
    SampleSeller {
        name: "Grace Liu",
        tenure_days: 260,
        motivation: "Confidence in discovery; wants call shadowing.",
        one_on_one: (Weekday::Thu, 10, 0),
    },
    SampleSeller {
        name: "Hugo Martin",
        tenure_days: 80,
        motivation: "Ramping: first deals, learning the product.",
        one_on_one: (Weekday::Thu, 14, 0),
    },
];

const CANCEL_REASONS: [&str; 6] = [
    "Seller out sick",
    "Customer escalation on the Northwind renewal",
    "Quarter-end deal push: moved to async update",
    "Manager at the leadership offsite",
    "Public holiday",
    "Seller on a customer site visit",
];

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN)
}

/// A stable pseudo-random number in 0..100 for a meeting: varied, yet the same every run.
fn roll(id: i64) -> i64 {
    (id.wrapping_mul(2_654_435_761) >> 7).rem_euclid(100)
}

/// Writes the sample team into an empty database.
pub fn write_sample_team(
    store: &mut Store,
    zone: Tz,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    if store.seller_count()? > 0 {
        return Err(StoreError::Invalid(format!(
            "{} already has sellers; the demo team is only written into an empty database",
            store.path().display()
        )));
    }
    let today = now.with_timezone(&zone).date_naive();
    let history_start =
        Week::containing(today, WeekStart::Monday).first_day() - Days::new(7 * (HISTORY_WEEKS - 1));

    let mut ids = Vec::new();
    for s in &SELLERS {
        ids.push(store.add_seller(&NewSeller {
            name: s.name,
            started_on: today - Days::new(s.tenure_days),
            motivation: s.motivation,
        })?);
    }

    let mut rules: Vec<RuleDraft> = SELLERS
        .iter()
        .zip(&ids)
        .map(|(s, id)| RuleDraft {
            id: None,
            seller_id: Some(*id),
            kind: Kind::OneOnOne,
            frequency: Frequency::Weekly,
            weekday: s.one_on_one.0,
            time: time(s.one_on_one.1, s.one_on_one.2),
            minutes: 30,
        })
        .collect();
    let team = |kind, frequency, weekday, at: NaiveTime, minutes| RuleDraft {
        id: None,
        seller_id: None,
        kind,
        frequency,
        weekday,
        time: at,
        minutes,
    };
    rules.push(team(
        Kind::TeamMeeting,
        Frequency::Weekly,
        Weekday::Mon,
        time(9, 0),
        60,
    ));
    rules.push(team(
        Kind::PipelineReview,
        Frequency::Biweekly,
        Weekday::Fri,
        time(11, 0),
        45,
    ));
    rules.push(team(
        Kind::ForecastReview,
        Frequency::Monthly(Nth::Last),
        Weekday::Thu,
        time(16, 0),
        60,
    ));
    // Joint calls with the two newest sellers, and a monthly one with Farid.
    let joint = |seller: usize, frequency, weekday, at| RuleDraft {
        id: None,
        seller_id: Some(ids[seller]),
        kind: Kind::JointCall,
        frequency,
        weekday,
        time: at,
        minutes: 45,
    };
    rules.push(joint(7, Frequency::Weekly, Weekday::Wed, time(11, 30)));
    rules.push(joint(6, Frequency::Biweekly, Weekday::Fri, time(14, 0)));
    rules.push(joint(
        5,
        Frequency::Monthly(Nth::Nth(2)),
        Weekday::Tue,
        time(16, 0),
    ));

    for rule in &rules {
        // Biweekly rules start a week later, so this week shows them.
        let starts_on = match rule.frequency {
            Frequency::Biweekly => history_start + Days::new(7),
            _ => history_start,
        };
        store.save_rule(rule, zone, starts_on, now)?;
    }
    let this_week = Week::containing(today, WeekStart::Monday);
    store.expand_cadence(history_start, this_week.next().next().end())?;

    // A QBR and a deal review ahead, so one-offs show on the calendar.
    store.add_meeting(&NewMeeting {
        seller_id: None,
        kind: Kind::Qbr,
        starts_at: local_instant(
            this_week.next().first_day() + Days::new(2),
            time(13, 0),
            zone,
        ),
        minutes: 120,
    })?;
    store.add_meeting(&NewMeeting {
        seller_id: Some(ids[0]),
        kind: Kind::DealReview,
        starts_at: local_instant(this_week.next().first_day(), time(15, 30), zone),
        minutes: 30,
    })?;

    settle_history(store, zone, history_start, today, now)
}

/// Gives past meetings an outcome: most held, some canceled with a reason, a few missed,
/// and now and then one moved to the next day. This week always shows each kind of outcome.
fn settle_history(
    store: &mut Store,
    zone: Tz,
    from: NaiveDate,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let this_week_start = Week::containing(today, WeekStart::Monday).first_day();
    let past = store.meetings_between(day_start(from, zone), now)?;
    let this_week: Vec<i64> = past
        .iter()
        .filter(|m| m.starts_at >= day_start(this_week_start, zone))
        .map(|m| m.id)
        .collect();
    for m in past {
        if m.status != Status::Planned {
            continue;
        }
        let day = m.starts_at.with_timezone(&zone).date_naive();
        let position = this_week.iter().position(|id| *id == m.id);
        let roll = match position {
            // This week: the second meeting canceled, the fourth missed, the sixth moved.
            Some(1) => 92,
            Some(3) => 85,
            Some(5) => 82,
            Some(_) => 0,
            None => roll(m.id),
        };
        match roll {
            0..=79 => store.set_held(m.id, true)?,
            80..=83 => {
                let to = m.starts_at + chrono::Duration::days(1);
                let new_id = store.reschedule_meeting(m.id, to)?;
                if to < now {
                    store.set_held(new_id, true)?;
                }
            }
            // Missed: left planned on a day that has passed.
            84..=89 if day < today => {}
            84..=89 => store.set_held(m.id, true)?,
            _ => {
                let reason = CANCEL_REASONS[(m.id as usize) % CANCEL_REASONS.len()];
                store.cancel_meeting(m.id, reason)?;
            }
        }
    }
    Ok(())
}
