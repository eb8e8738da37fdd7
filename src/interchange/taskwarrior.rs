//! Action items as taskwarrior's JSON, the format of `task export` and `task import`: an
//! array of tasks. The mapping:
//!
//! | cadence | taskwarrior |
//! | --- | --- |
//! | uuid | `uuid` |
//! | title | `description` |
//! | seller | `project`: `cadence.` and the seller's name (`cadence.Ana Ruiz`) |
//! | owner | the tag `manager` when the manager owns it; no tag: the seller does |
//! | open, done, dropped | `status`: `pending`, `completed`, `deleted` |
//! | due date | `due`: the start of that day in the manager's zone, in UTC |
//! | created, closed | `entry`, `end` (and `modified`: the later of the two) |
//! | drop reason | an annotation `dropped: REASON`, stamped when it was dropped |

use super::{Read, Refused, Task, When};
use crate::domain::actions::ActionStatus;
use crate::domain::agenda::Owner;
use crate::domain::recurrence::day_start;
use crate::zone::Zone;
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

/// The project prefix that marks a task as a cadence action item.
pub const PROJECT: &str = "cadence.";
const DROPPED: &str = "dropped: ";
const STAMP: &str = "%Y%m%dT%H%M%SZ";

#[derive(Serialize, Deserialize)]
struct Json {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    uuid: Option<String>,
    description: String,
    status: String,
    entry: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    modified: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    end: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    due: Option<String>,
    #[serde(default)]
    project: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    annotations: Vec<Annotation>,
}

#[derive(Serialize, Deserialize)]
struct Annotation {
    entry: String,
    description: String,
}

fn stamp(t: DateTime<Utc>) -> String {
    t.format(STAMP).to_string()
}

fn instant(zone: Zone, when: When) -> DateTime<Utc> {
    match when {
        When::Instant(t) => t,
        When::Day(d) => day_start(d, zone),
    }
}

/// The tasks as `task import` reads them: one task per line inside the array, as
/// `task export` writes them.
pub fn write(tasks: &[Task], zone: Zone) -> String {
    let lines: Vec<String> = tasks
        .iter()
        .map(|t| {
            let created = instant(zone, t.created);
            let closed = t.closed.map(|c| instant(zone, c));
            let json = Json {
                uuid: t.uuid.clone(),
                description: t.title.clone(),
                status: match t.status {
                    ActionStatus::Open => "pending",
                    ActionStatus::Done => "completed",
                    ActionStatus::Dropped => "deleted",
                }
                .into(),
                entry: Some(stamp(created)),
                modified: Some(stamp(closed.unwrap_or(created).max(created))),
                end: closed.map(stamp),
                due: t.due_on.map(|d| stamp(day_start(d, zone))),
                project: Some(format!("{PROJECT}{}", t.seller)),
                tags: match t.owner {
                    Owner::Manager => vec!["manager".into()],
                    Owner::Seller => Vec::new(),
                },
                annotations: t
                    .drop_reason
                    .iter()
                    .map(|r| Annotation {
                        entry: stamp(closed.unwrap_or(created)),
                        description: format!("{DROPPED}{r}"),
                    })
                    .collect(),
            };
            // Strings, options and vectors of strings always serialise.
            serde_json::to_string(&json).unwrap_or_default()
        })
        .collect();
    if lines.is_empty() {
        "[]\n".into()
    } else {
        format!("[\n{}\n]\n", lines.join(",\n"))
    }
}

/// Reads `task export` output. Every task is checked; the first problem refuses the file,
/// naming the task by its place in the array (`item 3`) and what is accepted.
pub fn read(text: &str, zone: Zone) -> Result<Vec<Read>, Refused> {
    let items: Vec<serde_json::Value> = serde_json::from_str(text).map_err(|e| {
        Refused(format!(
            "line {}, column {}: {e}: expected a JSON array of tasks, as `task export` writes",
            e.line(),
            e.column()
        ))
    })?;
    items
        .into_iter()
        .enumerate()
        .map(|(i, value)| {
            let place = format!("item {}", i + 1);
            let task = task(value, zone).map_err(|why| Refused(format!("{place}: {why}")))?;
            Ok(Read { place, task })
        })
        .collect()
}

fn parse_stamp(field: &str, text: &str) -> Result<DateTime<Utc>, String> {
    NaiveDateTime::parse_from_str(text, STAMP)
        .map(|n| n.and_utc())
        .map_err(|_| format!("{field} is '{text}': expected YYYYMMDDTHHMMSSZ"))
}

fn task(value: serde_json::Value, zone: Zone) -> Result<Task, String> {
    let json: Json = serde_json::from_value(value).map_err(|e| e.to_string())?;
    let title = json.description.trim().to_string();
    if title.is_empty() {
        return Err("the description is empty".into());
    }
    let status = match json.status.as_str() {
        "pending" | "waiting" => ActionStatus::Open,
        "completed" => ActionStatus::Done,
        "deleted" => ActionStatus::Dropped,
        other => {
            return Err(format!(
                "status '{other}': cadence takes pending, waiting, completed or deleted tasks \
                 (not recurring templates)"
            ));
        }
    };
    let seller = json
        .project
        .as_deref()
        .and_then(|p| p.strip_prefix(PROJECT))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| {
            format!(
                "project '{}': expected {PROJECT}SELLER, such as \"{PROJECT}Ana Ruiz\" \
                 (export with `task project:cadence export`)",
                json.project.as_deref().unwrap_or("")
            )
        })?
        .to_string();
    if let Some(uuid) = &json.uuid
        && !super::is_uuid(uuid)
    {
        return Err(format!("uuid '{uuid}' is not a uuid"));
    }
    let entry = json
        .entry
        .as_deref()
        .ok_or("it has no entry date")
        .map_err(String::from)
        .and_then(|e| parse_stamp("entry", e))?;
    let closed = match (status, json.end.as_deref()) {
        (ActionStatus::Open, _) => None,
        (_, Some(end)) => Some(parse_stamp("end", end)?),
        (_, None) => Some(match json.modified.as_deref() {
            Some(m) => parse_stamp("modified", m)?,
            None => entry,
        }),
    };
    let due_on = json
        .due
        .as_deref()
        .map(|d| parse_stamp("due", d).map(|t| t.with_timezone(&zone).date_naive()))
        .transpose()?;
    let drop_reason = if status == ActionStatus::Dropped {
        json.annotations
            .iter()
            .rev()
            .find_map(|a| a.description.strip_prefix(DROPPED))
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty())
    } else {
        None
    };
    Ok(Task {
        uuid: json.uuid.map(|u| u.to_ascii_lowercase()),
        title,
        seller,
        owner: if json.tags.iter().any(|t| t == "manager") {
            Owner::Manager
        } else {
            Owner::Seller
        },
        status,
        due_on,
        created: When::Instant(entry),
        closed: closed.map(When::Instant),
        drop_reason,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn zone() -> Zone {
        crate::zone::Zone::named("Europe/Berlin").unwrap()
    }

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn dropped() -> Task {
        Task {
            uuid: Some("8f14e45f-ceea-467a-9d5e-0123456789ab".into()),
            title: "Send the \"pricing\" deck".into(),
            seller: "Ana Ruiz".into(),
            owner: Owner::Manager,
            status: ActionStatus::Dropped,
            due_on: NaiveDate::from_ymd_opt(2026, 12, 4),
            created: When::Instant(at("2026-11-20T09:15:00Z")),
            closed: Some(When::Instant(at("2026-11-26T16:00:00Z"))),
            drop_reason: Some("deal lost".into()),
        }
    }

    #[test]
    fn a_task_is_written_as_task_export_writes_it() {
        let text = write(&[dropped()], zone());
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let t = &value[0];
        assert_eq!(t["uuid"], "8f14e45f-ceea-467a-9d5e-0123456789ab");
        assert_eq!(t["description"], "Send the \"pricing\" deck");
        assert_eq!(t["status"], "deleted");
        assert_eq!(t["entry"], "20261120T091500Z");
        assert_eq!(t["end"], "20261126T160000Z");
        assert_eq!(t["modified"], "20261126T160000Z");
        // Midnight in Berlin is 23:00 UTC the day before, as `task add due:2026-12-04` stores it.
        assert_eq!(t["due"], "20261203T230000Z");
        assert_eq!(t["project"], "cadence.Ana Ruiz");
        assert_eq!(t["tags"], serde_json::json!(["manager"]));
        assert_eq!(t["annotations"][0]["description"], "dropped: deal lost");
        assert_eq!(write(&[], zone()), "[]\n");
    }

    #[test]
    fn what_is_written_reads_back_the_same() {
        let mut open = dropped();
        open.status = ActionStatus::Open;
        open.closed = None;
        open.drop_reason = None;
        open.owner = Owner::Seller;
        open.due_on = None;
        let tasks = vec![dropped(), open];
        let read: Vec<Task> = read(&write(&tasks, zone()), zone())
            .unwrap()
            .into_iter()
            .map(|r| r.task)
            .collect();
        assert_eq!(read, tasks);
    }

    #[test]
    fn taskwarriors_own_fields_are_ignored_and_waiting_tasks_are_open() {
        let text = r#"[{"id":3,"description":"Invite me to the Hooli call","entry":"20261120T091500Z",
            "modified":"20261121T091500Z","project":"cadence.Ben Okafor","status":"waiting",
            "uuid":"8F14E45F-CEEA-467A-9D5E-0123456789AB","urgency":4.2,"wait":"20261201T000000Z"}]"#;
        let read = read(text, zone()).unwrap();
        assert_eq!(read[0].place, "item 1");
        let task = &read[0].task;
        assert_eq!(task.status, ActionStatus::Open);
        assert_eq!(task.seller, "Ben Okafor");
        assert_eq!(task.owner, Owner::Seller);
        assert_eq!(
            task.uuid.as_deref(),
            Some("8f14e45f-ceea-467a-9d5e-0123456789ab")
        );
        assert_eq!(task.closed, None);
    }

    #[test]
    fn a_bad_task_is_refused_by_its_place_with_what_is_accepted() {
        let ok = r#"{"description":"a","status":"pending","entry":"20261120T091500Z","project":"cadence.Ana"}"#;
        let cases = [
            (
                r#"{"description":"a","status":"pending","entry":"20261120T091500Z","project":"home"}"#,
                "item 2: project 'home': expected cadence.SELLER",
            ),
            (
                r#"{"description":"a","status":"recurring","entry":"20261120T091500Z","project":"cadence.Ana"}"#,
                "item 2: status 'recurring'",
            ),
            (
                r#"{"description":"a","status":"pending","entry":"yesterday","project":"cadence.Ana"}"#,
                "item 2: entry is 'yesterday': expected YYYYMMDDTHHMMSSZ",
            ),
            (
                r#"{"description":" ","status":"pending","entry":"20261120T091500Z","project":"cadence.Ana"}"#,
                "item 2: the description is empty",
            ),
            (
                r#"{"status":"pending","entry":"20261120T091500Z","project":"cadence.Ana"}"#,
                "item 2: missing field `description`",
            ),
            (
                r#"{"uuid":"42","description":"a","status":"pending","entry":"20261120T091500Z","project":"cadence.Ana"}"#,
                "item 2: uuid '42' is not a uuid",
            ),
        ];
        for (bad, message) in cases {
            let text = format!("[{ok},\n{bad}]");
            let why = read(&text, zone()).unwrap_err().0;
            assert!(why.starts_with(message), "{why}");
        }
        let why = read("{\"not\": \"an array\"}", zone()).unwrap_err().0;
        assert!(why.contains("expected a JSON array of tasks"), "{why}");
    }
}
