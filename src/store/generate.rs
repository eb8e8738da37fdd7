//! `cadence gen`: a realistic history of any size, for benchmarks and trials. The sellers,
//! their cadence, every meeting of the years asked for (held, canceled with a reason,
//! missed, moved), landed 1:1s with agendas and notes, scored joint calls and the action
//! items they produced. Rows are written directly, in one transaction with prepared
//! statements, so five years of sixty sellers take seconds. The same seed, clock and zone
//! always give the same database: the random numbers come from ChaCha8, whose output is
//! fixed for a seed on every platform and version.

use super::actions::{Stored, to_json};
use super::{Result, Store, StoreError, date_to_sql, instant_to_sql, time_to_sql};
use crate::domain::agenda::{self, Leftover, Owner, Purpose, Source, Template};
use crate::domain::recurrence::{Frequency, Nth, Recurrence, day_start, local_instant};
use crate::domain::rubric::{self, Mark, Rubric};
use crate::domain::{Kind, Status, Week, WeekStart};
use crate::zone::Zone;
use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeDelta, Utc, Weekday};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::{Transaction, params};
use std::collections::{BTreeMap, HashSet};

/// Why sample meetings were canceled, in the demo and in generated histories alike.
pub const SAMPLE_CANCEL_REASONS: [&str; 6] = [
    "Seller out sick",
    "Customer escalation on the Northwind renewal",
    "Quarter-end deal push: moved to async update",
    "Manager at the leadership offsite",
    "Public holiday",
    "Seller on a customer site visit",
];

/// The most sellers and years `cadence gen` writes: a second-line manager's whole org, for
/// longer than anyone keeps a cadence.
pub const MAX_SELLERS: u32 = 500;
pub const MAX_YEARS: u32 = 20;

/// What to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GenSpec {
    pub sellers: u32,
    pub years: u32,
    pub seed: u64,
}

/// How many rows of each kind were written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Generated {
    pub sellers: usize,
    pub meetings: usize,
    pub agenda_items: usize,
    pub action_items: usize,
    pub scorecards: usize,
}

impl GenSpec {
    /// Refuses a size out of range, before anything is opened or written.
    pub fn check(self) -> Result<GenSpec> {
        if !(1..=MAX_SELLERS).contains(&self.sellers) {
            return Err(StoreError::Invalid(format!(
                "--sellers is {}: expected 1 to {MAX_SELLERS}",
                self.sellers
            )));
        }
        if !(1..=MAX_YEARS).contains(&self.years) {
            return Err(StoreError::Invalid(format!(
                "--years is {}: expected 1 to {MAX_YEARS}",
                self.years
            )));
        }
        Ok(self)
    }
}

impl Store {
    /// Writes a generated history ending at `now` into this empty database, all of it or
    /// nothing. A database holding anything is refused, as is a size out of range.
    pub fn generate(&mut self, spec: GenSpec, zone: Zone, now: DateTime<Utc>) -> Result<Generated> {
        let spec = spec.check()?;
        let held = self.user_data()?;
        if !held.is_empty() {
            let what: Vec<String> = held.iter().map(|(t, n)| format!("{n} {t}")).collect();
            return Err(StoreError::Invalid(format!(
                "{} already holds data ({}); cadence gen writes only into an empty database: \
                 give a new path with --db",
                self.path.display(),
                what.join(", ")
            )));
        }
        let path = self.path.clone();
        let err = |e| super::classify(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        let generated = History::new(&tx, spec, zone, now).write().map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(generated)
    }
}

impl Store {
    /// For the benchmarks and tests of keystroke paths: the manager mid-week, running a 1:1
    /// (the next one from `now`: timer going, coaching agenda) while scoring a seller's call.
    #[doc(hidden)]
    pub fn start_sample_meeting_and_call(&mut self, zone: Zone, now: DateTime<Utc>) -> Result<()> {
        let week = Week::containing(now.with_timezone(&zone).date_naive(), WeekStart::Monday);
        let mut meetings = self.week_meetings(week, zone)?;
        meetings.extend(self.week_meetings(week.next(), zone)?);
        let meeting = meetings
            .into_iter()
            .find(|m| {
                m.kind == Kind::OneOnOne
                    && m.starts_at >= now
                    && !matches!(m.status, Status::Canceled | Status::Rescheduled)
            })
            .ok_or_else(|| StoreError::Invalid("no 1:1 this week or next".into()))?;
        self.open_one_on_one(meeting.id)?;
        let template = agenda::parse_template(Purpose::Coaching.builtin_template())
            .map_err(StoreError::Invalid)?;
        self.set_purposes(
            meeting.id,
            &[Purpose::Coaching],
            &[(Purpose::Coaching, template)],
            zone,
        )?;
        let first = self.one_on_one(meeting.id)?.items.first().map(|i| i.id);
        let timer = crate::domain::timer::Timer {
            banked: TimeDelta::minutes(2),
            running_since: Some(now),
        };
        self.save_timer(meeting.id, &timer, first, None)?;
        let rubric = rubric::parse_rubric(rubric::BUILTIN[0])
            .map_err(|e| StoreError::Invalid(format!("the discovery-call rubric: {e}")))?;
        let seller = meeting.seller.map(|s| s.id).unwrap_or_default();
        self.start_scorecard(seller, &rubric, None, now)?;
        Ok(())
    }
}

const FIRST_NAMES: [&str; 40] = [
    "Ana", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Kemi",
    "Liam", "Maya", "Noah", "Olga", "Pablo", "Quinn", "Rosa", "Sami", "Tara", "Umar", "Vera",
    "Wei", "Ximena", "Yusuf", "Zoe", "Aiko", "Bruno", "Carla", "Diego", "Emma", "Felix", "Gita",
    "Hana", "Ivan", "Julia", "Karim", "Lena", "Marco", "Nadia",
];

const LAST_NAMES: [&str; 41] = [
    "Ruiz", "Okafor", "Park", "Sharma", "Rossi", "Haddad", "Liu", "Martin", "Silva", "Berg",
    "Adeyemi", "Murphy", "Cohen", "Novak", "Ivanova", "Garcia", "Walsh", "Moreno", "Khan", "Singh",
    "Farouk", "Costa", "Chen", "Lopez", "Demir", "Fischer", "Tanaka", "Almeida", "Romano",
    "Vargas", "Dubois", "Weber", "Patel", "Sato", "Petrov", "Schmidt", "Mansour", "Keller",
    "Bianchi", "Nowak", "Larsen",
];

const MOTIVATIONS: [&str; 8] = [
    "Recognition for big, complex wins; wants to lead the enterprise pod.",
    "Commission and predictability; saving for a house.",
    "Learning fast; asks for feedback after every call.",
    "Autonomy; dislikes being micromanaged on forecast.",
    "Mentoring newer sellers; a path to team lead.",
    "Winning logos in a new vertical; competitive.",
    "Confidence in discovery; wants call shadowing.",
    "Ramping: first deals, learning the product.",
];

const ACCOUNTS: [&str; 16] = [
    "Northwind",
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Hooli",
    "Stark",
    "Wayne",
    "Soylent",
    "Cyberdyne",
    "Tyrell",
    "Wonka",
    "Vandelay",
    "Massive Dynamic",
    "Oscorp",
    "Gringotts",
];

const NOTES: [&str; 24] = [
    "{a} discovery went well: the pain is real and the budget is owned by the COO.",
    "Commit unchanged; {a} slipped to next quarter after legal asked for more time.",
    "Walked through the {a} close plan: no economic buyer named yet.",
    "Feeling stretched between renewals and new logos; agreed to protect Friday mornings.",
    "Good progress on multi-layered questions in the {a} call.",
    "Pipeline coverage is 2.4x for the quarter; needs two more qualified meetings a week.",
    "The {a} champion is leaving; find a second contact before the next step.",
    "Practised the pricing conversation for {a}; still defends the discount too early.",
    "Asked for help with the {a} security review; I will introduce the solutions engineer.",
    "Forecast call: best case includes {a}, commit does not.",
    "Reviewed the last demo recording: strong opening, the close for next steps was vague.",
    "Wants more ownership of the {a} account plan.",
    "Energised after the {a} demo; tired of internal reporting.",
    "Two deals stuck in stage 3 for over 40 days, {a} among them.",
    "Agreed the mutual action plan for {a} goes out before Thursday.",
    "Feedback: ask the second and third question before pitching.",
    "{a} procurement wants a three-year term; check the discount policy.",
    "Territory plan: focus on the top 20 accounts, drop the long tail.",
    "Confidence is up after closing {a}; keep the momentum.",
    "Struggles to get time with the {a} CFO; plan a joint call.",
    "Updated the CRM stages; two opportunities were stale.",
    "Objection handling on price improved since last month.",
    "Next quarter's number feels high; we went through where it comes from.",
    "Wants to shadow a senior seller on a negotiation call.",
];

const PRIVATE_NOTES: [&str; 8] = [
    "Seems tired; check in on workload next week.",
    "Tends to rush to the demo.",
    "Considering a move to the enterprise team; keep the conversation open.",
    "Ready for a bigger territory within two quarters.",
    "Frustrated with the comp plan change.",
    "Needs more structure in discovery before the next review.",
    "Raised a conflict with a peer over account ownership.",
    "Strong candidate for the mentoring programme.",
];

const ACTIONS: [&str; 14] = [
    "Submit a revised forecast with {a} out of commit",
    "Send the {a} mutual action plan draft",
    "Invite me to the {a} discovery call",
    "Draft the {a} follow-up email for review",
    "Schedule an internal meeting on the {a} pricing",
    "Update the {a} close plan in the CRM",
    "Book a technical demo with the {a} team",
    "Share the {a} stakeholder map",
    "Find a second contact at {a}",
    "Ask finance about the {a} multi-year discount",
    "Execute the agreed pipeline goals: three new first meetings",
    "Practise the discovery opener with a peer",
    "Review the {a} contract redlines with legal",
    "Prepare the {a} business case for the CFO",
];

const ADDED_ITEMS: [&str; 6] = [
    "Territory plan for next quarter",
    "Hiring: feedback on the candidate interviews",
    "Career path: what team lead would take",
    "The {a} escalation",
    "Time off over the holidays",
    "Onboarding the new solutions engineer",
];

const SELLER_ITEMS: [&str; 5] = [
    "Help with the {a} pricing objection",
    "Can we talk about my quota?",
    "Feedback on my {a} demo",
    "Support for the {a} executive meeting",
    "Training budget for a negotiation course",
];

const DROP_REASONS: [&str; 5] = [
    "The deal was lost",
    "No longer needed after the territory change",
    "Replaced by a newer action",
    "The customer went quiet",
    "Done another way in the team meeting",
];

const RATING_COMMENTS: [&str; 6] = [
    "Useful; more time on the territory plan next time",
    "Felt rushed at the end",
    "Good to go through the proposal together.",
    "The call debrief helped a lot.",
    "Clear next steps, thanks",
    "Would like more time on coaching",
];

const OBSERVATIONS: [&str; 10] = [
    "Asked what happens if they do nothing this quarter",
    "Left without a date for the next call",
    "Jumped to the demo before the pain was clear",
    "Named the next step and a date with the buyer",
    "Quantified the cost of the problem with the buyer",
    "Talked over the buyer twice",
    "Tied the value to the CFO's goal",
    "Let the silence work after stating the price",
    "Summarised the buyer's words before answering",
    "Missed a buying signal about the timeline",
];

const EVIDENCE: [&str; 5] = [
    "Opened with the purpose and the time; did not ask what the buyer wanted from the call.",
    "Three follow-up questions on the budget before moving on.",
    "Pitched the platform in general terms; no link to the pain found.",
    "Closed with a date, an agenda and the right people for the next call.",
    "Shared an industry benchmark that made the buyer pause.",
];

/// A seller as the history goes on: who they are and what they carry from meeting to meeting.
struct Seller {
    id: i64,
    started_on: NaiveDate,
    /// Their level on a call when they started, and how much it grows a year.
    skill: f64,
    growth: f64,
    leftovers: Vec<Leftover>,
    /// When each of their action items still open at the current point closes, if ever.
    open_until: Vec<Option<DateTime<Utc>>>,
}

/// What became of a meeting.
enum Outcome {
    Planned,
    Held,
    Canceled(&'static str),
    /// Moved to another time: the meeting at that time is its own row.
    MovedTo(DateTime<Utc>),
    /// The new slot of a moved meeting.
    MovedFrom {
        from: i64,
        held: bool,
    },
}

struct RuleRow {
    id: i64,
    seller: Option<usize>,
    kind: Kind,
    recurrence: Recurrence,
    minutes: u32,
}

/// A closing or an addition in the tracker's journal, written in time order at the end.
struct Change {
    at: DateTime<Utc>,
    action_id: i64,
    what: &'static str,
    before: Option<Stored>,
    after: Stored,
}

struct History<'t> {
    tx: &'t Transaction<'t>,
    rng: ChaCha8Rng,
    spec: GenSpec,
    zone: Zone,
    now: DateTime<Utc>,
    today: NaiveDate,
    sellers: Vec<Seller>,
    templates: Vec<(Purpose, Template)>,
    rubrics: Vec<(i64, Rubric)>,
    changes: Vec<Change>,
    counts: Generated,
}

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN)
}

impl<'t> History<'t> {
    fn new(tx: &'t Transaction<'t>, spec: GenSpec, zone: Zone, now: DateTime<Utc>) -> History<'t> {
        History {
            tx,
            rng: ChaCha8Rng::seed_from_u64(spec.seed),
            spec,
            zone,
            now,
            today: now.with_timezone(&zone).date_naive(),
            sellers: Vec::new(),
            templates: Vec::new(),
            rubrics: Vec::new(),
            changes: Vec::new(),
            counts: Generated::default(),
        }
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.rng.gen_range(0..items.len())]
    }

    /// A phrase from `items` about one of the accounts.
    fn phrase(&mut self, items: &[&str]) -> String {
        let account = self.pick(&ACCOUNTS);
        self.pick(items).replace("{a}", account)
    }

    fn write(mut self) -> rusqlite::Result<Generated> {
        let first_day = self.today - Days::new(365 * u64::from(self.spec.years));
        self.load_assets();
        self.write_sellers(first_day)?;
        let rules = self.write_rules(first_day)?;
        // Up to the end of next week, as the cockpit expands it.
        let horizon = Week::containing(self.today, WeekStart::Monday).next().end();
        let mut occurrences = Vec::new();
        for (r, rule) in rules.iter().enumerate() {
            for day in rule.recurrence.dates_between(first_day, horizon) {
                occurrences.push((local_instant(day, rule.recurrence.time, self.zone), r, day));
            }
        }
        occurrences.sort_by_key(|(starts, r, _)| (*starts, rules[*r].id));
        for (starts, r, day) in occurrences {
            self.write_meeting(&rules[r], starts, day)?;
        }
        self.write_open_requests()?;
        self.write_journal()?;
        self.counts.sellers = self.sellers.len();
        Ok(self.counts)
    }

    fn load_assets(&mut self) {
        for purpose in Purpose::ALL {
            // The built-in templates are compiled in and checked by their own tests.
            if let Ok(template) = agenda::parse_template(purpose.builtin_template()) {
                self.templates.push((purpose, template));
            }
        }
    }

    fn write_sellers(&mut self, first_day: NaiveDate) -> rusqlite::Result<()> {
        let mut taken = HashSet::new();
        let history_days = 365 * i64::from(self.spec.years);
        for i in 0..self.spec.sellers {
            let name = loop {
                let name = format!("{} {}", self.pick(&FIRST_NAMES), self.pick(&LAST_NAMES));
                if taken.insert(name.clone()) {
                    break name;
                }
            };
            // Most were on the team before the history starts; some joined during it.
            let tenure = if self.rng.gen_bool(0.9) {
                history_days + self.rng.gen_range(0..1500)
            } else {
                self.rng.gen_range(30..history_days.max(31))
            };
            let started_on = self.today - Days::new(tenure as u64);
            let motivation = MOTIVATIONS[i as usize % MOTIVATIONS.len()];
            let email = format!("{}@example.com", name.to_lowercase().replace(' ', "."));
            self.tx
                .prepare_cached(
                    "INSERT INTO sellers (name, started_on, motivation, email)
                     VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![name, date_to_sql(started_on), motivation, email])?;
            self.sellers.push(Seller {
                id: self.tx.last_insert_rowid(),
                started_on: started_on.max(first_day),
                skill: self.rng.gen_range(1.6..3.4),
                growth: self.rng.gen_range(0.0..0.4),
                leftovers: Vec::new(),
                open_until: Vec::new(),
            });
        }
        Ok(())
    }

    /// A weekly 1:1 and a biweekly joint call per seller from the day they joined, and the
    /// team's weekly meeting, biweekly pipeline review and monthly forecast review.
    fn write_rules(&mut self, first_day: NaiveDate) -> rusqlite::Result<Vec<RuleRow>> {
        let days = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu];
        let mut rules = Vec::new();
        let team = [
            (
                Kind::TeamMeeting,
                Frequency::Weekly,
                Weekday::Mon,
                time(9, 0),
                60,
            ),
            (
                Kind::PipelineReview,
                Frequency::Biweekly,
                Weekday::Fri,
                time(11, 0),
                45,
            ),
            (
                Kind::ForecastReview,
                Frequency::Monthly(Nth::Last),
                Weekday::Thu,
                time(16, 0),
                60,
            ),
        ];
        for (kind, frequency, weekday, at, minutes) in team {
            rules.push(self.write_rule(None, first_day, kind, frequency, weekday, at, minutes)?);
        }
        for s in 0..self.sellers.len() {
            let starts_on = self.sellers[s].started_on;
            // Half-hour slots from 10:00 to 16:30, four days a week.
            let slot = s % 28;
            let weekday = days[slot / 7];
            let at = time(10 + (slot % 7) as u32, if s % 2 == 0 { 0 } else { 30 });
            let one_on_one = (Kind::OneOnOne, Frequency::Weekly, weekday, at, 30);
            let call_day = days[(slot / 7 + 2) % days.len()];
            // The newest sellers get a weekly joint call, the others one every two weeks.
            let calls = if s % 6 == 5 {
                Frequency::Weekly
            } else {
                Frequency::Biweekly
            };
            let joint = (Kind::JointCall, calls, call_day, time(14, 0), 45);
            let deal = (
                Kind::DealReview,
                Frequency::Monthly(Nth::Nth(1 + (s % 4) as u8)),
                Weekday::Fri,
                time(9 + (s % 8) as u32, 30),
                30,
            );
            for (kind, frequency, weekday, at, minutes) in [one_on_one, joint, deal] {
                rules.push(self.write_rule(
                    Some(s),
                    starts_on,
                    kind,
                    frequency,
                    weekday,
                    at,
                    minutes,
                )?);
            }
        }
        Ok(rules)
    }

    #[allow(clippy::too_many_arguments)]
    fn write_rule(
        &mut self,
        seller: Option<usize>,
        starts_on: NaiveDate,
        kind: Kind,
        frequency: Frequency,
        weekday: Weekday,
        at: NaiveTime,
        minutes: u32,
    ) -> rusqlite::Result<RuleRow> {
        self.tx
            .prepare_cached(
                "INSERT INTO cadence_rules (seller_id, kind, frequency, nth, weekday, local_time,
                                            minutes, time_zone, starts_on, effective_from)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                seller.map(|s| self.sellers[s].id),
                kind.key(),
                frequency.key(),
                frequency.nth().map(|n| n.to_i64()),
                weekday.num_days_from_monday(),
                time_to_sql(at),
                minutes,
                self.zone.name(),
                date_to_sql(starts_on),
                instant_to_sql(day_start(starts_on, self.zone)),
            ])?;
        Ok(RuleRow {
            id: self.tx.last_insert_rowid(),
            seller,
            kind,
            recurrence: Recurrence {
                frequency,
                weekday,
                time: at,
                starts_on,
                ends_on: None,
            },
            minutes,
        })
    }

    fn insert_meeting(
        &mut self,
        rule: Option<(&RuleRow, NaiveDate)>,
        seller: Option<usize>,
        kind: Kind,
        (starts, minutes): (DateTime<Utc>, u32),
        outcome: &Outcome,
    ) -> rusqlite::Result<i64> {
        let (status, cancel_reason, moved_to, moved_from) = match outcome {
            Outcome::Planned => ("planned", None, None, None),
            Outcome::Held => ("held", None, None, None),
            Outcome::Canceled(reason) => ("canceled", Some(*reason), None, None),
            Outcome::MovedTo(to) => ("rescheduled", None, Some(instant_to_sql(*to)), None),
            Outcome::MovedFrom { from, held } => (
                if *held { "held" } else { "planned" },
                None,
                None,
                Some(*from),
            ),
        };
        self.tx
            .prepare_cached(
                "INSERT INTO meetings (rule_id, occurs_on, seller_id, kind, starts_at, minutes,
                                       status, cancel_reason, rescheduled_to, rescheduled_from)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                rule.map(|(r, _)| r.id),
                rule.map(|(_, day)| date_to_sql(day)),
                seller.map(|s| self.sellers[s].id),
                kind.key(),
                instant_to_sql(starts),
                minutes,
                status,
                cancel_reason,
                moved_to,
                moved_from,
            ])?;
        self.counts.meetings += 1;
        Ok(self.tx.last_insert_rowid())
    }

    /// One occurrence and what became of it: held most of the time, sometimes canceled
    /// with a reason, missed, or moved to the next day.
    fn write_meeting(
        &mut self,
        rule: &RuleRow,
        starts: DateTime<Utc>,
        day: NaiveDate,
    ) -> rusqlite::Result<()> {
        let (seller, kind, minutes) = (rule.seller, rule.kind, rule.minutes);
        let occurrence = Some((rule, day));
        if starts >= self.now {
            let planned = &Outcome::Planned;
            self.insert_meeting(occurrence, seller, kind, (starts, minutes), planned)?;
            return Ok(());
        }
        let roll: f64 = self.rng.r#gen();
        // (held, canceled, missed); what is left is moved.
        let (held, canceled, missed) = match kind {
            Kind::OneOnOne => (0.80, 0.09, 0.04),
            Kind::JointCall => (0.82, 0.10, 0.05),
            _ => (0.90, 0.07, 0.02),
        };
        let outcome = if roll < held {
            Outcome::Held
        } else if roll < held + canceled {
            Outcome::Canceled(self.pick(&SAMPLE_CANCEL_REASONS))
        } else if roll < held + canceled + missed {
            // Missed: left planned on a day that has passed.
            Outcome::Planned
        } else {
            Outcome::MovedTo(starts + TimeDelta::days(1))
        };
        let id = self.insert_meeting(occurrence, seller, kind, (starts, minutes), &outcome)?;
        match outcome {
            Outcome::Held => self.after_held(id, seller, kind, starts, minutes),
            Outcome::MovedTo(to) => {
                let held = to < self.now;
                let moved = Outcome::MovedFrom { from: id, held };
                let new_id = self.insert_meeting(None, seller, kind, (to, minutes), &moved)?;
                if held {
                    self.after_held(new_id, seller, kind, to, minutes)?;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn after_held(
        &mut self,
        meeting: i64,
        seller: Option<usize>,
        kind: Kind,
        starts: DateTime<Utc>,
        minutes: u32,
    ) -> rusqlite::Result<()> {
        match (kind, seller) {
            (Kind::OneOnOne, Some(s)) => self.land_one_on_one(meeting, s, starts),
            (Kind::JointCall, Some(s)) => self.score_call(meeting, s, starts, minutes),
            _ => Ok(()),
        }
    }

    /// A landed 1:1: its purpose, an agenda assembled as the cockpit does, notes per item,
    /// the time spent, the actions agreed and the seller's rating.
    fn land_one_on_one(
        &mut self,
        meeting: i64,
        s: usize,
        starts: DateTime<Utc>,
    ) -> rusqlite::Result<()> {
        let day = starts.with_timezone(&self.zone).date_naive();
        let purpose = match self.rng.gen_range(0..20) {
            0..=6 => Purpose::Coaching,
            7..=11 => Purpose::Pipeline,
            12..=16 => Purpose::Forecast,
            _ => Purpose::Deal,
        };
        // Now and then a second purpose, which the cockpit flags.
        let mut purposes = vec![purpose];
        if self.rng.gen_bool(0.03) && purpose != Purpose::Deal {
            purposes.push(Purpose::Deal);
        }
        let templates: Vec<Template> = purposes
            .iter()
            .filter_map(|p| self.templates.iter().find(|(q, _)| q == p))
            .map(|(_, t)| t.clone())
            .collect();
        let seller_items: Vec<String> = if self.rng.gen_bool(0.12) {
            vec![self.phrase(&SELLER_ITEMS)]
        } else {
            Vec::new()
        };
        for title in &seller_items {
            self.tx
                .prepare_cached(
                    "INSERT INTO agenda_requests (seller_id, title, added_at, used_in)
                     VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![
                    self.sellers[s].id,
                    title,
                    instant_to_sql(starts - TimeDelta::days(2)),
                    meeting
                ])?;
        }
        self.sellers[s]
            .open_until
            .retain(|c| c.is_none_or(|c| c > starts));
        let open = self.sellers[s].open_until.len();
        let leftovers = std::mem::take(&mut self.sellers[s].leftovers);
        // Open items the manager brought to this 1:1.
        let follow_ups: Vec<String> = (0..self.rng.gen_range(0..=2).min(open))
            .map(|_| super::follow_up_title(&self.phrase(&ACTIONS)))
            .collect();
        let mut items = agenda::assemble(&seller_items, &leftovers, open, &follow_ups, &templates);
        if self.rng.gen_bool(0.4) {
            let title = self.phrase(&ADDED_ITEMS);
            items.push(agenda::DraftItem {
                title,
                minutes: 10,
                owner: Owner::Manager,
                source: Source::Added,
                carried_from: None,
                carried_count: 0,
            });
        }
        let mut banked = 0i64;
        for (position, item) in items.iter().enumerate() {
            // Items that could be carried are sometimes left for next time, up to three times.
            let carriable = !matches!(item.source, Source::Actions | Source::Template);
            let done = !(carriable && item.carried_count < 3 && self.rng.gen_bool(0.25));
            if !done {
                self.sellers[s].leftovers.push(Leftover {
                    title: item.title.clone(),
                    minutes: item.minutes,
                    owner: item.owner,
                    from: day,
                    carried: item.carried_count,
                });
            }
            let booked = if done {
                i64::from(item.minutes) * 60_000 + self.rng.gen_range(-45_000..90_000)
            } else {
                0
            };
            banked += booked;
            let notes = if done && self.rng.gen_bool(0.7) {
                let sentences = self.rng.gen_range(1..=3);
                (0..sentences)
                    .map(|_| self.phrase(&NOTES))
                    .collect::<Vec<_>>()
                    .join(" ")
            } else {
                String::new()
            };
            let private = if done && self.rng.gen_bool(0.15) {
                self.pick(&PRIVATE_NOTES).to_string()
            } else {
                String::new()
            };
            self.tx
                .prepare_cached(
                    "INSERT INTO agenda_items (meeting_id, position, title, minutes, owner,
                       source, carried_from, carried_count, done, booked_ms, notes,
                       private_notes)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                )?
                .execute(params![
                    meeting,
                    position as i64 + 1,
                    item.title,
                    item.minutes,
                    item.owner.key(),
                    item.source.key(),
                    item.carried_from.map(date_to_sql),
                    item.carried_count,
                    done,
                    booked.max(0),
                    notes,
                    private,
                ])?;
            self.counts.agenda_items += 1;
        }
        let banked = banked.max(60_000);
        let ended = starts + TimeDelta::milliseconds(banked);
        // Now and then "no actions", as an explicit choice.
        let actions =
            self.rng.gen_range(0..=6usize).clamp(1, 5) * usize::from(!self.rng.gen_bool(0.05));
        for _ in 0..actions {
            let title = self.phrase(&ACTIONS);
            let owner = if self.rng.gen_bool(0.75) {
                Owner::Seller
            } else {
                Owner::Manager
            };
            let due = day + Days::new(self.rng.gen_range(2..=21));
            self.write_action(s, &title, owner, Some(due), Some(meeting), ended)?;
        }
        let rating = match self.rng.gen_range(0..20) {
            0 => 2,
            1..=4 => 3,
            5..=13 => 4,
            _ => 5,
        };
        let comment = self.rng.gen_bool(0.3).then(|| self.pick(&RATING_COMMENTS));
        self.tx
            .prepare_cached(
                "INSERT INTO one_on_ones (meeting_id, purposes, state, banked_ms, no_actions,
                   rating, rating_comment, ended_at, actual_minutes)
                 VALUES (?1, ?2, 'landed', ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                meeting,
                agenda::purposes_to_text(&purposes),
                banked,
                actions == 0,
                rating,
                comment,
                instant_to_sql(ended),
                (banked / 1000 + 30) / 60,
            ])?;
        // The tracker's everyday life: now and then an item added between meetings.
        if self.rng.gen_bool(0.6) {
            let title = self.phrase(&ACTIONS);
            let added = starts + TimeDelta::hours(self.rng.gen_range(24..96));
            if added < self.now {
                let due = self
                    .rng
                    .gen_bool(0.9)
                    .then(|| day + Days::new(self.rng.gen_range(3..=28)));
                self.write_action(s, &title, Owner::Manager, due, None, added)?;
            }
        }
        Ok(())
    }

    /// An action item and its fate as of now: most done, some dropped, and a few still
    /// open, overdue ones among them. Closings go to the journal, as the tracker writes them.
    fn write_action(
        &mut self,
        s: usize,
        title: &str,
        owner: Owner,
        due: Option<NaiveDate>,
        meeting: Option<i64>,
        created: DateTime<Utc>,
    ) -> rusqlite::Result<i64> {
        let created_day = created.with_timezone(&self.zone).date_naive();
        let age = (self.today - created_day).num_days();
        let p_open = match due {
            Some(due) if due >= self.today => 0.85,
            _ if age <= 60 => 0.25,
            _ => 0.003,
        };
        let roll: f64 = self.rng.r#gen();
        let (status, drop_reason) = if roll < p_open {
            ("open", None)
        } else if roll < p_open + (1.0 - p_open) * 0.1 {
            ("dropped", Some(self.pick(&DROP_REASONS)))
        } else {
            ("done", None)
        };
        let closed_at = (status != "open").then(|| {
            let by = due.unwrap_or(created_day + Days::new(14));
            let span = (by - created_day).num_days().max(0) + 4;
            let at = created
                + TimeDelta::days(self.rng.gen_range(0..=span))
                + TimeDelta::minutes(self.rng.gen_range(10..600));
            if at < self.now {
                at
            } else {
                created + (self.now - created) / 2
            }
        });
        let uuid = self.uuid();
        let row = Stored {
            seller_id: self.sellers[s].id,
            title: title.to_string(),
            owner: owner.key().to_string(),
            due_on: due.map(date_to_sql),
            status: status.to_string(),
            meeting_id: meeting,
            created_at: instant_to_sql(created),
            closed_at: closed_at.map(instant_to_sql),
            drop_reason: drop_reason.map(str::to_string),
            uuid: Some(uuid),
        };
        // Ids in order from 1: the database is empty, and the tracker writes rows this way.
        let id = self.counts.action_items as i64 + 1;
        super::actions::put_row(self.tx, id, &row)?;
        self.counts.action_items += 1;
        self.sellers[s].open_until.push(closed_at);
        let opened = Stored {
            status: "open".into(),
            closed_at: None,
            drop_reason: None,
            ..row.clone()
        };
        if meeting.is_none() {
            self.changes.push(Change {
                at: created,
                action_id: id,
                what: "add",
                before: None,
                after: opened.clone(),
            });
        }
        if let Some(at) = closed_at {
            let what = if status == "done" { "done" } else { "drop" };
            self.changes.push(Change {
                at,
                action_id: id,
                what,
                before: Some(opened),
                after: row,
            });
        }
        Ok(id)
    }

    /// A random (version 4) uuid in its usual text form, from the seeded generator.
    fn uuid(&mut self) -> String {
        let mut b: [u8; 16] = self.rng.r#gen();
        b[6] = (b[6] & 0x0f) | 0x40;
        b[8] = (b[8] & 0x3f) | 0x80;
        let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
        format!(
            "{}-{}-{}-{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..32]
        )
    }

    /// A scored joint call: a mark per criterion around the seller's level (which grows with
    /// time), timestamped observations, a strength, a focus area and often a coaching action.
    fn score_call(
        &mut self,
        meeting: i64,
        s: usize,
        starts: DateTime<Utc>,
        minutes: u32,
    ) -> rusqlite::Result<()> {
        if self.rubrics.is_empty() {
            for text in &rubric::BUILTIN[..3] {
                // The built-in rubrics are compiled in and checked by their own tests.
                let Ok(rubric) = rubric::parse_rubric(text) else {
                    continue;
                };
                let body = serde_json::to_string(&rubric).unwrap_or_default();
                self.tx
                    .prepare_cached(
                        "INSERT INTO rubric_versions (rubric_id, version, body) VALUES (?1, ?2, ?3)",
                    )?
                    .execute(params![rubric.id, rubric.version, body])?;
                self.rubrics.push((self.tx.last_insert_rowid(), rubric));
            }
        }
        if self.rubrics.is_empty() {
            return Ok(());
        }
        let which = match self.rng.gen_range(0..20) {
            0..=11 => 0,
            12..=16 => 1,
            _ => 2,
        }
        .min(self.rubrics.len() - 1);
        let (version, rubric) = self.rubrics[which].clone();
        let seller = &self.sellers[s];
        let years = (starts.with_timezone(&self.zone).date_naive() - seller.started_on).num_days()
            as f64
            / 365.0;
        let level = seller.skill + seller.growth * years;
        let mut marks = BTreeMap::new();
        for c in rubric.active() {
            let mark = if self.rng.gen_bool(0.08) {
                Mark::NotObserved
            } else {
                let l = (level + self.rng.gen_range(-1.2..1.2))
                    .round()
                    .clamp(1.0, 5.0);
                Mark::Level(l as u8)
            };
            marks.insert(c.key.clone(), mark);
        }
        let score = rubric::weighted_score(&rubric, &marks);
        let levels = || {
            marks.iter().filter_map(|(k, m)| match m {
                Mark::Level(l) => Some((k.clone(), *l)),
                Mark::NotObserved => None,
            })
        };
        let strength = levels().max_by_key(|(_, l)| *l).map(|(k, _)| k);
        let focus = levels().min_by_key(|(_, l)| *l).map(|(k, _)| k);
        let finished = starts + TimeDelta::minutes(i64::from(minutes));
        let action = match focus.as_deref().and_then(|k| rubric.criterion(k)) {
            Some(c) if self.rng.gen_bool(0.5) => {
                let title = format!("Practise before the next call: {}", c.name);
                let due = finished.with_timezone(&self.zone).date_naive() + Days::new(14);
                Some(self.write_action(
                    s,
                    &title,
                    Owner::Seller,
                    Some(due),
                    Some(meeting),
                    finished,
                )?)
            }
            _ => None,
        };
        self.tx
            .prepare_cached(
                "INSERT INTO scorecards (seller_id, rubric, meeting_id, started_at, state,
                   took_over, score, strength, focus, finished_at, action_id)
                 VALUES (?1, ?2, ?3, ?4, 'finished', ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                self.sellers[s].id,
                version,
                meeting,
                instant_to_sql(starts),
                self.rng.gen_bool(0.05),
                score,
                strength,
                focus,
                instant_to_sql(finished),
                action,
            ])?;
        let card = self.tx.last_insert_rowid();
        self.counts.scorecards += 1;
        for (key, mark) in &marks {
            let evidence = if self.rng.gen_bool(0.35) {
                self.pick(&EVIDENCE)
            } else {
                ""
            };
            self.tx
                .prepare_cached(
                    "INSERT INTO scores (scorecard_id, criterion, mark, evidence)
                     VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![card, key, mark.to_stored(), evidence])?;
        }
        let keys: Vec<&String> = marks.keys().collect();
        let mut at = 0;
        for _ in 0..self.rng.gen_range(2..=4) {
            at += self.rng.gen_range(60..i64::from(minutes) * 15);
            let key = keys[self.rng.gen_range(0..keys.len())];
            let text = self.pick(&OBSERVATIONS);
            self.tx
                .prepare_cached(
                    "INSERT INTO observations (scorecard_id, criterion, at_seconds, text)
                     VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![card, key, at, text])?;
        }
        Ok(())
    }

    /// Items some sellers put on their next 1:1 beforehand.
    fn write_open_requests(&mut self) -> rusqlite::Result<()> {
        for s in 0..self.sellers.len() {
            if self.rng.gen_bool(0.15) {
                let title = self.phrase(&SELLER_ITEMS);
                let added = self.now - TimeDelta::hours(self.rng.gen_range(1..72));
                self.tx
                    .prepare_cached(
                        "INSERT INTO agenda_requests (seller_id, title, added_at) VALUES (?1, ?2, ?3)",
                    )?
                    .execute(params![self.sellers[s].id, title, instant_to_sql(added)])?;
            }
        }
        Ok(())
    }

    /// The tracker's journal in time order, one undo step per change, as if each had been
    /// made on its day.
    fn write_journal(&mut self) -> rusqlite::Result<()> {
        let mut changes = std::mem::take(&mut self.changes);
        changes.sort_by_key(|c| (c.at, c.action_id));
        for (step, c) in changes.iter().enumerate() {
            self.tx
                .prepare_cached(
                    "INSERT INTO action_changes (step, action_id, at, what, before, after)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?
                .execute(params![
                    step as i64 + 1,
                    c.action_id,
                    instant_to_sql(c.at),
                    c.what,
                    c.before.as_ref().map(to_json),
                    to_json(&c.after),
                ])?;
        }
        Ok(())
    }
}
