//! The sample team a new user meets with `cadence --demo`: eight sellers, a realistic
//! cadence, and twelve weeks of history ending today, with held, canceled and missed meetings,
//! landed 1:1s, action items open, overdue, undated, done and dropped, and scored joint calls.
//! Deterministic for a given `now`, so demos and snapshot tests are repeatable.

use crate::domain::agenda::{Owner, Purpose, Source};
use crate::domain::recurrence::{Frequency, Nth};
use crate::domain::recurrence::{day_start, local_instant};
use crate::domain::rubric::Mark;
use crate::domain::timer::Timer;
use crate::domain::{Kind, Status, Week, WeekStart};
use crate::store::{
    ActionChange, ActionDraft, Finish, Landing, NewAction, NewMeeting, NewSeller, RuleDraft,
    SAMPLE_CANCEL_REASONS, Store, StoreError,
};
use crate::zone::Zone;
use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeDelta, Utc, Weekday};

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

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN)
}

/// A stable pseudo-random number in 0..100 for a meeting: varied, yet the same every run.
fn roll(id: i64) -> i64 {
    (id.wrapping_mul(2_654_435_761) >> 7).rem_euclid(100)
}

/// Writes the sample team into a new file or an empty database at `path`, whole or not at
/// all: a disk that fills part of the way leaves no half-written team behind.
pub fn write_sample_team_whole(
    path: &std::path::Path,
    zone: Zone,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    crate::store::write_whole(path, |store| write_sample_team(store, zone, now))
}

/// Writes the sample team into an empty database.
pub fn write_sample_team(
    store: &mut Store,
    zone: Zone,
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
        let id = store.add_seller(&NewSeller {
            name: s.name,
            started_on: today - Days::new(s.tenure_days),
            motivation: s.motivation,
        })?;
        // ana.ruiz@example.com: a domain reserved for examples, never a real inbox.
        let email = format!("{}@example.com", s.name.to_lowercase().replace(' ', "."));
        store.set_seller_email(id, Some(&email))?;
        ids.push(id);
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
        store.save_rule(rule, zone, day_start(starts_on, zone))?;
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
    // A late deal review for a customer on the US west coast: outside the working hours,
    // which the calendar marks.
    store.add_meeting(&NewMeeting {
        seller_id: Some(ids[1]),
        kind: Kind::DealReview,
        starts_at: local_instant(
            this_week.next().first_day() + Days::new(1),
            time(18, 30),
            zone,
        ),
        minutes: 30,
    })?;

    settle_history(store, zone, history_start, today, now)?;
    run_sample_one_on_ones(store, zone, now, &ids)?;
    track_sample_actions(store, zone, now, &ids)?;
    score_sample_calls(store, day_start(history_start, zone), now)
}

/// Every joint call held in the history was scored against the discovery-call rubric: the
/// newest sellers improving call by call, with observations, a strength and a focus area.
/// Only they were watched, which the coverage line calls out.
fn score_sample_calls(
    store: &mut Store,
    from: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let rubric = crate::domain::rubric::parse_rubric(crate::domain::rubric::BUILTIN[0])
        .map_err(|e| StoreError::Invalid(format!("the discovery-call rubric: {e}")))?;
    let calls: Vec<_> = store
        .meetings_between(from, now)?
        .into_iter()
        .filter(|m| m.kind == Kind::JointCall && m.status == Status::Held)
        .collect();
    let mut per_seller: std::collections::HashMap<i64, usize> = Default::default();
    for call in calls {
        let Some(seller) = &call.seller else { continue };
        let n = *per_seller
            .entry(seller.id)
            .and_modify(|n| *n += 1)
            .or_insert(0);
        let card = store.start_scorecard(seller.id, &rubric, Some(call.id), call.starts_at)?;
        let keys: Vec<String> = rubric.active().map(|c| c.key.clone()).collect();
        for (k, key) in keys.iter().enumerate() {
            // Insight is hard to show on every call: not observed on every third.
            let mark = if key == "insight" && n % 3 == 2 {
                Mark::NotObserved
            } else {
                let turn = (k + n) % keys.len();
                Mark::Level((1 + (n + turn) / 2 + (seller.id as usize % 2)).clamp(1, 5) as u8)
            };
            store.set_mark(card, key, Some(mark))?;
        }
        store.add_observation(
            card,
            "questions",
            412 + 60 * n as i64,
            "Asked what happens if they do nothing this quarter",
        )?;
        store.add_observation(
            card,
            "next-steps",
            2340,
            "Left without a date for the next call",
        )?;
        store.save_evidence(card, "agenda", "Opened with the purpose and the time; did not ask what the buyer wanted from the call.")?;
        let marks = store.scorecard(card)?.marks;
        let level = |k: &String| match marks.get(k) {
            Some(Mark::Level(l)) => *l,
            _ => 3,
        };
        let strength = keys.iter().max_by_key(|k| level(k)).cloned();
        let focus = keys.iter().min_by_key(|k| level(k)).cloned();
        store.finish_scorecard(
            card,
            &Finish {
                strength,
                focus,
                action: None,
                reobserve_at: None,
                reobserve_minutes: 45,
            },
            call.starts_at + TimeDelta::minutes(45),
        )?;
    }
    Ok(())
}

/// This week's 1:1s with Dev and Hugo landed with a rating (so the review has feedback to
/// show), and the tracker's everyday life: items added outside meetings, one undated, some
/// overdue, one re-dated, some done and one dropped this week.
fn track_sample_actions(
    store: &mut Store,
    zone: Zone,
    now: DateTime<Utc>,
    ids: &[i64],
) -> Result<(), StoreError> {
    let today = now.with_timezone(&zone).date_naive();
    // (seller, actions agreed as (title, owner, due in days), rating, comment)
    type Landed<'a> = (usize, &'a [(&'a str, Owner, u64)], u8, &'a str);
    let landed: [Landed; 2] = [
        (
            3,
            &[
                (
                    "Send the Initech proposal draft for review",
                    Owner::Seller,
                    2,
                ),
                (
                    "Ask finance about the multi-year discount",
                    Owner::Manager,
                    1,
                ),
            ],
            4,
            "Good to go through the proposal together.",
        ),
        (
            7,
            &[(
                "Practise the discovery opener with a peer",
                Owner::Seller,
                8,
            )],
            5,
            "The call debrief helped a lot.",
        ),
    ];
    for (seller, actions, rating, comment) in landed {
        let Some(meeting) = one_on_one_weeks_ago(store, ids[seller], 0, zone, now)? else {
            continue;
        };
        let one = store.open_one_on_one(meeting)?;
        let purpose = if seller == 3 {
            Purpose::Deal
        } else {
            Purpose::Coaching
        };
        let template = crate::domain::agenda::parse_template(purpose.builtin_template())
            .map_err(|e| StoreError::Invalid(format!("the {} agenda: {e}", purpose.key())))?;
        store.set_purposes(meeting, &[purpose], &[(purpose, template)], zone)?;
        let start = one.meeting.starts_at;
        let day = start.with_timezone(&zone).date_naive();
        let landing = Landing {
            actions: actions
                .iter()
                .map(|(title, owner, due_in)| NewAction {
                    title: title.to_string(),
                    owner: *owner,
                    due_on: day + Days::new(*due_in),
                })
                .collect(),
            no_actions: false,
            rating,
            comment: comment.to_string(),
        };
        let timer = Timer {
            banked: TimeDelta::minutes(28),
            running_since: None,
        };
        store.land_one_on_one(meeting, &landing, &timer, start + TimeDelta::minutes(28))?;
    }
    let days_ago = |n: u64| now - TimeDelta::days(n as i64);
    let added: [(usize, &str, Owner, Option<i64>, u64); 6] = [
        (
            4,
            "Update the Umbrella close plan in the CRM",
            Owner::Seller,
            Some(-3),
            9,
        ),
        (
            2,
            "Share the Acme stakeholder map",
            Owner::Seller,
            Some(1),
            4,
        ),
        (
            5,
            "Draft the renewal email for Hooli",
            Owner::Seller,
            None,
            6,
        ),
        (
            6,
            "Book a joint call for the Stark demo",
            Owner::Manager,
            Some(0),
            5,
        ),
        (
            1,
            "Invite me to the Globex negotiation call",
            Owner::Seller,
            Some(-1),
            12,
        ),
        (
            6,
            "Review Grace's territory plan",
            Owner::Manager,
            Some(6),
            3,
        ),
    ];
    let mut tracked = Vec::new();
    for (seller, title, owner, due_in, age) in added {
        let draft = ActionDraft {
            seller_id: ids[seller],
            title: title.to_string(),
            owner,
            due_on: due_in.map(|d| {
                today
                    .checked_add_signed(TimeDelta::days(d))
                    .unwrap_or(today)
            }),
        };
        tracked.push(store.add_action(&draft, days_ago(age))?);
    }
    // The Globex item slipped once already; two items closed this week, one was dropped.
    store.change_actions(
        &[tracked[4]],
        &ActionChange::Due(today.checked_sub_days(Days::new(1))),
        days_ago(5),
    )?;
    store.change_actions(&[tracked[1]], &ActionChange::Done, days_ago(1))?;
    let done_early = store.add_action(
        &ActionDraft {
            seller_id: ids[3],
            title: "Confirm the Initech pilot scope".into(),
            owner: Owner::Seller,
            due_on: Some(today),
        },
        days_ago(8),
    )?;
    store.change_actions(&[done_early], &ActionChange::Done, days_ago(2))?;
    store.change_actions(
        &[tracked[5]],
        &ActionChange::Drop {
            reason: Some("Grace rebuilt the plan with the new segments".into()),
        },
        days_ago(1),
    )?;
    Ok(())
}

/// A 1:1 as the demo ran it: its purpose, notes per agenda item, items left unfinished,
/// extra items, the actions agreed and the seller's rating.
struct SampleOneOnOne {
    purpose: Purpose,
    /// Notes for the template's items in order: (shared, private).
    notes: &'static [(&'static str, &'static str)],
    /// Added by the manager and left unfinished, so it is carried to the next 1:1.
    unfinished: Option<&'static str>,
    actions: &'static [(&'static str, Owner, u64)],
    rating: u8,
    comment: &'static str,
}

const ANA_TWO_WEEKS_AGO: SampleOneOnOne = SampleOneOnOne {
    purpose: Purpose::Coaching,
    notes: &[
        (
            "Energised after the Northwind demo; tired of internal reporting.",
            "",
        ),
        (
            "Northwind discovery: strong pain found, but no economic buyer yet.",
            "Tends to rush to the demo.",
        ),
        (
            "Feedback: ask the second and third question before pitching.",
            "",
        ),
    ],
    unfinished: Some("Territory plan for Q1"),
    actions: &[(
        "Send the Northwind mutual action plan draft",
        Owner::Seller,
        4,
    )],
    rating: 4,
    comment: "Useful; more time on the territory plan next time",
};

const ANA_LAST_WEEK: SampleOneOnOne = SampleOneOnOne {
    purpose: Purpose::Coaching,
    notes: &[
        ("Northwind plan sent; waiting on legal.", ""),
        (
            "Good progress on multi-layered questions in the Acme call.",
            "Confidence is up; keep it going.",
        ),
    ],
    unfinished: None,
    actions: &[
        ("Invite me to the Acme discovery call", Owner::Seller, 10),
        ("Share the Q1 territory map", Owner::Manager, 15),
    ],
    rating: 5,
    comment: "",
};

const BEN_LAST_WEEK: SampleOneOnOne = SampleOneOnOne {
    purpose: Purpose::Forecast,
    notes: &[
        (
            "Commit 180k, best case 240k. Globex slipped to January.",
            "",
        ),
        ("Initech moved to negotiation.", ""),
    ],
    unfinished: None,
    actions: &[(
        "Submit a revised forecast with Globex out of commit",
        Owner::Seller,
        3,
    )],
    rating: 3,
    comment: "Felt rushed at the end",
};

/// The seller's weekly 1:1 `weeks` weeks before this one.
fn one_on_one_weeks_ago(
    store: &Store,
    seller: i64,
    weeks: u64,
    zone: Zone,
    now: DateTime<Utc>,
) -> Result<Option<i64>, StoreError> {
    let today = now.with_timezone(&zone).date_naive();
    let week = Week::containing(today - Days::new(7 * weeks), WeekStart::Monday);
    let meetings = store.meetings_between(
        day_start(week.first_day(), zone),
        day_start(week.end(), zone),
    )?;
    Ok(meetings
        .into_iter()
        .find(|m| {
            m.kind == Kind::OneOnOne
                && m.seller.as_ref().is_some_and(|s| s.id == seller)
                && matches!(m.status, Status::Held | Status::Planned)
        })
        .map(|m| m.id))
}

fn run_sample(
    store: &mut Store,
    meeting: i64,
    sample: &SampleOneOnOne,
    zone: Zone,
) -> Result<(), StoreError> {
    let one = store.open_one_on_one(meeting)?;
    let template = crate::domain::agenda::parse_template(sample.purpose.builtin_template())
        .map_err(StoreError::Invalid)?;
    store.set_purposes(
        meeting,
        &[sample.purpose],
        &[(sample.purpose, template)],
        zone,
    )?;
    if let Some(title) = sample.unfinished {
        store.add_agenda_item(meeting, title, 10, Owner::Manager)?;
    }
    let items = store.one_on_one(meeting)?.items;
    let start = one.meeting.starts_at;
    let template_items = items.iter().filter(|i| i.source == Source::Template);
    for (item, (shared, private)) in template_items.zip(sample.notes) {
        store.save_notes_over(item.id, ("", ""), shared, private)?;
    }
    let mut booked = TimeDelta::zero();
    for (i, item) in items.iter().enumerate() {
        let covered =
            Some(item.title.as_str()) != sample.unfinished && item.source != Source::Carried;
        if covered {
            // A little over or under each box, as real meetings go.
            let spent =
                TimeDelta::seconds(i64::from(item.minutes) * 60 + (i as i64 * 37) % 90 - 30);
            booked += spent;
            let timer = Timer {
                banked: booked,
                running_since: None,
            };
            store.save_timer(meeting, &timer, Some(item.id), Some((item.id, spent)))?;
            store.update_agenda_item(item.id, item.minutes, true)?;
        }
    }
    let day = start.with_timezone(&zone).date_naive();
    let landing = Landing {
        actions: sample
            .actions
            .iter()
            .map(|(title, owner, due_in)| NewAction {
                title: title.to_string(),
                owner: *owner,
                due_on: day + Days::new(*due_in),
            })
            .collect(),
        no_actions: sample.actions.is_empty(),
        rating: sample.rating,
        comment: sample.comment.to_string(),
    };
    let timer = Timer {
        banked: booked,
        running_since: None,
    };
    store
        .land_one_on_one(meeting, &landing, &timer, start + booked)
        .map(|_| ())
}

/// Two of Ana's coaching 1:1s (one item slipping twice), Ben's forecast 1:1, and an item
/// Chloe put on her next agenda: opening their next 1:1 shows the agenda assembled.
fn run_sample_one_on_ones(
    store: &mut Store,
    zone: Zone,
    now: DateTime<Utc>,
    ids: &[i64],
) -> Result<(), StoreError> {
    // The seller's most recent 1:1s that took place (canceled ones are skipped), newest first.
    let recent = |store: &Store, seller: i64, count: usize| -> Result<Vec<i64>, StoreError> {
        let mut found = Vec::new();
        for weeks in 1..=6 {
            if found.len() == count {
                break;
            }
            if let Some(meeting) = one_on_one_weeks_ago(store, seller, weeks, zone, now)? {
                found.push(meeting);
            }
        }
        Ok(found)
    };
    let ana = recent(store, ids[0], 2)?;
    let samples = [&ANA_LAST_WEEK, &ANA_TWO_WEEKS_AGO];
    // Oldest first: the later 1:1 carries what the earlier one left unfinished.
    for (meeting, sample) in ana.iter().zip(samples).rev() {
        run_sample(store, *meeting, sample, zone)?;
    }
    if let Some(meeting) = recent(store, ids[1], 1)?.first() {
        run_sample(store, *meeting, &BEN_LAST_WEEK, zone)?;
    }
    store.add_agenda_request("Chloe Park", "Help with the Acme pricing objection", now)?;
    Ok(())
}

/// Gives past meetings an outcome: most held, some canceled with a reason, a few missed,
/// and now and then one moved to the next day. This week always shows each kind of outcome.
fn settle_history(
    store: &mut Store,
    zone: Zone,
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
                let reason = SAMPLE_CANCEL_REASONS[(m.id as usize) % SAMPLE_CANCEL_REASONS.len()];
                store.cancel_meeting(m.id, reason)?;
            }
        }
    }
    Ok(())
}
