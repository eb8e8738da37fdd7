//! The whole database as one versioned JSON document (`cadence export json`, `cadence import
//! json`): one typed struct per table, named and laid out as the table's columns, and the
//! checks a document passes before anything is written. Pure: no SQL, no files, no clock.
//!
//! A column added by a later migration becomes a field here (with `#[serde(default)]`, so
//! documents written before it still import) and a column in `store::dump`; a test there
//! fails until both know every column of every table.

use crate::domain::agenda::Purpose;
use crate::domain::kind::Kind;
use crate::domain::limits;
use crate::domain::rubric::{self, Rubric};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::collections::{HashMap, HashSet};

/// The version of this document's layout, in its `cadence_export` field.
pub const FORMAT: i64 = 1;

/// Everything the manager keeps in cadence. `app_state` (whether the cockpit closed cleanly)
/// is not here: it describes this file's last session, not the team.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub cadence_export: i64,
    /// `PRAGMA user_version` of the database it was read from.
    pub schema: i64,
    pub exported_at: String,
    /// The id calendar exports put in every event's UID (schema 5), so a calendar that
    /// imported them updates the same events after a move to another machine.
    #[serde(default)]
    pub calendar_id: Option<String>,
    pub sellers: Vec<Seller>,
    pub cadence_rules: Vec<CadenceRule>,
    pub meetings: Vec<Meeting>,
    pub one_on_ones: Vec<OneOnOne>,
    pub agenda_items: Vec<AgendaItem>,
    pub agenda_requests: Vec<AgendaRequest>,
    /// The largest action item id ever given (ids of deleted items are never reused, so the
    /// change journal can only ever mean one item).
    pub action_items_last_id: i64,
    pub action_items: Vec<ActionItem>,
    pub action_changes: Vec<ActionChange>,
    pub rubric_versions: Vec<RubricVersion>,
    pub scorecards: Vec<Scorecard>,
    pub scores: Vec<Score>,
    pub observations: Vec<Observation>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seller {
    pub id: i64,
    pub name: String,
    pub started_on: String,
    pub motivation: String,
    /// From schema 5 (a roster's email); older documents have none.
    #[serde(default)]
    pub email: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CadenceRule {
    pub id: i64,
    pub seller_id: Option<i64>,
    pub kind: String,
    pub frequency: String,
    pub nth: Option<i64>,
    pub weekday: i64,
    pub local_time: String,
    pub minutes: i64,
    pub time_zone: String,
    pub starts_on: String,
    pub ends_on: Option<String>,
    pub effective_from: String,
    pub effective_until: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    pub id: i64,
    pub rule_id: Option<i64>,
    pub occurs_on: Option<String>,
    pub seller_id: Option<i64>,
    pub kind: String,
    pub starts_at: String,
    pub minutes: i64,
    pub status: String,
    pub cancel_reason: Option<String>,
    pub rescheduled_to: Option<String>,
    pub rescheduled_from: Option<i64>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OneOnOne {
    pub meeting_id: i64,
    pub purposes: String,
    pub state: String,
    pub banked_ms: i64,
    pub running_since: Option<String>,
    pub current_item: Option<i64>,
    pub no_actions: bool,
    pub rating: Option<i64>,
    pub rating_comment: Option<String>,
    pub ended_at: Option<String>,
    pub actual_minutes: Option<i64>,
    /// The landing as entered so far, exactly as the cockpit saved it.
    pub landing_draft: Option<Box<RawValue>>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgendaItem {
    pub id: i64,
    pub meeting_id: i64,
    pub position: i64,
    pub title: String,
    pub minutes: i64,
    pub owner: String,
    pub source: String,
    pub carried_from: Option<String>,
    pub carried_count: i64,
    pub done: bool,
    pub booked_ms: i64,
    pub notes: String,
    pub private_notes: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgendaRequest {
    pub id: i64,
    pub seller_id: i64,
    pub title: String,
    pub added_at: String,
    pub used_in: Option<i64>,
    pub action_id: Option<i64>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionItem {
    pub id: i64,
    pub seller_id: i64,
    pub title: String,
    pub owner: String,
    pub due_on: Option<String>,
    pub status: String,
    pub meeting_id: Option<i64>,
    pub created_at: String,
    pub closed_at: Option<String>,
    pub drop_reason: Option<String>,
    /// From schema 5 (kept by taskwarrior and todo.txt); an older document's items are
    /// given one as they are written.
    #[serde(default)]
    pub uuid: Option<String>,
}

/// One journaled change of an action item; `before` and `after` are the item as it was
/// and became, exactly as the journal keeps them.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionChange {
    pub id: i64,
    pub step: Option<i64>,
    pub action_id: i64,
    pub at: String,
    pub what: String,
    pub before: Option<Box<RawValue>>,
    pub after: Box<RawValue>,
    pub undone: bool,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RubricVersion {
    pub id: i64,
    pub rubric_id: String,
    pub version: i64,
    /// The rubric as scored with, exactly as stored.
    pub body: Box<RawValue>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scorecard {
    pub id: i64,
    pub seller_id: i64,
    /// The id of the rubric version it was scored with.
    pub rubric: i64,
    pub meeting_id: Option<i64>,
    pub assessor: String,
    pub started_at: String,
    pub state: String,
    pub took_over: bool,
    pub score: Option<f64>,
    pub strength: Option<String>,
    pub focus: Option<String>,
    pub finished_at: Option<String>,
    pub action_id: Option<i64>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Score {
    pub scorecard_id: i64,
    pub criterion: String,
    pub mark: Option<i64>,
    pub evidence: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Observation {
    pub id: i64,
    pub scorecard_id: i64,
    pub criterion: String,
    pub at_seconds: i64,
    pub text: String,
}

impl Document {
    /// How many rows of each kind, in words: "8 sellers, 130 meetings, ...".
    pub fn summary(&self) -> String {
        [
            (self.sellers.len(), "sellers"),
            (self.cadence_rules.len(), "cadence rules"),
            (self.meetings.len(), "meetings"),
            (self.one_on_ones.len(), "1:1s"),
            (self.agenda_items.len(), "agenda items"),
            (self.agenda_requests.len(), "agenda requests"),
            (self.action_items.len(), "action items"),
            (self.action_changes.len(), "action changes"),
            (self.rubric_versions.len(), "rubric versions"),
            (self.scorecards.len(), "scorecards"),
            (self.scores.len(), "scores"),
            (self.observations.len(), "observations"),
        ]
        .iter()
        .map(|(n, what)| format!("{n} {what}"))
        .collect::<Vec<_>>()
        .join(", ")
    }
}

/// Just the markers, read before the rest so a newer document is refused for what it is
/// rather than for a field this version does not know.
#[derive(Deserialize)]
struct Header {
    cadence_export: Option<serde_json::Value>,
    schema: Option<serde_json::Value>,
}

/// Reads and checks a document: JSON syntax (with line and column), the version markers,
/// every field's type (with its place, such as `meetings[3].minutes`), then everything the
/// schema's constraints and cadence's readers require. `schema` is the newest this binary
/// knows. The error is one line.
pub fn parse(text: &str, schema: i64) -> Result<Document, String> {
    read(text, schema).map_err(|problem| crate::text::one_line(&problem).into_owned())
}

fn read(text: &str, schema: i64) -> Result<Document, String> {
    let header: Header = serde_json::from_str(text).map_err(|e| positioned(&e, ""))?;
    let not_ours =
        || "this is not a cadence export (it has no \"cadence_export\": 1 marker)".to_string();
    let format = header
        .cadence_export
        .ok_or_else(not_ours)?
        .as_i64()
        .ok_or_else(not_ours)?;
    if format > FORMAT {
        return Err(format!(
            "it was written by a newer cadence (export format {format}, this one reads up to \
             {FORMAT}): upgrade cadence to import it"
        ));
    }
    if let Some(found) = header.schema.as_ref().and_then(|s| s.as_i64())
        && found > schema
    {
        return Err(format!(
            "it was written by a newer cadence (schema {found}, this one knows up to {schema}): \
             upgrade cadence to import it"
        ));
    }
    if format < 1 {
        return Err(not_ours());
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let document: Document = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| positioned(e.inner(), &format!("{}: ", e.path())))?;
    de.end().map_err(|e| positioned(&e, ""))?;
    validate(&document)?;
    Ok(document)
}

/// "line L, column C: {place}{message}".
fn positioned(e: &serde_json::Error, place: &str) -> String {
    format!(
        "line {}, column {}: {place}{}",
        e.line(),
        e.column(),
        without_position(e)
    )
}

/// serde_json's message without its " at line L column C", which we put first.
fn without_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    text.strip_suffix(&suffix).unwrap_or(&text).to_string()
}

const MEETING_STATUSES: [&str; 4] = ["planned", "held", "canceled", "rescheduled"];
const FREQUENCIES: [&str; 4] = ["weekly", "biweekly", "monthly", "quarterly"];
const OWNERS: [&str; 2] = ["seller", "manager"];
const SOURCES: [&str; 5] = ["seller", "carried", "actions", "template", "added"];
const ACTION_STATUSES: [&str; 3] = ["open", "done", "dropped"];

/// Everything the schema's CHECKs, keys and references require, and the forms cadence's
/// readers expect (dates, instants, kinds, rubrics), so an import cannot leave a row the
/// cockpit cannot show. Returns the first problem, named by its place.
pub fn validate(d: &Document) -> Result<(), String> {
    if let Some(id) = &d.calendar_id
        && (id.len() != 16 || !id.chars().all(|c| c.is_ascii_hexdigit()))
    {
        return Err(format!("calendar_id: '{id}' is not 16 hexadecimal digits"));
    }
    let sellers = ids("sellers", d.sellers.iter().map(|r| r.id))?;
    let rules = ids("cadence_rules", d.cadence_rules.iter().map(|r| r.id))?;
    let meetings = ids("meetings", d.meetings.iter().map(|r| r.id))?;
    ids("agenda_items", d.agenda_items.iter().map(|r| r.id))?;
    ids("agenda_requests", d.agenda_requests.iter().map(|r| r.id))?;
    let actions = ids("action_items", d.action_items.iter().map(|r| r.id))?;
    ids("action_changes", d.action_changes.iter().map(|r| r.id))?;
    let rubrics = ids("rubric_versions", d.rubric_versions.iter().map(|r| r.id))?;
    let scorecards = ids("scorecards", d.scorecards.iter().map(|r| r.id))?;
    ids("observations", d.observations.iter().map(|r| r.id))?;

    let mut names = HashMap::new();
    for (i, r) in d.sellers.iter().enumerate() {
        let at = Place::new("sellers", i);
        at.not_blank("name", &r.name)?;
        at.fits("name", &r.name, limits::SELLER_NAME)?;
        at.fits("motivation", &r.motivation, limits::MOTIVATION)?;
        at.fits("email", r.email.as_deref().unwrap_or(""), limits::EMAIL)?;
        // The column is COLLATE NOCASE, which folds ASCII letters only.
        if let Some(first) = names.insert(r.name.to_ascii_lowercase(), i) {
            return Err(at.problem(
                "name",
                &format!("'{}' is already the name of sellers[{first}]", r.name),
            ));
        }
        at.date("started_on", Some(&r.started_on))?;
    }

    let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.key()).collect();
    for (i, r) in d.cadence_rules.iter().enumerate() {
        let at = Place::new("cadence_rules", i);
        at.refers("seller_id", r.seller_id, &sellers, "sellers")?;
        at.one_of("kind", &r.kind, &kinds)?;
        at.one_of("frequency", &r.frequency, &FREQUENCIES)?;
        if let Some(nth) = r.nth
            && !(nth == -1 || (1..=5).contains(&nth))
        {
            return Err(at.problem("nth", &format!("{nth} is not -1 (the last) or 1 to 5")));
        }
        at.within("weekday", r.weekday, 0, 6)?;
        at.time("local_time", &r.local_time)?;
        at.positive("minutes", r.minutes)?;
        if r.time_zone.parse::<crate::zone::Zone>().is_err() {
            return Err(at.problem(
                "time_zone",
                &format!(
                    "'{}' is not an IANA time zone (such as Europe/Berlin)",
                    r.time_zone
                ),
            ));
        }
        at.date("starts_on", Some(&r.starts_on))?;
        at.date("ends_on", r.ends_on.as_deref())?;
        at.instant("effective_from", Some(&r.effective_from))?;
        at.instant("effective_until", r.effective_until.as_deref())?;
    }

    let mut occurrences = HashMap::new();
    for (i, r) in d.meetings.iter().enumerate() {
        let at = Place::new("meetings", i);
        at.refers("rule_id", r.rule_id, &rules, "cadence_rules")?;
        at.date("occurs_on", r.occurs_on.as_deref())?;
        if let (Some(rule), Some(day)) = (r.rule_id, &r.occurs_on)
            && let Some(first) = occurrences.insert((rule, day.clone()), i)
        {
            return Err(at.problem(
                "occurs_on",
                &format!("meetings[{first}] is already rule {rule}'s meeting on {day}"),
            ));
        }
        at.refers("seller_id", r.seller_id, &sellers, "sellers")?;
        at.one_of("kind", &r.kind, &kinds)?;
        at.instant("starts_at", Some(&r.starts_at))?;
        at.positive("minutes", r.minutes)?;
        at.one_of("status", &r.status, &MEETING_STATUSES)?;
        at.fits(
            "cancel_reason",
            r.cancel_reason.as_deref().unwrap_or(""),
            limits::REASON,
        )?;
        if r.status == "canceled" && r.cancel_reason.as_deref().is_none_or(is_blank) {
            return Err(at.problem("cancel_reason", "a canceled meeting needs its reason"));
        }
        if r.status == "rescheduled" && r.rescheduled_to.is_none() {
            return Err(at.problem(
                "rescheduled_to",
                "a rescheduled meeting needs the instant it moved to",
            ));
        }
        at.instant("rescheduled_to", r.rescheduled_to.as_deref())?;
        at.refers(
            "rescheduled_from",
            r.rescheduled_from,
            &meetings,
            "meetings",
        )?;
    }

    let purposes: Vec<&str> = Purpose::ALL.iter().map(|p| p.key()).collect();
    let mut one_on_ones = HashMap::new();
    for (i, r) in d.one_on_ones.iter().enumerate() {
        let at = Place::new("one_on_ones", i);
        at.refers("meeting_id", Some(r.meeting_id), &meetings, "meetings")?;
        if let Some(first) = one_on_ones.insert(r.meeting_id, i) {
            return Err(at.problem(
                "meeting_id",
                &format!("one_on_ones[{first}] is already meeting {}'s", r.meeting_id),
            ));
        }
        for purpose in r.purposes.split(',').filter(|p| !p.is_empty()) {
            at.one_of("purposes", purpose, &purposes)?;
        }
        at.one_of("state", &r.state, &["live", "landed"])?;
        at.within("banked_ms", r.banked_ms, 0, i64::MAX)?;
        at.instant("running_since", r.running_since.as_deref())?;
        if let Some(rating) = r.rating {
            at.within("rating", rating, 1, 5)?;
        } else if r.state == "landed" {
            return Err(at.problem("rating", "a landed 1:1 needs its rating (1 to 5)"));
        }
        at.instant("ended_at", r.ended_at.as_deref())?;
        if let Some(draft) = &r.landing_draft {
            at.object("landing_draft", draft, "the landing")?;
        }
    }

    for (i, r) in d.agenda_items.iter().enumerate() {
        let at = Place::new("agenda_items", i);
        at.refers("meeting_id", Some(r.meeting_id), &meetings, "meetings")?;
        at.not_blank("title", &r.title)?;
        at.fits("title", &r.title, limits::AGENDA_TITLE)?;
        at.positive("minutes", r.minutes)?;
        at.one_of("owner", &r.owner, &OWNERS)?;
        at.one_of("source", &r.source, &SOURCES)?;
        at.date("carried_from", r.carried_from.as_deref())?;
        at.within("booked_ms", r.booked_ms, 0, i64::MAX)?;
    }

    for (i, r) in d.agenda_requests.iter().enumerate() {
        let at = Place::new("agenda_requests", i);
        at.refers("seller_id", Some(r.seller_id), &sellers, "sellers")?;
        at.not_blank("title", &r.title)?;
        at.fits("title", &r.title, limits::AGENDA_TITLE)?;
        at.instant("added_at", Some(&r.added_at))?;
        at.refers("used_in", r.used_in, &meetings, "meetings")?;
        at.refers("action_id", r.action_id, &actions, "action_items")?;
    }

    let highest = actions.iter().copied().max().unwrap_or(0);
    if d.action_items_last_id < highest {
        return Err(format!(
            "action_items_last_id: {} is below action item id {highest}",
            d.action_items_last_id
        ));
    }
    let mut uuids = HashMap::new();
    for (i, r) in d.action_items.iter().enumerate() {
        let at = Place::new("action_items", i);
        at.refers("seller_id", Some(r.seller_id), &sellers, "sellers")?;
        if let Some(uuid) = &r.uuid {
            if !crate::interchange::is_uuid(uuid) {
                return Err(at.problem("uuid", &format!("'{uuid}' is not a uuid")));
            }
            if let Some(first) = uuids.insert(uuid.to_ascii_lowercase(), i) {
                return Err(at.problem(
                    "uuid",
                    &format!("'{uuid}' is already the uuid of action_items[{first}]"),
                ));
            }
        }
        at.not_blank("title", &r.title)?;
        at.fits("title", &r.title, limits::ACTION_TITLE)?;
        at.fits(
            "drop_reason",
            r.drop_reason.as_deref().unwrap_or(""),
            limits::REASON,
        )?;
        at.one_of("owner", &r.owner, &OWNERS)?;
        at.date("due_on", r.due_on.as_deref())?;
        at.one_of("status", &r.status, &ACTION_STATUSES)?;
        at.refers("meeting_id", r.meeting_id, &meetings, "meetings")?;
        at.instant("created_at", Some(&r.created_at))?;
        at.instant("closed_at", r.closed_at.as_deref())?;
        if (r.status == "open") != r.closed_at.is_none() {
            return Err(at.problem(
                "closed_at",
                "an open item has no closed_at, and a done or dropped one has one",
            ));
        }
    }

    for (i, r) in d.action_changes.iter().enumerate() {
        let at = Place::new("action_changes", i);
        // The journal outlives items whose addition was undone, so it need not find the
        // item; but it can only mean an id that was given.
        at.within("action_id", r.action_id, 1, d.action_items_last_id.max(1))?;
        at.instant("at", Some(&r.at))?;
        if let Some(before) = &r.before {
            at.object("before", before, "the action item")?;
        }
        at.object("after", &r.after, "the action item")?;
    }

    let mut versions = HashMap::new();
    for (i, r) in d.rubric_versions.iter().enumerate() {
        let at = Place::new("rubric_versions", i);
        at.not_blank("rubric_id", &r.rubric_id)?;
        at.within("version", r.version, 1, i64::from(u32::MAX))?;
        if let Some(first) = versions.insert((r.rubric_id.clone(), r.version), i) {
            return Err(at.problem(
                "version",
                &format!(
                    "rubric_versions[{first}] is already '{}' version {}",
                    r.rubric_id, r.version
                ),
            ));
        }
        let rubric: Rubric = serde_json::from_str(r.body.get())
            .map_err(|e| at.problem("body", &format!("not a rubric: {}", without_position(&e))))?;
        rubric::check(&rubric).map_err(|why| at.problem("body", &why))?;
        if rubric.id != r.rubric_id || i64::from(rubric.version) != r.version {
            return Err(at.problem(
                "body",
                &format!(
                    "it is '{}' version {}, not '{}' version {}",
                    rubric.id, rubric.version, r.rubric_id, r.version
                ),
            ));
        }
    }

    for (i, r) in d.scorecards.iter().enumerate() {
        let at = Place::new("scorecards", i);
        at.refers("seller_id", Some(r.seller_id), &sellers, "sellers")?;
        at.refers("rubric", Some(r.rubric), &rubrics, "rubric_versions")?;
        at.refers("meeting_id", r.meeting_id, &meetings, "meetings")?;
        at.instant("started_at", Some(&r.started_at))?;
        at.one_of("state", &r.state, &["live", "finished"])?;
        at.instant("finished_at", r.finished_at.as_deref())?;
        if r.state == "finished" && r.finished_at.is_none() {
            return Err(at.problem("finished_at", "a finished scorecard needs it"));
        }
        at.refers("action_id", r.action_id, &actions, "action_items")?;
    }

    let mut marked = HashMap::new();
    for (i, r) in d.scores.iter().enumerate() {
        let at = Place::new("scores", i);
        at.refers(
            "scorecard_id",
            Some(r.scorecard_id),
            &scorecards,
            "scorecards",
        )?;
        if let Some(first) = marked.insert((r.scorecard_id, r.criterion.clone()), i) {
            return Err(at.problem(
                "criterion",
                &format!(
                    "scores[{first}] already scores '{}' on scorecard {}",
                    r.criterion, r.scorecard_id
                ),
            ));
        }
        if let Some(mark) = r.mark {
            at.within("mark", mark, 0, 5)?;
        }
    }

    for (i, r) in d.observations.iter().enumerate() {
        let at = Place::new("observations", i);
        at.refers(
            "scorecard_id",
            Some(r.scorecard_id),
            &scorecards,
            "scorecards",
        )?;
        at.within("at_seconds", r.at_seconds, 0, i64::MAX)?;
        at.not_blank("text", &r.text)?;
    }
    Ok(())
}

/// A table's ids, each positive and given once.
fn ids(table: &str, all: impl Iterator<Item = i64>) -> Result<HashSet<i64>, String> {
    let mut seen = HashMap::new();
    for (i, id) in all.enumerate() {
        let at = Place::new(table, i);
        at.within("id", id, 1, i64::MAX)?;
        if let Some(first) = seen.insert(id, i) {
            return Err(at.problem("id", &format!("{id} is already {table}[{first}]'s id")));
        }
    }
    Ok(seen.into_keys().collect())
}

fn is_blank(text: &str) -> bool {
    text.trim().is_empty()
}

/// A row of the document, to name in a problem: `meetings[12]`.
struct Place<'a> {
    table: &'a str,
    index: usize,
}

impl<'a> Place<'a> {
    fn new(table: &'a str, index: usize) -> Self {
        Place { table, index }
    }

    fn problem(&self, field: &str, what: &str) -> String {
        format!("{}[{}].{field}: {what}", self.table, self.index)
    }

    fn one_of(&self, field: &str, value: &str, allowed: &[&str]) -> Result<(), String> {
        if allowed.contains(&value) {
            Ok(())
        } else {
            Err(self.problem(
                field,
                &format!("'{value}' is not one of {}", allowed.join(", ")),
            ))
        }
    }

    /// `value` within the domain's length limit for its field.
    fn fits(&self, field: &str, value: &str, limit: limits::Field) -> Result<(), String> {
        limits::check(limit, value)
            .map(|_| ())
            .map_err(|e| self.problem(field, &e.to_string()))
    }

    fn not_blank(&self, field: &str, value: &str) -> Result<(), String> {
        if is_blank(value) {
            Err(self.problem(field, "is empty: expected some words"))
        } else {
            Ok(())
        }
    }

    fn within(&self, field: &str, value: i64, low: i64, high: i64) -> Result<(), String> {
        if (low..=high).contains(&value) {
            Ok(())
        } else if high == i64::MAX {
            Err(self.problem(field, &format!("{value} is below {low}")))
        } else {
            Err(self.problem(field, &format!("{value} is not within {low} to {high}")))
        }
    }

    fn positive(&self, field: &str, value: i64) -> Result<(), String> {
        self.within(field, value, 1, i64::MAX)
    }

    fn refers(
        &self,
        field: &str,
        id: Option<i64>,
        known: &HashSet<i64>,
        table: &str,
    ) -> Result<(), String> {
        match id {
            Some(id) if !known.contains(&id) => {
                Err(self.problem(field, &format!("there is no {table} row with id {id}")))
            }
            _ => Ok(()),
        }
    }

    /// A day as stored: `YYYY-MM-DD`, fixed width so days sort as they compare.
    fn date(&self, field: &str, value: Option<&str>) -> Result<(), String> {
        self.stored_form(field, value, "%Y-%m-%d", "a date (YYYY-MM-DD)", |v, f| {
            NaiveDate::parse_from_str(v, f).map(|d| d.format(f).to_string())
        })
    }

    /// A time of day as stored: `HH:MM`.
    fn time(&self, field: &str, value: &str) -> Result<(), String> {
        self.stored_form(
            field,
            Some(value),
            "%H:%M",
            "a time of day (HH:MM)",
            |v, f| NaiveTime::parse_from_str(v, f).map(|t| t.format(f).to_string()),
        )
    }

    /// An instant as stored: UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    fn instant(&self, field: &str, value: Option<&str>) -> Result<(), String> {
        self.stored_form(
            field,
            value,
            "%Y-%m-%dT%H:%M:%SZ",
            "an instant in UTC (YYYY-MM-DDTHH:MM:SSZ)",
            |v, f| NaiveDateTime::parse_from_str(v, f).map(|t| t.format(f).to_string()),
        )
    }

    fn stored_form(
        &self,
        field: &str,
        value: Option<&str>,
        format: &str,
        expected: &str,
        reformat: impl Fn(&str, &str) -> chrono::ParseResult<String>,
    ) -> Result<(), String> {
        match value {
            Some(v) if reformat(v, format).ok().as_deref() != Some(v) => {
                Err(self.problem(field, &format!("'{v}' is not {expected}")))
            }
            _ => Ok(()),
        }
    }

    /// A JSON object of bounded depth (the document's own depth limit does not reach into
    /// the JSON kept verbatim).
    fn object(&self, field: &str, value: &RawValue, what: &str) -> Result<(), String> {
        serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(value.get())
            .map(|_| ())
            .map_err(|e| {
                self.problem(
                    field,
                    &format!("expected {what} as an object ({})", without_position(&e)),
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    /// A small document with one row in every table and every reference used.
    fn sample() -> Value {
        let rubric = json!({
            "id": "discovery-call", "name": "Discovery call", "interaction": "discovery call",
            "version": 1, "scale": ["a", "b", "c", "d", "e"],
            "criteria": [{"key": "agenda", "name": "Sets the agenda", "description": "d",
                          "weight": 1.0, "levels": {"1": "x", "3": "y", "5": "z"}}]
        });
        let item = json!({"seller_id": 1, "title": "Send the plan", "owner": "seller",
            "due_on": null, "status": "open", "meeting_id": 1,
            "created_at": "2026-11-20T10:00:00Z", "closed_at": null, "drop_reason": null});
        json!({
            "cadence_export": 1, "schema": 4, "exported_at": "2026-11-27T10:00:00Z",
            "sellers": [{"id": 1, "name": "Ana Ruiz", "started_on": "2020-05-02",
                         "motivation": ""}],
            "cadence_rules": [{"id": 1, "seller_id": 1, "kind": "one_on_one",
                "frequency": "weekly", "nth": null, "weekday": 1, "local_time": "10:00",
                "minutes": 30, "time_zone": "Europe/Berlin", "starts_on": "2026-09-01",
                "ends_on": null, "effective_from": "2026-09-01T00:00:00Z",
                "effective_until": null}],
            "meetings": [
                {"id": 1, "rule_id": 1, "occurs_on": "2026-11-24", "seller_id": 1,
                 "kind": "one_on_one", "starts_at": "2026-11-24T09:00:00Z", "minutes": 30,
                 "status": "held", "cancel_reason": null, "rescheduled_to": null,
                 "rescheduled_from": 2},
                {"id": 2, "rule_id": null, "occurs_on": null, "seller_id": 1,
                 "kind": "joint_call", "starts_at": "2026-11-25T09:00:00Z", "minutes": 45,
                 "status": "canceled", "cancel_reason": "customer moved it",
                 "rescheduled_to": null, "rescheduled_from": null}
            ],
            "one_on_ones": [{"meeting_id": 1, "purposes": "coaching,deal", "state": "landed",
                "banked_ms": 1000, "running_since": null, "current_item": 1,
                "no_actions": false, "rating": 4, "rating_comment": null,
                "ended_at": "2026-11-24T09:30:00Z", "actual_minutes": 30,
                "landing_draft": null}],
            "agenda_items": [{"id": 1, "meeting_id": 1, "position": 0, "title": "Pipeline",
                "minutes": 10, "owner": "manager", "source": "template", "carried_from": null,
                "carried_count": 0, "done": true, "booked_ms": 500, "notes": "shared",
                "private_notes": "private"}],
            "agenda_requests": [{"id": 1, "seller_id": 1, "title": "Pricing",
                "added_at": "2026-11-23T08:00:00Z", "used_in": 1, "action_id": 1}],
            "action_items_last_id": 2,
            "action_items": [{"id": 1, "seller_id": 1, "title": "Send the plan",
                "owner": "seller", "due_on": null, "status": "open", "meeting_id": 1,
                "created_at": "2026-11-20T10:00:00Z", "closed_at": null, "drop_reason": null}],
            "action_changes": [{"id": 1, "step": 1, "action_id": 2,
                "at": "2026-11-20T10:00:00Z", "what": "added", "before": null,
                "after": item, "undone": true}],
            "rubric_versions": [{"id": 1, "rubric_id": "discovery-call", "version": 1,
                                 "body": rubric}],
            "scorecards": [{"id": 1, "seller_id": 1, "rubric": 1, "meeting_id": 2,
                "assessor": "", "started_at": "2026-11-25T09:00:00Z", "state": "finished",
                "took_over": false, "score": 3.5, "strength": "agenda", "focus": null,
                "finished_at": "2026-11-25T09:40:00Z", "action_id": 1}],
            "scores": [{"scorecard_id": 1, "criterion": "agenda", "mark": 4, "evidence": ""}],
            "observations": [{"id": 1, "scorecard_id": 1, "criterion": "agenda",
                              "at_seconds": 65, "text": "Opened with the agenda"}]
        })
    }

    fn check(document: &Value) -> Result<Document, String> {
        parse(&document.to_string(), 4)
    }

    /// The sample with one value replaced, refused with a message containing `expected`.
    fn refused(pointer: &str, value: Value, expected: &str) {
        let mut document = sample();
        *document.pointer_mut(pointer).expect(pointer) = value;
        let problem = check(&document).expect_err(pointer);
        assert!(
            problem.contains(expected),
            "{pointer}: expected '{expected}' in: {problem}"
        );
    }

    #[test]
    fn a_sound_document_is_read_whole() {
        let document = check(&sample()).unwrap();
        assert_eq!(
            document.meetings[1].cancel_reason.as_deref(),
            Some("customer moved it")
        );
        assert_eq!(
            document.action_changes[0].after.get(),
            sample()["action_changes"][0]["after"].to_string()
        );
        assert!(
            document
                .summary()
                .starts_with("1 sellers, 1 cadence rules, 2 meetings")
        );
    }

    #[test]
    fn a_value_the_schema_refuses_is_named_with_what_is_accepted() {
        refused(
            "/meetings/1/status",
            json!("maybe"),
            "meetings[1].status: 'maybe' is not one of planned, held, canceled, rescheduled",
        );
        refused(
            "/meetings/1/cancel_reason",
            json!("  "),
            "meetings[1].cancel_reason: a canceled meeting needs its reason",
        );
        refused(
            "/meetings/0/minutes",
            json!(0),
            "meetings[0].minutes: 0 is below 1",
        );
        refused(
            "/cadence_rules/0/frequency",
            json!("daily"),
            "cadence_rules[0].frequency: 'daily' is not one of weekly",
        );
        refused(
            "/cadence_rules/0/nth",
            json!(6),
            "cadence_rules[0].nth: 6 is not -1",
        );
        refused(
            "/cadence_rules/0/weekday",
            json!(7),
            "cadence_rules[0].weekday: 7 is not within 0 to 6",
        );
        refused(
            "/cadence_rules/0/time_zone",
            json!("Mars/Olympus"),
            "cadence_rules[0].time_zone: 'Mars/Olympus' is not an IANA time zone",
        );
        refused(
            "/cadence_rules/0/local_time",
            json!("9am"),
            "cadence_rules[0].local_time: '9am' is not a time of day (HH:MM)",
        );
        refused(
            "/one_on_ones/0/rating",
            json!(6),
            "one_on_ones[0].rating: 6 is not within 1 to 5",
        );
        refused(
            "/one_on_ones/0/rating",
            Value::Null,
            "one_on_ones[0].rating: a landed 1:1 needs its rating",
        );
        refused(
            "/one_on_ones/0/purposes",
            json!("coaching,gossip"),
            "one_on_ones[0].purposes: 'gossip' is not one of forecast, pipeline, deal, coaching",
        );
        refused(
            "/agenda_items/0/source",
            json!("email"),
            "agenda_items[0].source: 'email' is not one of seller, carried",
        );
        refused(
            "/agenda_items/0/title",
            json!(" "),
            "agenda_items[0].title: is empty",
        );
        refused(
            "/action_items/0/closed_at",
            json!("2026-11-21T10:00:00Z"),
            "action_items[0].closed_at: an open item has no closed_at",
        );
        refused(
            "/scores/0/mark",
            json!(9),
            "scores[0].mark: 9 is not within 0 to 5",
        );
        refused(
            "/observations/0/at_seconds",
            json!(-1),
            "observations[0].at_seconds: -1 is below 0",
        );
        refused(
            "/scorecards/0/finished_at",
            Value::Null,
            "scorecards[0].finished_at: a finished scorecard needs it",
        );
    }

    #[test]
    fn dates_and_instants_must_be_in_the_stored_form() {
        refused(
            "/sellers/0/started_on",
            json!("2020-5-2"),
            "sellers[0].started_on: '2020-5-2' is not a date (YYYY-MM-DD)",
        );
        refused(
            "/meetings/0/starts_at",
            json!("2026-11-24T10:00:00+01:00"),
            "meetings[0].starts_at: '2026-11-24T10:00:00+01:00' is not an instant in UTC",
        );
        refused(
            "/action_items/0/due_on",
            json!("tomorrow"),
            "action_items[0].due_on: 'tomorrow' is not a date",
        );
    }

    #[test]
    fn a_dangling_reference_is_named() {
        refused(
            "/meetings/0/rule_id",
            json!(9),
            "meetings[0].rule_id: there is no cadence_rules row with id 9",
        );
        refused(
            "/meetings/0/rescheduled_from",
            json!(3),
            "meetings[0].rescheduled_from: there is no meetings row with id 3",
        );
        refused(
            "/scorecards/0/rubric",
            json!(2),
            "scorecards[0].rubric: there is no rubric_versions row with id 2",
        );
        refused(
            "/agenda_requests/0/action_id",
            json!(5),
            "agenda_requests[0].action_id: there is no action_items row with id 5",
        );
        refused(
            "/action_changes/0/action_id",
            json!(3),
            "action_changes[0].action_id: 3 is not within 1 to 2",
        );
        refused(
            "/action_items_last_id",
            json!(0),
            "action_items_last_id: 0 is below action item id 1",
        );
    }

    #[test]
    fn keys_are_unique_as_the_schema_wants() {
        refused(
            "/meetings/1/id",
            json!(1),
            "meetings[1].id: 1 is already meetings[0]'s id",
        );
        refused("/sellers/0/id", json!(0), "sellers[0].id: 0 is below 1");
        let mut document = sample();
        let ana = document["sellers"][0].clone();
        let mut twin = ana.clone();
        twin["id"] = json!(2);
        twin["name"] = json!("ANA RUIZ");
        document["sellers"] = json!([ana, twin]);
        let problem = check(&document).unwrap_err();
        assert_eq!(
            problem,
            "sellers[1].name: 'ANA RUIZ' is already the name of sellers[0]"
        );
        let mut document = sample();
        let score = document["scores"][0].clone();
        document["scores"] = json!([score, score]);
        assert!(
            check(&document)
                .unwrap_err()
                .starts_with("scores[1].criterion: scores[0] already scores 'agenda'")
        );
    }

    #[test]
    fn a_rubric_body_must_be_the_rubric_version_it_is_filed_as() {
        refused(
            "/rubric_versions/0/body/version",
            json!(2),
            "rubric_versions[0].body: it is 'discovery-call' version 2, not 'discovery-call' version 1",
        );
        refused(
            "/rubric_versions/0/body",
            json!({"id": "x"}),
            "rubric_versions[0].body: not a rubric: missing field",
        );
        refused(
            "/action_changes/0/after",
            json!([1]),
            "action_changes[0].after: expected the action item as an object",
        );
    }

    #[test]
    fn type_errors_name_the_field_and_the_position() {
        refused(
            "/meetings/1/minutes",
            json!("forty"),
            "meetings[1].minutes: invalid type: string \"forty\", expected i64",
        );
        refused(
            "/meetings/1/minutes",
            json!(1e300),
            "meetings[1].minutes: invalid type: floating point",
        );
        let huge = sample().to_string().replace(
            "\"id\":1,\"motivation\"",
            "\"id\":99999999999999999999,\"motivation\"",
        );
        let problem = parse(&huge, 4).unwrap_err();
        assert!(problem.contains("sellers[0].id: "), "{problem}");
        refused(
            "/agenda_items/0/done",
            json!(1),
            "agenda_items[0].done: invalid type: integer `1`, expected a boolean",
        );
        let mut document = sample();
        document["meetings"][0]
            .as_object_mut()
            .unwrap()
            .remove("status");
        let problem = check(&document).unwrap_err();
        assert!(
            problem.contains("meetings[0]: missing field `status`"),
            "{problem}"
        );
        assert!(problem.starts_with("line 1, column "), "{problem}");
        let mut document = sample();
        document["meetings"][0]["stauts"] = json!("held");
        let problem = check(&document).unwrap_err();
        assert!(
            problem.contains("meetings[0].stauts: unknown field `stauts`"),
            "{problem}"
        );
        let mut document = sample();
        document["notes"] = json!([]);
        assert!(
            check(&document)
                .unwrap_err()
                .contains("unknown field `notes`")
        );
    }

    #[test]
    fn bad_json_is_named_by_line_and_column() {
        let problem = parse("{\n  \"cadence_export\": 1,\n  \"schema\": 4,,\n}", 4).unwrap_err();
        assert!(problem.starts_with("line 3, column 15: "), "{problem}");
        let problem = parse("", 4).unwrap_err();
        assert!(problem.starts_with("line 1, column 0: EOF"), "{problem}");
        let text = format!("{}  trailing", sample());
        assert!(parse(&text, 4).unwrap_err().contains("trailing characters"));
    }

    #[test]
    fn hostile_input_is_refused_not_panicked_on() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(parse(&deep, 4).is_err());
        let mut document = sample();
        document["meetings"][0]["kind"] = json!([[[[[{"a": [[[[1]]]]}]]]]]);
        assert!(
            check(&document)
                .unwrap_err()
                .contains("meetings[0].kind: invalid type")
        );
        let deep_draft = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
        let text = sample().to_string().replace(
            "\"landing_draft\":null",
            &format!("\"landing_draft\":{deep_draft}"),
        );
        let problem = parse(&text, 4).unwrap_err();
        assert!(
            problem.starts_with("one_on_ones[0].landing_draft: expected the landing as an object"),
            "{problem}"
        );
        assert!(parse("\"just a string\"", 4).is_err());
        assert!(parse("[1, 2]", 4).is_err());
    }

    #[test]
    fn a_document_from_a_newer_cadence_is_refused_for_that() {
        refused(
            "/cadence_export",
            json!(2),
            "written by a newer cadence (export format 2, this one reads up to 1)",
        );
        refused(
            "/schema",
            json!(5),
            "written by a newer cadence (schema 5, this one knows up to 4)",
        );
        // Refused for its version even when its tables are not what this version knows.
        let text = r#"{"cadence_export": 7, "everything": "new"}"#;
        assert!(parse(text, 4).unwrap_err().contains("export format 7"));
        let problem = parse(r#"{"sellers": []}"#, 4).unwrap_err();
        assert!(problem.contains("not a cadence export"), "{problem}");
        refused("/cadence_export", json!("1"), "not a cadence export");
        refused("/cadence_export", json!(0), "not a cadence export");
    }
}
