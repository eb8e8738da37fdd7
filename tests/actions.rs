//! The action tracker's store: filters that combine, sort orders, changes applied to several
//! items at once, and undo and redo from the journal, several steps deep and across reopening.

use cadence::domain::WeekStart;
use cadence::domain::actions::{ActionFilter, Sort, StatusFilter};
use cadence::domain::agenda::Owner;
use cadence::domain::{Kind, Week};
use cadence::store::{
    ActionChange, ActionDraft, ActionStatus, NewMeeting, NewSeller, Store, StoreError,
};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use std::path::Path;

mod support;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

fn now() -> DateTime<Utc> {
    at("2026-11-27T10:00:00Z")
}

fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn today() -> NaiveDate {
    d("2026-11-27")
}

fn this_week() -> (NaiveDate, NaiveDate) {
    let week = Week::containing(today(), WeekStart::Monday);
    (week.first_day(), week.end() - chrono::Days::new(1))
}

struct Team {
    store: Store,
    ana: i64,
    ben: i64,
    chloe: i64,
}

/// Three sellers and seven items, added a day apart from Nov 10 on:
///
/// | title                       | seller | owner   | due     | status  |
/// |-----------------------------|--------|---------|---------|---------|
/// | Send the revised forecast   | Ana    | seller  | Nov 20  | open    |
/// | Invite me to the Acme call  | Ana    | seller  | Nov 28  | open    |
/// | Draft the Northwind email   | Ben    | seller  | none    | open    |
/// | Book the pricing review     | Ben    | manager | Nov 25  | open    |
/// | Update the territory plan   | Chloe  | seller  | Dec 4   | open    |
/// | Ask legal about the MSA     | Chloe  | manager | Nov 26  | done    |
/// | Forecast call prep          | Ana    | manager | Nov 29  | dropped |
fn team(dir: &Path) -> Team {
    let mut store = Store::open(&dir.join("cadence.db")).unwrap();
    let seller = |store: &Store, name| {
        store
            .add_seller(&NewSeller {
                name,
                started_on: d("2024-01-08"),
                motivation: "",
            })
            .unwrap()
    };
    let ana = seller(&store, "Ana Ruiz");
    let ben = seller(&store, "Ben Okafor");
    let chloe = seller(&store, "Chloe Martin");
    let rows = [
        (
            "Send the revised forecast",
            ana,
            Owner::Seller,
            Some("2026-11-20"),
        ),
        (
            "Invite me to the Acme call",
            ana,
            Owner::Seller,
            Some("2026-11-28"),
        ),
        ("Draft the Northwind email", ben, Owner::Seller, None),
        (
            "Book the pricing review",
            ben,
            Owner::Manager,
            Some("2026-11-25"),
        ),
        (
            "Update the territory plan",
            chloe,
            Owner::Seller,
            Some("2026-12-04"),
        ),
        (
            "Ask legal about the MSA",
            chloe,
            Owner::Manager,
            Some("2026-11-26"),
        ),
        (
            "Forecast call prep",
            ana,
            Owner::Manager,
            Some("2026-11-29"),
        ),
    ];
    let mut ids = Vec::new();
    for (i, (title, seller_id, owner, due)) in rows.into_iter().enumerate() {
        let added = at("2026-11-10T09:00:00Z") + TimeDelta::days(i as i64);
        let draft = ActionDraft {
            seller_id,
            title: title.into(),
            owner,
            due_on: due.map(d),
        };
        ids.push(store.add_action(&draft, added).unwrap());
    }
    store
        .change_actions(&[ids[5]], &ActionChange::Done, at("2026-11-26T09:00:00Z"))
        .unwrap();
    store
        .change_actions(
            &[ids[6]],
            &ActionChange::Drop {
                reason: Some("the call moved to January".into()),
            },
            at("2026-11-26T10:00:00Z"),
        )
        .unwrap();
    Team {
        store,
        ana,
        ben,
        chloe,
    }
}

fn titles(store: &Store, filter: &ActionFilter, sort: Sort) -> Vec<String> {
    store
        .list_actions(filter, sort, today(), this_week(), 100)
        .unwrap()
        .items
        .into_iter()
        .map(|a| a.title)
        .collect()
}

#[test]
fn open_is_the_default_and_due_order_puts_undated_last() {
    let dir = tempfile::tempdir().unwrap();
    let t = team(dir.path());
    assert_eq!(
        titles(&t.store, &ActionFilter::default(), Sort::Due),
        [
            "Send the revised forecast",
            "Book the pricing review",
            "Invite me to the Acme call",
            "Update the territory plan",
            "Draft the Northwind email",
        ]
    );
}

#[test]
fn sort_by_seller_then_due_and_by_age_oldest_first() {
    let dir = tempfile::tempdir().unwrap();
    let t = team(dir.path());
    let all = ActionFilter {
        status: StatusFilter::All,
        ..ActionFilter::default()
    };
    assert_eq!(
        titles(&t.store, &all, Sort::Seller),
        [
            "Send the revised forecast",
            "Invite me to the Acme call",
            "Forecast call prep",
            "Book the pricing review",
            "Draft the Northwind email",
            "Ask legal about the MSA",
            "Update the territory plan",
        ]
    );
    assert_eq!(
        titles(&t.store, &all, Sort::Age)[..3],
        [
            "Send the revised forecast",
            "Invite me to the Acme call",
            "Draft the Northwind email"
        ]
    );
}

#[test]
fn filters_combine() {
    let dir = tempfile::tempdir().unwrap();
    let t = team(dir.path());
    let overdue = ActionFilter {
        overdue: true,
        ..ActionFilter::default()
    };
    assert_eq!(
        titles(&t.store, &overdue, Sort::Due),
        ["Send the revised forecast", "Book the pricing review"]
    );
    let overdue_managers = ActionFilter {
        owner: Some(Owner::Manager),
        ..overdue.clone()
    };
    assert_eq!(
        titles(&t.store, &overdue_managers, Sort::Due),
        ["Book the pricing review"]
    );
    let anas_this_week = ActionFilter {
        seller: Some(t.ana),
        due_this_week: true,
        ..ActionFilter::default()
    };
    assert_eq!(
        titles(&t.store, &anas_this_week, Sort::Due),
        ["Invite me to the Acme call"],
        "Nov 20 is last week; Nov 29 is dropped"
    );
    let anas_all_this_week = ActionFilter {
        status: StatusFilter::All,
        ..anas_this_week
    };
    assert_eq!(
        titles(&t.store, &anas_all_this_week, Sort::Due),
        ["Invite me to the Acme call", "Forecast call prep"]
    );
    let done = ActionFilter {
        status: StatusFilter::Done,
        seller: Some(t.chloe),
        ..ActionFilter::default()
    };
    assert_eq!(
        titles(&t.store, &done, Sort::Due),
        ["Ask legal about the MSA"]
    );
    let dropped = ActionFilter {
        status: StatusFilter::Dropped,
        ..ActionFilter::default()
    };
    let list = t
        .store
        .list_actions(&dropped, Sort::Due, today(), this_week(), 100)
        .unwrap();
    assert_eq!(list.total, 1);
    assert_eq!(
        list.items[0].drop_reason.as_deref(),
        Some("the call moved to January")
    );
}

#[test]
fn text_search_finds_titles_and_sellers_ignoring_case() {
    let dir = tempfile::tempdir().unwrap();
    let t = team(dir.path());
    let search = |text: &str| ActionFilter {
        text: text.into(),
        ..ActionFilter::default()
    };
    assert_eq!(
        titles(&t.store, &search("FORECAST"), Sort::Due),
        ["Send the revised forecast"]
    );
    assert_eq!(
        titles(&t.store, &search("okafor"), Sort::Due),
        ["Book the pricing review", "Draft the Northwind email"]
    );
    // SQL wildcards are plain characters to a search.
    assert!(titles(&t.store, &search("%"), Sort::Due).is_empty());
    let ben_manager = ActionFilter {
        seller: Some(t.ben),
        owner: Some(Owner::Manager),
        text: "pricing".into(),
        ..ActionFilter::default()
    };
    assert_eq!(
        titles(&t.store, &ben_manager, Sort::Due),
        ["Book the pricing review"]
    );
}

fn status_of(store: &Store, id: i64) -> (ActionStatus, Option<NaiveDate>, String) {
    let a = store.action(id).unwrap();
    (a.status, a.due_on, a.seller.name)
}

#[test]
fn every_kind_of_change_undoes_and_redoes_several_steps_deep() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = team(dir.path());
    let open = t
        .store
        .list_actions(
            &ActionFilter::default(),
            Sort::Age,
            today(),
            this_week(),
            100,
        )
        .unwrap()
        .items;
    let (forecast, acme, northwind) = (open[0].id, open[1].id, open[2].id);
    let original: Vec<_> = [forecast, acme, northwind]
        .iter()
        .map(|id| status_of(&t.store, *id))
        .collect();

    // Five steps: done, a bulk new date, reassign, drop, and an addition.
    t.store
        .change_actions(&[forecast], &ActionChange::Done, now())
        .unwrap();
    let moved = t
        .store
        .change_actions(
            &[acme, northwind],
            &ActionChange::Due(Some(d("2026-12-02"))),
            now(),
        )
        .unwrap();
    assert_eq!(moved, 2);
    t.store
        .change_actions(
            &[acme],
            &ActionChange::Reassign {
                seller_id: Some(t.chloe),
                owner: Some(Owner::Manager),
            },
            now(),
        )
        .unwrap();
    t.store
        .change_actions(&[northwind], &ActionChange::Drop { reason: None }, now())
        .unwrap();
    let added = t
        .store
        .add_action(
            &ActionDraft {
                seller_id: t.ben,
                title: "Schedule the QBR prep".into(),
                owner: Owner::Seller,
                due_on: None,
            },
            now(),
        )
        .unwrap();

    // Undo across a reopening of the file: the journal is in the database.
    drop(t);
    let mut store = Store::open(&dir.path().join("cadence.db")).unwrap();
    assert_eq!(
        store.undo_action_change().unwrap().as_deref(),
        Some("added \"Schedule the QBR prep\"")
    );
    assert!(store.action(added).is_err(), "the addition is gone");
    assert_eq!(
        store.undo_action_change().unwrap().as_deref(),
        Some("dropped \"Draft the Northwind email\"")
    );
    assert_eq!(status_of(&store, northwind).0, ActionStatus::Open);
    store.undo_action_change().unwrap();
    assert_eq!(status_of(&store, acme).2, "Ana Ruiz", "reassignment undone");
    assert_eq!(
        store.undo_action_change().unwrap().as_deref(),
        Some("moved the due date of 2 items")
    );
    store.undo_action_change().unwrap();
    let back: Vec<_> = [forecast, acme, northwind]
        .iter()
        .map(|id| status_of(&store, *id))
        .collect();
    assert_eq!(back, original, "five undos restore the start");
    assert_eq!(store.action(forecast).unwrap().closed_at, None);

    // Redo walks forward again, in order.
    store.redo_action_change().unwrap();
    assert_eq!(status_of(&store, forecast).0, ActionStatus::Done);
    store.redo_action_change().unwrap();
    assert_eq!(status_of(&store, northwind).1, Some(d("2026-12-02")));

    // A new change forgets what was undone and not redone.
    store
        .change_actions(&[acme], &ActionChange::Due(None), now())
        .unwrap();
    assert_eq!(store.redo_action_change().unwrap(), None);
    assert_eq!(
        store.undo_action_change().unwrap().as_deref(),
        Some("moved the due date of \"Invite me to the Acme call\"")
    );
    assert_eq!(status_of(&store, acme).1, Some(d("2026-12-02")));
}

#[test]
fn undo_brings_back_an_edit_and_redo_reinstates_an_addition() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = team(dir.path());
    let id = t
        .store
        .add_action(
            &ActionDraft {
                seller_id: t.ana,
                title: "Share the battlecard".into(),
                owner: Owner::Seller,
                due_on: Some(d("2026-12-01")),
            },
            now(),
        )
        .unwrap();
    t.store
        .change_actions(
            &[id],
            &ActionChange::Edit(ActionDraft {
                seller_id: t.ben,
                title: "Share the new battlecard".into(),
                owner: Owner::Manager,
                due_on: None,
            }),
            now(),
        )
        .unwrap();
    t.store.undo_action_change().unwrap();
    let a = t.store.action(id).unwrap();
    assert_eq!(
        (a.title.as_str(), a.seller.id, a.owner, a.due_on),
        (
            "Share the battlecard",
            t.ana,
            Owner::Seller,
            Some(d("2026-12-01"))
        )
    );
    t.store.undo_action_change().unwrap();
    assert!(t.store.action(id).is_err());
    t.store.redo_action_change().unwrap();
    assert_eq!(t.store.action(id).unwrap().title, "Share the battlecard");
    t.store.redo_action_change().unwrap();
    assert_eq!(
        t.store.action(id).unwrap().title,
        "Share the new battlecard"
    );
}

#[test]
fn an_unknown_id_or_seller_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = team(dir.path());
    let first = t
        .store
        .list_actions(
            &ActionFilter::default(),
            Sort::Due,
            today(),
            this_week(),
            100,
        )
        .unwrap()
        .items[0]
        .id;
    let err = t
        .store
        .change_actions(&[first, 999], &ActionChange::Done, now())
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)));
    assert!(err.to_string().contains("no action item 999"), "{err}");
    assert_eq!(
        status_of(&t.store, first).0,
        ActionStatus::Open,
        "all or nothing"
    );
    let err = t
        .store
        .add_action(
            &ActionDraft {
                seller_id: 999,
                title: "x".into(),
                owner: Owner::Seller,
                due_on: None,
            },
            now(),
        )
        .unwrap_err();
    assert!(err.to_string().contains("no seller"), "{err}");
    let blank = ActionDraft {
        seller_id: t.ana,
        title: "  ".into(),
        owner: Owner::Seller,
        due_on: None,
    };
    assert!(t.store.add_action(&blank, now()).is_err());
}

#[test]
fn history_tells_what_happened_and_the_review_queue_is_ordered() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = team(dir.path());
    let week = Week::containing(today(), WeekStart::Monday);
    let queue: Vec<String> = t
        .store
        .review_queue(today(), week)
        .unwrap()
        .into_iter()
        .map(|a| a.title)
        .collect();
    assert_eq!(
        queue,
        [
            "Send the revised forecast",
            "Book the pricing review",
            "Invite me to the Acme call",
            "Draft the Northwind email",
        ],
        "overdue, then due this week, then undated; next week's item waits"
    );
    let forecast = t.store.review_queue(today(), week).unwrap()[0].id;
    t.store
        .change_actions(
            &[forecast],
            &ActionChange::Due(Some(d("2026-12-01"))),
            now(),
        )
        .unwrap();
    t.store.bring_to_next_one_on_one(forecast, now()).unwrap();
    let history: Vec<String> = t
        .store
        .action_history(forecast)
        .unwrap()
        .into_iter()
        .map(|h| h.text)
        .collect();
    assert_eq!(
        history,
        [
            "added",
            "due moved from Fri Nov 20 to Tue Dec 1",
            "brought to the next 1:1"
        ]
    );
}

#[test]
fn an_item_brought_to_the_next_one_on_one_is_on_its_agenda() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = team(dir.path());
    let forecast = t
        .store
        .review_queue(today(), Week::containing(today(), WeekStart::Monday))
        .unwrap()[0]
        .id;
    t.store.bring_to_next_one_on_one(forecast, now()).unwrap();
    let meeting = t
        .store
        .add_meeting(&NewMeeting {
            seller_id: Some(t.ana),
            kind: Kind::OneOnOne,
            starts_at: at("2026-11-30T09:00:00Z"),
            minutes: 30,
        })
        .unwrap();
    t.store.open_one_on_one(meeting).unwrap();
    t.store
        .set_purposes(
            meeting,
            &[cadence::domain::agenda::Purpose::Coaching],
            &[],
            support::berlin(),
        )
        .unwrap();
    let one = t.store.one_on_one(meeting).unwrap();
    let follow_up = one
        .items
        .iter()
        .find(|i| i.title == "Follow up: Send the revised forecast")
        .expect("the follow-up is on the agenda");
    assert_eq!(follow_up.owner, Owner::Manager);
    // A dropped item is not brought anywhere.
    t.store
        .change_actions(&[forecast], &ActionChange::Drop { reason: None }, now())
        .unwrap();
    assert!(t.store.bring_to_next_one_on_one(forecast, now()).is_err());
}

#[test]
fn an_undone_addition_never_lends_its_id_and_lists_can_be_capped() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = team(dir.path());
    let draft = |title: &str| ActionDraft {
        seller_id: t.ana,
        title: title.into(),
        owner: Owner::Seller,
        due_on: None,
    };
    let (first, second) = (draft("Tracker item"), draft("Landed item"));
    let id = t.store.add_action(&first, now()).unwrap();
    t.store.undo_action_change().unwrap();
    let other = t.store.add_action(&second, now()).unwrap();
    assert_ne!(id, other, "ids are not reused");
    // The new addition started a new branch: nothing is left to redo over it.
    assert_eq!(t.store.redo_action_change().unwrap(), None);
    assert_eq!(t.store.action(other).unwrap().title, "Landed item");

    let capped = t
        .store
        .list_actions(&ActionFilter::default(), Sort::Due, today(), this_week(), 2)
        .unwrap();
    assert_eq!((capped.items.len(), capped.total), (2, 6));
}

#[test]
fn a_reopened_item_is_closed_again_by_undo_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = team(dir.path());
    let dropped = t
        .store
        .list_actions(
            &ActionFilter {
                status: StatusFilter::Dropped,
                ..ActionFilter::default()
            },
            Sort::Due,
            today(),
            this_week(),
            100,
        )
        .unwrap()
        .items[0]
        .clone();
    t.store
        .change_actions(&[dropped.id], &ActionChange::Reopen, now())
        .unwrap();
    let open = t.store.action(dropped.id).unwrap();
    assert_eq!(
        (open.status, open.drop_reason, open.closed_at),
        (ActionStatus::Open, None, None)
    );
    assert_eq!(
        t.store.undo_action_change().unwrap().as_deref(),
        Some("reopened \"Forecast call prep\"")
    );
    let back = t.store.action(dropped.id).unwrap();
    assert_eq!(
        back, dropped,
        "status, reason and closing time all restored"
    );
}

#[test]
fn a_window_of_the_list_is_the_same_rows_as_the_whole_list_there_and_marks_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = team(dir.path());
    for i in 0..40 {
        let draft = ActionDraft {
            seller_id: if i % 3 == 0 { t.ben } else { t.ana },
            title: format!("Item {i:02}"),
            owner: Owner::Seller,
            due_on: Some(today() + chrono::Days::new(i % 7)),
        };
        t.store.add_action(&draft, now()).unwrap();
    }
    let all = ActionFilter {
        status: StatusFilter::All,
        ..ActionFilter::default()
    };
    for sort in [Sort::Due, Sort::Seller, Sort::Age] {
        let whole = t
            .store
            .list_actions(&all, sort, today(), this_week(), 1000)
            .unwrap();
        let window = t
            .store
            .action_window(&all, sort, today(), this_week(), 10, 15)
            .unwrap();
        assert_eq!(window.offset, 10);
        assert_eq!(window.total, whole.total, "{sort:?}: counted in all");
        assert_eq!(window.items, whole.items[10..25].to_vec(), "{sort:?}");
        let past_the_end = t
            .store
            .action_window(&all, sort, today(), this_week(), whole.total, 15)
            .unwrap();
        assert!(past_the_end.items.is_empty());
        assert_eq!(past_the_end.total, whole.total);
    }
    // Marks are kept on rows the filter still keeps, wherever they are in the list.
    let open = ActionFilter::default();
    let listed = t
        .store
        .list_actions(&open, Sort::Due, today(), this_week(), 1000)
        .unwrap();
    let (first, last) = (listed.items[0].id, listed.items[listed.total - 1].id);
    t.store
        .change_actions(&[first], &ActionChange::Done, now())
        .unwrap();
    let kept = t
        .store
        .still_listed(&open, today(), this_week(), &[first, last, 999_999])
        .unwrap();
    assert_eq!(kept, vec![(last, ActionStatus::Open)]);
    let kept = t
        .store
        .still_listed(&all, today(), this_week(), &[first, last])
        .unwrap();
    assert_eq!(
        kept,
        vec![(first, ActionStatus::Done), (last, ActionStatus::Open)]
    );
}

#[test]
fn the_overdue_count_past_a_window_counts_dated_open_items_before_today() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = team(dir.path());
    let overdue = ActionFilter {
        overdue: true,
        ..ActionFilter::default()
    };
    let before = t
        .store
        .list_actions(&overdue, Sort::Due, today(), this_week(), 1000)
        .unwrap()
        .total;
    // 12 a day or more late, 6 due today or later, 6 with no date.
    for i in 0..24u64 {
        let due_on = match i % 4 {
            0 | 1 => Some(today() - chrono::Days::new(1 + i)),
            2 => Some(today() + chrono::Days::new(i % 3)),
            _ => None,
        };
        let draft = ActionDraft {
            seller_id: t.ana,
            title: format!("Item {i:02}"),
            owner: Owner::Seller,
            due_on,
        };
        t.store.add_action(&draft, now()).unwrap();
    }
    // A full first window, so the rest are counted rather than read.
    let window = t
        .store
        .action_window(&overdue, Sort::Due, today(), this_week(), 0, 5)
        .unwrap();
    assert_eq!(window.items.len(), 5);
    assert_eq!(window.total, before + 12);
    assert!(!window.more);
}
