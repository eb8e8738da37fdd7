//! Action items as todo.txt lines, one item a line:
//!
//! `x 2026-11-26 2026-11-20 Send the pricing deck +cadence @Ana_Ruiz owner:seller due:2026-12-04 uuid:8f14e45f-…`
//!
//! `x` and the completion date when the item is closed, then the day it was added, the
//! title, `+cadence`, the seller as a context (spaces as `_`), `owner:seller|manager`,
//! `due:` when it has a date, `uuid:` (what lets a re-import update the item), and
//! `status:dropped` for a dropped item (todo.txt only knows done). Dates are days in the
//! manager's zone. On reading, the context naming one of your sellers is the seller, a
//! priority such as `(A)` is ignored, and other words stay in the title.

use super::{Read, Refused, Task, When};
use crate::domain::actions::ActionStatus;
use crate::domain::agenda::Owner;
use crate::zone::Zone;
use chrono::NaiveDate;

const PROJECT: &str = "+cadence";

fn day(zone: Zone, when: When) -> NaiveDate {
    match when {
        When::Instant(t) => t.with_timezone(&zone).date_naive(),
        When::Day(d) => d,
    }
}

/// A seller's name as a todo.txt context: `@Ana_Ruiz`.
fn context(seller: &str) -> String {
    format!(
        "@{}",
        seller.split_whitespace().collect::<Vec<_>>().join("_")
    )
}

pub fn write(tasks: &[Task], zone: Zone) -> String {
    let mut text = String::new();
    for t in tasks {
        let mut words = Vec::new();
        if let Some(closed) = t.closed.filter(|_| t.status != ActionStatus::Open) {
            words.push("x".to_string());
            words.push(day(zone, closed).to_string());
        }
        words.push(day(zone, t.created).to_string());
        words.push(t.title.split_whitespace().collect::<Vec<_>>().join(" "));
        words.push(PROJECT.into());
        words.push(context(&t.seller));
        words.push(format!("owner:{}", t.owner.key()));
        if let Some(due) = t.due_on {
            words.push(format!("due:{due}"));
        }
        if let Some(uuid) = &t.uuid {
            words.push(format!("uuid:{uuid}"));
        }
        if t.status == ActionStatus::Dropped {
            words.push("status:dropped".into());
        }
        text.push_str(&words.join(" "));
        text.push('\n');
    }
    text
}

/// Reads todo.txt lines; `sellers` are the names a context may match. Blank lines are
/// skipped; the first bad line refuses the file, named by its number.
pub fn read(text: &str, sellers: &[String]) -> Result<Vec<Read>, Refused> {
    let mut tasks = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let place = format!("line {}", i + 1);
        let task = parse_line(line, sellers).map_err(|why| Refused(format!("{place}: {why}")))?;
        tasks.push(Read { place, task });
    }
    Ok(tasks)
}

fn date(word: &str) -> Option<NaiveDate> {
    if word.len() == 10 {
        NaiveDate::parse_from_str(word, "%Y-%m-%d").ok()
    } else {
        None
    }
}

fn is_priority(word: &str) -> bool {
    let b = word.as_bytes();
    b.len() == 3 && b[0] == b'(' && b[1].is_ascii_uppercase() && b[2] == b')'
}

fn parse_line(line: &str, sellers: &[String]) -> Result<Task, String> {
    let mut words = line.split_whitespace().peekable();
    let mut done = false;
    let mut completed = None;
    if words.peek() == Some(&"x") {
        words.next();
        done = true;
        completed = words.next_if(|w| date(w).is_some()).and_then(date);
    }
    words.next_if(|w| is_priority(w));
    let created = words.next_if(|w| date(w).is_some()).and_then(date);
    let (mut title, mut seller, mut owner, mut due, mut uuid, mut dropped) = (
        Vec::new(),
        None::<&String>,
        Owner::Seller,
        None,
        None,
        false,
    );
    for word in words {
        if let Some(name) = word.strip_prefix('@') {
            let wanted = name.replace('_', " ");
            if let Some(found) = sellers.iter().find(|s| {
                s.split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase()
                    == wanted.to_lowercase()
            }) {
                if let Some(other) = seller.filter(|s| *s != found) {
                    return Err(format!(
                        "two sellers ({other} and {found}): an item is about one seller"
                    ));
                }
                seller = Some(found);
                continue;
            }
        }
        match word.split_once(':') {
            Some(("due", value)) => {
                due = Some(date(value).ok_or_else(|| {
                    format!("due:{value} is not a date: expected due:YYYY-MM-DD")
                })?);
            }
            Some(("owner", value)) => {
                owner = Owner::from_key(value).ok_or_else(|| {
                    format!("owner:{value}: expected owner:seller or owner:manager")
                })?;
            }
            Some(("uuid", value)) => {
                if !super::is_uuid(value) {
                    return Err(format!("uuid:{value} is not a uuid"));
                }
                uuid = Some(value.to_ascii_lowercase());
            }
            Some(("status", "dropped")) => dropped = true,
            Some(("status", value)) => {
                return Err(format!(
                    "status:{value}: the only status key is status:dropped (done is a leading x)"
                ));
            }
            _ if word == PROJECT => {}
            _ => title.push(word),
        }
    }
    let seller = seller.ok_or_else(|| {
        format!(
            "no context names one of your sellers: add one such as {}",
            sellers
                .first()
                .map(|s| context(s))
                .unwrap_or_else(|| "@Ana_Ruiz".into())
        )
    })?;
    if title.is_empty() {
        return Err("the item has no text".into());
    }
    if dropped && !done {
        return Err("status:dropped on an item not marked x: a dropped item is closed".into());
    }
    let created = created.ok_or_else(|| {
        "no creation date: expected the day it was added (YYYY-MM-DD) before the text".to_string()
    })?;
    let status = match (done, dropped) {
        (false, _) => ActionStatus::Open,
        (true, false) => ActionStatus::Done,
        (true, true) => ActionStatus::Dropped,
    };
    Ok(Task {
        uuid,
        title: title.join(" "),
        seller: seller.clone(),
        owner,
        status,
        due_on: due,
        created: When::Day(created),
        // A done item without its completion date was closed when it was added, at the latest.
        closed: done.then(|| When::Day(completed.unwrap_or(created))),
        drop_reason: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone() -> Zone {
        crate::zone::Zone::named("Europe/Berlin").unwrap()
    }

    fn sellers() -> Vec<String> {
        vec!["Ana Ruiz".into(), "Ben Okafor".into()]
    }

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn task() -> Task {
        Task {
            uuid: Some("8f14e45f-ceea-467a-9d5e-0123456789ab".into()),
            title: "Send the pricing deck".into(),
            seller: "Ana Ruiz".into(),
            owner: Owner::Seller,
            status: ActionStatus::Done,
            due_on: Some(d("2026-12-04")),
            // 23:30 UTC is already the next day in Berlin.
            created: When::Instant("2026-11-19T23:30:00Z".parse().unwrap()),
            closed: Some(When::Day(d("2026-11-26"))),
            drop_reason: None,
        }
    }

    #[test]
    fn an_item_is_one_line_with_its_days_in_the_managers_zone() {
        assert_eq!(
            write(&[task()], zone()),
            "x 2026-11-26 2026-11-20 Send the pricing deck +cadence @Ana_Ruiz owner:seller \
             due:2026-12-04 uuid:8f14e45f-ceea-467a-9d5e-0123456789ab\n"
        );
    }

    #[test]
    fn what_is_written_reads_back_as_days() {
        let mut dropped = task();
        dropped.status = ActionStatus::Dropped;
        dropped.owner = Owner::Manager;
        let mut open = task();
        open.status = ActionStatus::Open;
        open.closed = None;
        open.due_on = None;
        open.uuid = None;
        let tasks = [task(), dropped, open];
        let read: Vec<Task> = read(&write(&tasks, zone()), &sellers())
            .unwrap()
            .into_iter()
            .map(|r| r.task)
            .collect();
        assert_eq!(read.len(), 3);
        for (read, written) in read.iter().zip(&tasks) {
            assert_eq!(read.created, When::Day(d("2026-11-20")));
            assert_eq!(
                (&read.title, &read.seller),
                (&written.title, &written.seller)
            );
            assert_eq!((read.status, read.owner), (written.status, written.owner));
            assert_eq!((&read.uuid, read.due_on), (&written.uuid, written.due_on));
        }
        assert_eq!(read[0].closed, Some(When::Day(d("2026-11-26"))));
        assert_eq!(read[2].closed, None);
    }

    #[test]
    fn a_hand_written_line_keeps_other_words_and_ignores_the_priority() {
        let read = read(
            "\n(A) 2026-11-20 Call @phone about +hooli renewal @ben_okafor\n",
            &sellers(),
        )
        .unwrap();
        assert_eq!(read[0].place, "line 2");
        let t = &read[0].task;
        assert_eq!(t.seller, "Ben Okafor");
        assert_eq!(t.title, "Call @phone about +hooli renewal");
        assert_eq!(t.owner, Owner::Seller);
        assert_eq!(t.status, ActionStatus::Open);
    }

    #[test]
    fn a_bad_line_is_refused_by_its_number_with_what_is_accepted() {
        let good = "2026-11-20 Fine +cadence @Ana_Ruiz\n";
        let cases = [
            (
                "2026-11-20 Who +cadence @Zoe",
                "line 2: no context names one of your sellers",
            ),
            (
                "2026-11-20 Late @Ana_Ruiz due:friday",
                "line 2: due:friday is not a date",
            ),
            (
                "2026-11-20 Mine @Ana_Ruiz owner:boss",
                "line 2: owner:boss: expected",
            ),
            (
                "2026-11-20 X @Ana_Ruiz uuid:7",
                "line 2: uuid:7 is not a uuid",
            ),
            (
                "2026-11-20 @Ana_Ruiz @Ben_Okafor both",
                "line 2: two sellers",
            ),
            ("2026-11-20 @Ana_Ruiz", "line 2: the item has no text"),
            ("Undated @Ana_Ruiz", "line 2: no creation date"),
            (
                "2026-11-20 Gone @Ana_Ruiz status:dropped",
                "line 2: status:dropped on an item not marked x",
            ),
        ];
        for (bad, message) in cases {
            let why = read(&format!("{good}{bad}\n"), &sellers()).unwrap_err().0;
            assert!(why.starts_with(message), "{bad}: {why}");
        }
    }
}
