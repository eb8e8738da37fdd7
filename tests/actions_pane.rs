//! The action items pane and the review walk as state: actions in, state and effects out.
//! No terminal, no database.

use cadence::action::{Action, Effect};
use cadence::config::Settings;
use cadence::domain::actions::{Sort, StatusFilter};
use cadence::domain::agenda::Owner;
use cadence::domain::review::{ActionFigures, WeekSummary};
use cadence::domain::{Week, WeekStart};
use cadence::model::{Cockpit, Overlay, Pane};
use cadence::store::{ActionChange, ActionItem, ActionList, ActionStatus, SellerRef};
use chrono::{DateTime, NaiveDate, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

mod support;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-27T10:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn sellers() -> Vec<SellerRef> {
    ["Ana Ruiz", "Ben Okafor"]
        .iter()
        .enumerate()
        .map(|(i, name)| SellerRef {
            id: i as i64 + 1,
            name: name.to_string(),
        })
        .collect()
}

fn item(id: i64, seller: usize, status: ActionStatus) -> ActionItem {
    ActionItem {
        id,
        seller: sellers()[seller].clone(),
        title: format!("Item {id}"),
        owner: Owner::Seller,
        due_on: NaiveDate::from_ymd_opt(2026, 11, 20 + id as u32),
        status,
        source: None,
        created_at: now(),
        closed_at: None,
        drop_reason: None,
    }
}

/// The actions pane focused, with three open items of Ana's and Ben's loaded.
fn cockpit() -> Cockpit {
    let settings = Settings {
        zone: support::berlin(),
        week_start: WeekStart::Monday,
        ..Settings::default()
    };
    let (mut c, _) = Cockpit::new(settings, "test.db".into(), now());
    c.reference_data_loaded(sellers(), Vec::new());
    c.actions_loaded(ActionList {
        items: vec![
            item(1, 0, ActionStatus::Open),
            item(2, 1, ActionStatus::Open),
            item(3, 0, ActionStatus::Open),
        ],
        total: 3,
        offset: 0,
        more: false,
    });
    c.update(Action::Focus(Pane::Actions), now());
    c
}

#[test]
fn filters_combine_and_each_change_reloads_from_the_top() {
    let mut c = cockpit();
    c.update(Action::Down, now());
    assert_eq!(
        c.update(Action::NextSeller, now()),
        vec![Effect::LoadActions]
    );
    assert_eq!(c.actions.selected, 0, "a new filter starts at the top");
    assert_eq!(c.actions.filter.seller, Some(1));
    c.update(Action::CycleOwner, now());
    c.update(Action::ToggleOverdue, now());
    c.update(Action::ToggleDueThisWeek, now());
    c.update(Action::CycleStatus, now());
    c.update(Action::CycleSort, now());
    let f = &c.actions.filter;
    assert_eq!(
        (f.seller, f.owner, f.overdue, f.due_this_week, f.status),
        (Some(1), Some(Owner::Seller), true, true, StatusFilter::Done)
    );
    assert_eq!(c.actions.sort, Sort::Seller);
    assert_eq!(
        f.describe(c.seller_filter_name()),
        "done · Ana Ruiz · owner seller · overdue · due this week"
    );
    // S goes back through the sellers to "any", then wraps to the last.
    c.update(Action::PrevSeller, now());
    assert_eq!(c.actions.filter.seller, None);
    c.update(Action::PrevSeller, now());
    assert_eq!(c.actions.filter.seller, Some(2));
    c.update(Action::ClearFilters, now());
    assert_eq!(c.actions.filter, Default::default());
}

#[test]
fn a_change_applies_to_every_marked_row_as_one_effect() {
    let mut c = cockpit();
    c.update(Action::ToggleMark, now());
    assert_eq!(c.actions.selected, 1, "marking moves down");
    c.update(Action::Down, now());
    c.update(Action::ToggleMark, now());
    assert_eq!(
        c.update(Action::MarkDone, now()),
        vec![Effect::ChangeActions {
            ids: vec![1, 3],
            change: ActionChange::Done
        }]
    );
    assert!(c.actions.marked.is_empty(), "marks are spent by the change");
    // Without marks, the selected row alone.
    assert_eq!(
        c.update(Action::MarkDone, now()),
        vec![Effect::ChangeActions {
            ids: vec![3],
            change: ActionChange::Done
        }]
    );
}

#[test]
fn done_on_closed_rows_reopens_them() {
    let mut c = cockpit();
    c.actions_loaded(ActionList {
        items: vec![item(4, 0, ActionStatus::Done)],
        total: 1,
        offset: 0,
        more: false,
    });
    assert_eq!(
        c.update(Action::MarkDone, now()),
        vec![Effect::ChangeActions {
            ids: vec![4],
            change: ActionChange::Reopen
        }]
    );
}

fn type_text(c: &mut Cockpit, text: &str) -> Vec<Effect> {
    let mut effects = Vec::new();
    for ch in text.chars() {
        effects.extend(c.update(
            Action::Type(KeyEvent::new(KeyCode::Char(ch), KeyModifiers::NONE)),
            now(),
        ));
    }
    effects
}

#[test]
fn the_due_dialog_reads_phrases_for_all_marked_rows_and_refuses_nonsense() {
    let mut c = cockpit();
    c.update(Action::ToggleMark, now());
    c.update(Action::ToggleMark, now());
    c.update(Action::MoveDue, now());
    assert!(matches!(c.overlays.last(), Some(Overlay::Form(_))));
    // Blank is refused: a new date is typed.
    assert!(c.update(Action::Submit, now()).is_empty());
    type_text(&mut c, "someday");
    assert!(c.update(Action::Submit, now()).is_empty());
    let Some(Overlay::Form(dialog)) = c.overlays.last() else {
        panic!("the dialog stays open");
    };
    assert!(
        dialog
            .form
            .error
            .as_deref()
            .unwrap()
            .contains("'someday' is not a due date: try 'today'")
    );
    for _ in 0..7 {
        c.update(
            Action::Type(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE)),
            now(),
        );
    }
    type_text(&mut c, "next mon");
    assert_eq!(
        c.update(Action::Submit, now()),
        vec![Effect::ChangeActions {
            ids: vec![1, 2],
            change: ActionChange::Due(NaiveDate::from_ymd_opt(2026, 11, 30)),
        }]
    );
    assert!(c.overlays.is_empty());
}

#[test]
fn adding_needs_a_title_and_takes_a_blank_due_as_no_date() {
    let mut c = cockpit();
    c.update(Action::AddAction, now());
    assert!(c.update(Action::Submit, now()).is_empty(), "no title");
    type_text(&mut c, "Share the battlecard");
    let effects = c.update(Action::Submit, now());
    let [Effect::AddAction(draft)] = effects.as_slice() else {
        panic!("one addition: {effects:?}");
    };
    assert_eq!(
        (draft.title.as_str(), draft.seller_id, draft.due_on),
        ("Share the battlecard", 1, None)
    );
}

#[test]
fn search_filters_as_you_type_and_esc_takes_it_away() {
    let mut c = cockpit();
    c.update(Action::Search, now());
    assert!(c.actions.searching());
    let effects = type_text(&mut c, "acme");
    assert_eq!(effects.len(), 4, "every keystroke refilters");
    assert_eq!(c.actions.filter.text, "acme");
    c.update(Action::Submit, now());
    assert!(!c.actions.searching());
    assert_eq!(c.actions.filter.text, "acme", "Enter keeps the search");
    c.update(Action::Search, now());
    c.update(Action::Back, now());
    assert_eq!(c.actions.filter.text, "");
}

#[test]
fn undo_and_redo_are_asked_of_the_store() {
    let mut c = cockpit();
    assert_eq!(c.update(Action::Undo, now()), vec![Effect::UndoActions]);
    assert_eq!(c.update(Action::Redo, now()), vec![Effect::RedoActions]);
}

fn summary() -> WeekSummary {
    WeekSummary::build(
        Week::containing(
            NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
            WeekStart::Monday,
        ),
        &[],
        &[],
        &Default::default(),
        ActionFigures::default(),
        Vec::new(),
    )
}

fn walk(c: &Cockpit) -> &cadence::model::review::ReviewWalk {
    match c.overlays.last() {
        Some(Overlay::Review(walk)) => walk,
        other => panic!("the review is open: {other:?}"),
    }
}

#[test]
fn the_review_walks_each_item_with_a_one_key_decision_then_sums_up() {
    let mut c = cockpit();
    assert_eq!(
        c.update(Action::OpenReview, now()),
        vec![Effect::LoadReview]
    );
    c.review_loaded(
        Some(vec![
            item(1, 0, ActionStatus::Open),
            item(2, 1, ActionStatus::Open),
            item(3, 0, ActionStatus::Open),
            item(4, 1, ActionStatus::Open),
        ]),
        Some(summary()),
    );
    assert_eq!(
        c.update(Action::MarkDone, now()),
        vec![
            Effect::ChangeActions {
                ids: vec![1],
                change: ActionChange::Done
            },
            Effect::LoadHistory(2)
        ]
    );
    assert_eq!(c.update(Action::Keep, now()), vec![Effect::LoadHistory(3)]);
    assert_eq!(
        c.update(Action::BringToNext, now()),
        vec![Effect::BringToNext(3), Effect::LoadHistory(4)]
    );
    // A drop goes through its dialog, and the walk moves on when it is saved.
    c.update(Action::DropAction, now());
    type_text(&mut c, "lost the deal");
    let effects = c.update(Action::Submit, now());
    assert_eq!(
        effects,
        vec![
            Effect::ChangeActions {
                ids: vec![4],
                change: ActionChange::Drop {
                    reason: Some("lost the deal".into())
                }
            },
            Effect::LoadReviewSummary
        ]
    );
    let w = walk(&c);
    assert!(w.on_summary);
    assert_eq!(
        w.outcomes,
        vec![
            Some("done"),
            Some("kept"),
            Some("to the next 1:1"),
            Some("dropped")
        ]
    );
    // Back from the summary to the last item; Esc closes.
    assert_eq!(
        c.update(Action::PrevItem, now()),
        vec![Effect::LoadHistory(4)]
    );
    c.update(Action::Back, now());
    assert!(c.overlays.is_empty());
}

#[test]
fn an_empty_review_goes_straight_to_the_summary() {
    let mut c = cockpit();
    c.update(Action::OpenReview, now());
    c.review_loaded(Some(Vec::new()), Some(summary()));
    assert!(walk(&c).on_summary);
    assert!(c.update(Action::MarkDone, now()).is_empty());
}

#[test]
fn editing_an_overdue_item_keeps_its_date_when_the_date_is_not_touched() {
    let mut c = cockpit();
    // Item 1 was due Nov 21: in the past.
    c.update(Action::EditAction, now());
    type_text(&mut c, " today");
    let effects = c.update(Action::Submit, now());
    let [
        Effect::ChangeActions {
            ids,
            change: ActionChange::Edit(draft),
        },
    ] = effects.as_slice()
    else {
        panic!("one edit: {effects:?}");
    };
    assert_eq!(ids, &vec![1]);
    assert_eq!(draft.title, "Item 1 today");
    assert_eq!(draft.due_on, NaiveDate::from_ymd_opt(2026, 11, 21));
}

#[test]
fn done_on_marked_rows_leaves_the_dropped_ones_dropped() {
    let mut c = cockpit();
    c.actions_loaded(ActionList {
        items: vec![
            item(1, 0, ActionStatus::Open),
            item(2, 1, ActionStatus::Dropped),
        ],
        total: 2,
        offset: 0,
        more: false,
    });
    c.update(Action::ToggleMark, now());
    c.update(Action::ToggleMark, now());
    assert_eq!(
        c.update(Action::MarkDone, now()),
        vec![Effect::ChangeActions {
            ids: vec![1],
            change: ActionChange::Done
        }]
    );
}

#[test]
fn the_walk_does_not_act_on_an_item_it_already_closed() {
    let mut c = cockpit();
    c.update(Action::OpenReview, now());
    c.review_loaded(
        Some(vec![
            item(1, 0, ActionStatus::Open),
            item(2, 1, ActionStatus::Open),
        ]),
        Some(summary()),
    );
    c.update(Action::MarkDone, now());
    c.update(Action::PrevItem, now());
    assert!(c.update(Action::BringToNext, now()).is_empty());
    assert!(
        matches!(&c.notice, Some(cadence::model::Notice::Info(m)) if m.contains("done already"))
    );
    assert_eq!(walk(&c).index, 0, "the walk waits");
    assert_eq!(c.update(Action::Keep, now()), vec![Effect::LoadHistory(2)]);
}

/// Rows `from..to` of a long list of open items, as the store reads them around the
/// selection.
fn rows(from: usize, to: usize, total: usize) -> ActionList {
    ActionList {
        items: (from..to.min(total))
            .map(|i| item(i as i64 + 1, i % 2, ActionStatus::Open))
            .collect(),
        total,
        offset: from,
        more: false,
    }
}

#[test]
fn a_long_list_is_read_around_the_selection_as_it_moves() {
    let mut c = cockpit();
    c.update(
        Action::Resized {
            width: 100,
            height: 40,
        },
        now(),
    );
    let (offset, limit) = c.actions.window();
    assert_eq!(offset, 0);
    assert!(
        (41..=100).contains(&limit),
        "a screenful and some slack: {limit}"
    );
    c.actions_loaded(rows(offset, offset + limit, 5000));
    // Moving within the rows read reads nothing.
    for _ in 0..40 {
        assert_eq!(c.update(Action::Down, now()), vec![]);
    }
    // Past them, the rows around the new selection are asked for.
    let mut asked = Vec::new();
    while asked.is_empty() {
        asked = c.update(Action::Down, now());
    }
    assert_eq!(asked, vec![Effect::LoadActions]);
    let selected = c.actions.selected;
    assert!(selected >= limit - 1, "asked at {selected}");
    let (offset, limit) = c.actions.window();
    assert!(offset + 40 <= selected && selected < offset + limit);
    c.actions_loaded(rows(offset, offset + limit, 5000));
    assert_eq!(
        c.actions.selected_item().map(|a| a.id),
        Some(selected as i64 + 1)
    );
    // End goes to the last of all the rows, not of those read.
    assert_eq!(c.update(Action::Bottom, now()), vec![Effect::LoadActions]);
    assert_eq!(c.actions.selected, 4999);
    let (offset, limit) = c.actions.window();
    c.actions_loaded(rows(offset, offset + limit, 5000));
    assert_eq!(c.actions.selected_item().map(|a| a.id), Some(5000));
    assert!(c.actions.covers_screen());
    // A list that got shorter than the selection moves it to its new last row.
    c.actions_loaded(rows(offset, offset + limit, 3000));
    assert_eq!(c.actions.selected, 2999);
    assert!(
        !c.actions.covers_screen(),
        "the rows at the new end are read next"
    );
}

#[test]
fn marks_on_rows_scrolled_away_still_take_the_change() {
    let mut c = cockpit();
    c.update(
        Action::Resized {
            width: 100,
            height: 20,
        },
        now(),
    );
    let (offset, limit) = c.actions.window();
    c.actions_loaded(rows(offset, offset + limit, 500));
    c.update(Action::ToggleMark, now());
    assert_eq!(c.update(Action::Bottom, now()), vec![Effect::LoadActions]);
    let (offset, limit) = c.actions.window();
    c.actions_loaded(rows(offset, offset + limit, 500));
    assert!(c.actions.list.offset > 0, "row 1 is no longer read");
    c.update(Action::ToggleMark, now());
    assert_eq!(
        c.update(Action::MarkDone, now()),
        vec![Effect::ChangeActions {
            ids: vec![1, 500],
            change: ActionChange::Done
        }]
    );
}
