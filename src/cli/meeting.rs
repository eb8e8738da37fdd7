//! `cadence meeting show ID`: a 1:1's recap, as Markdown to paste into an email to the seller,
//! or as JSON. Private notes appear only with `--private`.

use super::RecapFormat;
use crate::domain::agenda::{Owner, carried_label};
use crate::store::{OneOnOne, OneOnOneState, Store};
use crate::zone::Zone;
use serde::Serialize;
use std::io::Write;

pub fn show(
    store: &Store,
    id: i64,
    format: RecapFormat,
    private: bool,
    zone: Zone,
    out: &mut impl Write,
) -> color_eyre::Result<()> {
    let one = store.one_on_one(id)?;
    match format {
        RecapFormat::Md => out.write_all(markdown(&one, private, zone).as_bytes())?,
        RecapFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &json(&one, private, zone))?;
            writeln!(out)?;
        }
    }
    Ok(())
}

fn seller_name(one: &OneOnOne) -> &str {
    one.meeting
        .seller
        .as_ref()
        .map(|s| s.name.as_str())
        .unwrap_or("the team")
}

fn owner_name(one: &OneOnOne, owner: Owner) -> &str {
    match owner {
        Owner::Seller => seller_name(one),
        Owner::Manager => "me",
    }
}

fn minutes(ms: i64) -> i64 {
    (ms / 1000 + 30) / 60
}

/// The recap as Markdown.
pub fn markdown(one: &OneOnOne, private: bool, zone: Zone) -> String {
    let who = seller_name(one);
    let starts = one.meeting.starts_at.with_timezone(&zone);
    let mut md = format!(
        "# 1:1 with {who}, {}\n\n",
        starts.format("%a %b %-d %Y, %H:%M")
    );
    let purposes: Vec<&str> = one.purposes.iter().map(|p| p.key()).collect();
    let purpose = if purposes.is_empty() {
        "not set".to_string()
    } else {
        purposes.join(" + ")
    };
    let length = match (one.state, one.actual_minutes) {
        (OneOnOneState::Landed, Some(actual)) => {
            format!("{actual} minutes (planned {})", one.meeting.minutes)
        }
        _ => format!("still running, planned {} minutes", one.meeting.minutes),
    };
    md.push_str(&format!(
        "**Purpose:** {purpose} · **Length:** {length}\n\n"
    ));

    md.push_str(
        "## Agenda\n\n| # | Item | Owner | Planned | Actual |\n| --- | --- | --- | --- | --- |\n",
    );
    for (i, item) in one.items.iter().enumerate() {
        let mut title = item.title.replace('|', "/");
        if let Some(from) = item.carried_from {
            title.push_str(&format!(" _({})_", carried_label(from, item.carried_count)));
        }
        if !item.done {
            title.push_str(" _(not covered)_");
        }
        md.push_str(&format!(
            "| {} | {title} | {} | {} min | {} min |\n",
            i + 1,
            owner_name(one, item.owner),
            item.minutes,
            minutes(item.booked.num_milliseconds())
        ));
    }

    let noted: Vec<_> = one
        .items
        .iter()
        .filter(|i| !i.notes.trim().is_empty() || (private && !i.private_notes.trim().is_empty()))
        .collect();
    if !noted.is_empty() {
        md.push_str("\n## Notes\n");
        for item in noted {
            md.push_str(&format!("\n### {}\n\n", item.title));
            if !item.notes.trim().is_empty() {
                md.push_str(item.notes.trim_end());
                md.push('\n');
            }
            if private && !item.private_notes.trim().is_empty() {
                md.push_str(&format!("\n_Private:_ {}\n", item.private_notes.trim_end()));
            }
        }
    }

    md.push_str("\n## Action items\n\n");
    if one.actions.is_empty() {
        md.push_str(if one.no_actions {
            "No actions: agreed explicitly.\n"
        } else {
            "None recorded.\n"
        });
    }
    for action in &one.actions {
        md.push_str(&format!(
            "- [ ] {} ({}{})\n",
            action.title,
            owner_name(one, action.owner),
            action
                .due_on
                .map(|d| d.format(", due %a %b %-d").to_string())
                .unwrap_or_default()
        ));
    }
    if let Some(rating) = one.rating {
        md.push_str(&format!(
            "\n## Feedback\n\n{who} rated the meeting {rating}/5"
        ));
        match &one.comment {
            Some(comment) => md.push_str(&format!(": \"{comment}\"\n")),
            None => md.push_str(".\n"),
        }
    }
    md
}

#[derive(Serialize)]
struct JsonRecap<'a> {
    id: i64,
    seller: &'a str,
    start: String,
    state: &'static str,
    purposes: Vec<&'static str>,
    planned_minutes: u32,
    actual_minutes: Option<u32>,
    items: Vec<JsonItem<'a>>,
    actions: Vec<JsonAction<'a>>,
    no_actions: bool,
    rating: Option<u8>,
    comment: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonItem<'a> {
    title: &'a str,
    owner: &'static str,
    source: &'static str,
    planned_minutes: u32,
    actual_minutes: i64,
    done: bool,
    notes: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    private_notes: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonAction<'a> {
    title: &'a str,
    owner: &'static str,
    due: Option<String>,
    status: &'static str,
}

fn json(one: &OneOnOne, private: bool, zone: Zone) -> JsonRecap<'_> {
    JsonRecap {
        id: one.meeting.id,
        seller: seller_name(one),
        start: one.meeting.starts_at.with_timezone(&zone).to_rfc3339(),
        state: match one.state {
            OneOnOneState::Live => "live",
            OneOnOneState::Landed => "landed",
        },
        purposes: one.purposes.iter().map(|p| p.key()).collect(),
        planned_minutes: one.meeting.minutes,
        actual_minutes: one.actual_minutes,
        items: one
            .items
            .iter()
            .map(|i| JsonItem {
                title: &i.title,
                owner: i.owner.key(),
                source: i.source.key(),
                planned_minutes: i.minutes,
                actual_minutes: minutes(i.booked.num_milliseconds()),
                done: i.done,
                notes: &i.notes,
                private_notes: private.then_some(i.private_notes.as_str()),
            })
            .collect(),
        actions: one
            .actions
            .iter()
            .map(|a| JsonAction {
                title: &a.title,
                owner: a.owner.key(),
                due: a.due_on.map(|d| d.to_string()),
                status: a.status.key(),
            })
            .collect(),
        no_actions: one.no_actions,
        rating: one.rating,
        comment: one.comment.as_deref(),
    }
}
