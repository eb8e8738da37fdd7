//! A 1:1's purpose and agenda: the templates per purpose, and how an agenda is assembled
//! from what the seller asked for, what was left over last time, their open actions and
//! the template.

use chrono::NaiveDate;
use serde::Deserialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Purpose {
    Forecast,
    Pipeline,
    Deal,
    Coaching,
}

impl Purpose {
    pub const ALL: [Purpose; 4] = [
        Purpose::Forecast,
        Purpose::Pipeline,
        Purpose::Deal,
        Purpose::Coaching,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Purpose::Forecast => "forecast",
            Purpose::Pipeline => "pipeline",
            Purpose::Deal => "deal",
            Purpose::Coaching => "coaching",
        }
    }

    pub fn from_key(key: &str) -> Option<Purpose> {
        Purpose::ALL.into_iter().find(|p| p.key() == key)
    }

    /// The agenda template shipped with cadence for this purpose.
    pub fn builtin_template(self) -> &'static str {
        match self {
            Purpose::Forecast => include_str!("../../assets/agendas/forecast.toml"),
            Purpose::Pipeline => include_str!("../../assets/agendas/pipeline.toml"),
            Purpose::Deal => include_str!("../../assets/agendas/deal.toml"),
            Purpose::Coaching => include_str!("../../assets/agendas/coaching.toml"),
        }
    }
}

/// Purposes as stored: `coaching,deal`.
pub fn purposes_to_text(purposes: &[Purpose]) -> String {
    purposes
        .iter()
        .map(|p| p.key())
        .collect::<Vec<_>>()
        .join(",")
}

pub fn purposes_from_text(text: &str) -> Vec<Purpose> {
    text.split(',').filter_map(Purpose::from_key).collect()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Owner {
    Seller,
    Manager,
}

impl Owner {
    pub fn key(self) -> &'static str {
        match self {
            Owner::Seller => "seller",
            Owner::Manager => "manager",
        }
    }

    pub fn from_key(key: &str) -> Option<Owner> {
        match key {
            "seller" => Some(Owner::Seller),
            "manager" => Some(Owner::Manager),
            _ => None,
        }
    }
}

/// Where an agenda item came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// Added by the seller beforehand (`cadence agenda add`).
    Seller,
    /// Unfinished in the seller's last 1:1.
    Carried,
    /// The review of the seller's open action items.
    Actions,
    Template,
    /// Added by the manager before or during the meeting.
    Added,
}

impl Source {
    pub fn key(self) -> &'static str {
        match self {
            Source::Seller => "seller",
            Source::Carried => "carried",
            Source::Actions => "actions",
            Source::Template => "template",
            Source::Added => "added",
        }
    }

    pub fn from_key(key: &str) -> Option<Source> {
        [
            Source::Seller,
            Source::Carried,
            Source::Actions,
            Source::Template,
            Source::Added,
        ]
        .into_iter()
        .find(|s| s.key() == key)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateItem {
    pub title: String,
    pub minutes: u32,
    pub owner: Owner,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    #[serde(rename = "item")]
    pub items: Vec<TemplateItem>,
}

/// Reads a template, refusing items without a title or with no minutes. The error names the
/// line and column and what was expected.
pub fn parse_template(text: &str) -> Result<Template, String> {
    let template: Template = toml::from_str(text).map_err(|e| {
        e.to_string()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    })?;
    if template.items.is_empty() {
        return Err("a template needs at least one [[item]]".into());
    }
    for (i, item) in template.items.iter().enumerate() {
        if item.title.trim().is_empty() {
            return Err(format!("item {} has an empty title", i + 1));
        }
        if item.minutes == 0 || item.minutes > 240 {
            return Err(format!(
                "item {} ('{}') has {} minutes: expected 1 to 240",
                i + 1,
                item.title,
                item.minutes
            ));
        }
    }
    Ok(template)
}

/// An item left unfinished in the seller's last 1:1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Leftover {
    pub title: String,
    pub minutes: u32,
    pub owner: Owner,
    /// The day of the 1:1 it was left in.
    pub from: NaiveDate,
    /// How many times it had been carried before.
    pub carried: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftItem {
    pub title: String,
    pub minutes: u32,
    pub owner: Owner,
    pub source: Source,
    pub carried_from: Option<NaiveDate>,
    pub carried_count: u32,
}

/// Minutes given to an item the seller asked for.
pub const SELLER_ITEM_MINUTES: u32 = 5;

/// Minutes given to an open action item the manager brought to the 1:1.
pub const FOLLOW_UP_MINUTES: u32 = 3;

/// The agenda, in the order the product promises: the seller's items, what was carried over,
/// a review of open actions with the ones the manager brought up, then the templates of the
/// chosen purposes.
pub fn assemble(
    seller_items: &[String],
    leftovers: &[Leftover],
    open_actions: usize,
    follow_ups: &[String],
    templates: &[Template],
) -> Vec<DraftItem> {
    let mut items = Vec::new();
    for title in seller_items {
        items.push(DraftItem {
            title: title.clone(),
            minutes: SELLER_ITEM_MINUTES,
            owner: Owner::Seller,
            source: Source::Seller,
            carried_from: None,
            carried_count: 0,
        });
    }
    for left in leftovers {
        items.push(DraftItem {
            title: left.title.clone(),
            minutes: left.minutes,
            owner: left.owner,
            source: Source::Carried,
            carried_from: Some(left.from),
            carried_count: left.carried + 1,
        });
    }
    if open_actions > 0 {
        items.push(DraftItem {
            title: format!("Review open action items ({open_actions})"),
            // Two minutes an action, within a sensible box.
            minutes: (open_actions as u32 * 2).clamp(3, 10),
            owner: Owner::Seller,
            source: Source::Actions,
            carried_from: None,
            carried_count: 0,
        });
    }
    for title in follow_ups {
        items.push(DraftItem {
            title: title.clone(),
            minutes: FOLLOW_UP_MINUTES,
            owner: Owner::Manager,
            source: Source::Actions,
            carried_from: None,
            carried_count: 0,
        });
    }
    for template in templates {
        for item in &template.items {
            items.push(DraftItem {
                title: item.title.clone(),
                minutes: item.minutes,
                owner: item.owner,
                source: Source::Template,
                carried_from: None,
                carried_count: 0,
            });
        }
    }
    items
}

/// `carried from Nov 19`, `carried ×3 from Nov 19`: a slipping item says so.
pub fn carried_label(from: NaiveDate, count: u32) -> String {
    if count > 1 {
        format!("carried ×{count} from {}", from.format("%b %-d"))
    } else {
        format!("carried from {}", from.format("%b %-d"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftover(title: &str, carried: u32) -> Leftover {
        Leftover {
            title: title.into(),
            minutes: 10,
            owner: Owner::Manager,
            from: NaiveDate::from_ymd_opt(2026, 11, 19).unwrap(),
            carried,
        }
    }

    #[test]
    fn every_builtin_template_reads() {
        for purpose in Purpose::ALL {
            let template = parse_template(purpose.builtin_template())
                .unwrap_or_else(|e| panic!("{}: {e}", purpose.key()));
            let total: u32 = template.items.iter().map(|i| i.minutes).sum();
            assert!(
                (10..=45).contains(&total),
                "{} lasts {total}",
                purpose.key()
            );
        }
    }

    #[test]
    fn assembly_keeps_the_promised_order() {
        let coaching = parse_template(Purpose::Coaching.builtin_template()).unwrap();
        let items = assemble(
            &["Pricing pushback at Acme".to_string()],
            &[leftover("Northwind mutual action plan", 0)],
            3,
            &["Follow up: Send the revised forecast".to_string()],
            std::slice::from_ref(&coaching),
        );
        let sources: Vec<Source> = items.iter().map(|i| i.source).collect();
        assert_eq!(
            &sources[..4],
            &[
                Source::Seller,
                Source::Carried,
                Source::Actions,
                Source::Actions
            ]
        );
        assert!(sources[4..].iter().all(|s| *s == Source::Template));
        assert_eq!(items.len(), 4 + coaching.items.len());
        assert_eq!(items[0].owner, Owner::Seller);
        assert_eq!(items[2].title, "Review open action items (3)");
        assert_eq!(items[2].minutes, 6);
        assert_eq!(
            items[3].owner,
            Owner::Manager,
            "a follow-up is the manager's"
        );
    }

    #[test]
    fn carried_items_count_how_often_they_slipped() {
        let items = assemble(&[], &[leftover("Territory plan", 2)], 0, &[], &[]);
        assert_eq!(items.len(), 1, "no action review without open actions");
        assert_eq!(items[0].carried_count, 3);
        let label = carried_label(items[0].carried_from.unwrap(), items[0].carried_count);
        assert_eq!(label, "carried ×3 from Nov 19");
        assert_eq!(
            carried_label(items[0].carried_from.unwrap(), 1),
            "carried from Nov 19"
        );
    }

    #[test]
    fn broken_templates_say_where_and_what() {
        let err =
            parse_template("[[item]]\ntitle = \"Wins\"\nminutes = \"five\"\nowner = \"seller\"\n")
                .unwrap_err();
        assert!(err.contains("line 3"), "{err}");
        let err = parse_template("[[item]]\ntitle = \"Wins\"\nminutes = 0\nowner = \"seller\"\n")
            .unwrap_err();
        assert!(err.contains("expected 1 to 240"), "{err}");
        let err = parse_template("[[item]]\ntitle = \"Wins\"\nminutes = 5\nowner = \"boss\"\n")
            .unwrap_err();
        assert!(err.contains("boss"), "{err}");
        assert!(parse_template("").unwrap_err().contains("item"));
    }

    #[test]
    fn purposes_round_trip_as_text() {
        let both = [Purpose::Coaching, Purpose::Deal];
        assert_eq!(purposes_to_text(&both), "coaching,deal");
        assert_eq!(purposes_from_text("coaching,deal"), both);
        assert!(purposes_from_text("").is_empty());
    }
}
