//! Running 1:1s against a real store: agenda assembly and carry-over, the timer's stored
//! moments, and landing.

use cadence::domain::Kind;
use cadence::domain::Status;
use cadence::domain::agenda::{Owner, Purpose, Source, parse_template};
use cadence::domain::timer::Timer;
use cadence::store::{Landing, NewAction, NewMeeting, NewSeller, OneOnOneState, Store};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

mod support;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

fn coaching() -> Vec<(Purpose, cadence::domain::agenda::Template)> {
    vec![(
        Purpose::Coaching,
        parse_template(Purpose::Coaching.builtin_template()).unwrap(),
    )]
}

struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
    ana: i64,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("cadence.db")).unwrap();
    let ana = store
        .add_seller(&NewSeller {
            name: "Ana Ruiz",
            started_on: NaiveDate::from_ymd_opt(2021, 3, 1).unwrap(),
            motivation: "",
        })
        .unwrap();
    Fixture {
        _dir: dir,
        store,
        ana,
    }
}

fn one_on_one(f: &Fixture, starts: &str) -> i64 {
    f.store
        .add_meeting(&NewMeeting {
            seller_id: Some(f.ana),
            kind: Kind::OneOnOne,
            starts_at: at(starts),
            minutes: 30,
        })
        .unwrap()
}

#[test]
fn unfinished_items_are_carried_and_finished_ones_are_not() {
    let mut f = fixture();
    let first = one_on_one(&f, "2026-11-16T09:30:00Z");
    f.store.open_one_on_one(first).unwrap();
    f.store
        .set_purposes(first, &[Purpose::Coaching], &coaching(), support::berlin())
        .unwrap();
    f.store
        .add_agenda_item(first, "Territory plan", 10, Owner::Manager)
        .unwrap();
    f.store
        .add_agenda_item(first, "Hiring plan", 5, Owner::Manager)
        .unwrap();
    let items = f.store.one_on_one(first).unwrap().items;
    // All covered but the territory plan.
    for item in &items {
        let covered = item.title != "Territory plan";
        f.store
            .update_agenda_item(item.id, item.minutes, covered)
            .unwrap();
    }
    let landing = Landing {
        actions: vec![NewAction {
            title: "Send the mutual action plan".into(),
            owner: Owner::Seller,
            due_on: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        }],
        no_actions: false,
        rating: 4,
        comment: String::new(),
    };
    f.store
        .land_one_on_one(
            first,
            &landing,
            &Timer::default(),
            at("2026-11-16T10:00:00Z"),
        )
        .unwrap();
    f.store
        .add_agenda_request(
            "ana ruiz",
            "Pricing pushback at Acme",
            at("2026-11-20T08:00:00Z"),
        )
        .unwrap();

    let second = one_on_one(&f, "2026-11-23T09:30:00Z");
    f.store.open_one_on_one(second).unwrap();
    f.store
        .set_purposes(second, &[Purpose::Coaching], &coaching(), support::berlin())
        .unwrap();
    let agenda = f.store.one_on_one(second).unwrap();
    let sources: Vec<Source> = agenda.items.iter().map(|i| i.source).collect();
    assert_eq!(
        &sources[..3],
        &[Source::Seller, Source::Carried, Source::Actions]
    );
    assert_eq!(agenda.items[0].title, "Pricing pushback at Acme");
    assert_eq!(
        agenda.items[1].title, "Territory plan",
        "the unfinished item"
    );
    assert_eq!(agenda.items[1].carried_count, 1);
    assert_eq!(
        agenda.items[1].carried_from,
        NaiveDate::from_ymd_opt(2026, 11, 16)
    );
    assert_eq!(agenda.items[2].title, "Review open action items (1)");
    let carried = agenda
        .items
        .iter()
        .filter(|i| i.source == Source::Carried)
        .count();
    assert_eq!(carried, 1, "covered items are not carried");
    assert_eq!(
        agenda.items.len(),
        3 + coaching()[0].1.items.len(),
        "covered items are not carried"
    );
    assert_eq!(agenda.current_item, Some(agenda.items[0].id));
    // The seller's request was used up: a third 1:1 does not get it again.
    let third = one_on_one(&f, "2026-11-30T09:30:00Z");
    f.store.open_one_on_one(third).unwrap();
    f.store
        .set_purposes(third, &[Purpose::Coaching], &coaching(), support::berlin())
        .unwrap();
    let again = f.store.one_on_one(third).unwrap();
    assert!(again.items.iter().all(|i| i.source != Source::Seller));
}

#[test]
fn the_timer_is_stored_so_a_restart_resumes_it() {
    let mut f = fixture();
    let meeting = one_on_one(&f, "2026-11-30T09:30:00Z");
    f.store.open_one_on_one(meeting).unwrap();
    f.store
        .set_purposes(
            meeting,
            &[Purpose::Coaching],
            &coaching(),
            support::berlin(),
        )
        .unwrap();
    assert_eq!(
        f.store.live_one_on_one().unwrap(),
        None,
        "opened, never started"
    );
    let first_item = f.store.one_on_one(meeting).unwrap().items[0].id;
    let mut timer = Timer::default();
    timer.start(at("2026-11-30T09:30:00Z"));
    let stretch = timer.cut(at("2026-11-30T09:34:00Z"));
    f.store
        .save_timer(
            meeting,
            &timer,
            Some(first_item),
            Some((first_item, stretch)),
        )
        .unwrap();
    // A new process reads it back.
    assert_eq!(f.store.live_one_on_one().unwrap(), Some(meeting));
    let restored = f.store.one_on_one(meeting).unwrap();
    assert_eq!(restored.timer, timer);
    assert_eq!(restored.items[0].booked, TimeDelta::minutes(4));
    assert_eq!(
        restored.timer.elapsed(at("2026-11-30T09:41:00Z")),
        TimeDelta::minutes(11)
    );
}

#[test]
fn landing_needs_actions_or_none_and_marks_the_meeting_held() {
    let mut f = fixture();
    let meeting = one_on_one(&f, "2026-11-30T09:30:00Z");
    f.store.open_one_on_one(meeting).unwrap();
    let mut landing = Landing {
        actions: Vec::new(),
        no_actions: false,
        rating: 3,
        comment: " ".into(),
    };
    let mut timer = Timer::default();
    timer.start(at("2026-11-30T09:30:00Z"));
    let end = at("2026-11-30T10:04:10Z");
    f.store
        .save_landing_draft(meeting, Some("{\"rating\":3}"))
        .unwrap();
    let stored = f.store.one_on_one(meeting).unwrap().landing_draft;
    assert_eq!(stored.as_deref(), Some("{\"rating\":3}"));
    let err = f
        .store
        .land_one_on_one(meeting, &landing, &timer, end)
        .unwrap_err();
    assert!(err.to_string().contains("no actions"), "{err}");
    landing.no_actions = true;
    f.store
        .land_one_on_one(meeting, &landing, &timer, end)
        .unwrap();
    let landed = f.store.one_on_one(meeting).unwrap();
    assert_eq!(landed.state, OneOnOneState::Landed);
    assert_eq!(landed.landing_draft, None, "the draft goes once landed");
    assert_eq!(landed.actual_minutes, Some(34));
    assert_eq!(
        (landed.rating, landed.comment.as_deref(), landed.no_actions),
        (Some(3), None, true)
    );
    assert_eq!(landed.meeting.status, Status::Held);
    // Landed again (from another cockpit): an amendment, which here adds nothing.
    assert_eq!(
        f.store
            .land_one_on_one(meeting, &landing, &timer, end)
            .unwrap(),
        cadence::store::Landed::Elsewhere {
            added: 0,
            comment_added: false,
            rating: Some(3)
        },
        "lands once"
    );
    assert_eq!(
        f.store.one_on_one(meeting).unwrap().actual_minutes,
        Some(34)
    );
    assert_eq!(f.store.live_one_on_one().unwrap(), None);
}

#[test]
fn only_a_1_1_with_a_seller_runs_live() {
    let f = fixture();
    let team = f
        .store
        .add_meeting(&NewMeeting {
            seller_id: None,
            kind: Kind::TeamMeeting,
            starts_at: at("2026-11-30T08:00:00Z"),
            minutes: 60,
        })
        .unwrap();
    let err = f.store.open_one_on_one(team).unwrap_err();
    assert!(err.to_string().contains("only a 1:1"), "{err}");
    let canceled = one_on_one(&f, "2026-11-30T09:30:00Z");
    f.store.cancel_meeting(canceled, "Seller out sick").unwrap();
    assert!(f.store.open_one_on_one(canceled).is_err());
}

/// Runs a 1:1 in the store: coaching agenda, `done` marks covered items, then lands it.
fn run(f: &mut Fixture, meeting: i64, covered: impl Fn(&cadence::store::AgendaItem) -> bool) {
    f.store.open_one_on_one(meeting).unwrap();
    f.store
        .set_purposes(
            meeting,
            &[Purpose::Coaching],
            &coaching(),
            support::berlin(),
        )
        .unwrap();
    for item in f.store.one_on_one(meeting).unwrap().items {
        f.store
            .update_agenda_item(item.id, item.minutes, covered(&item))
            .unwrap();
    }
    let landing = Landing {
        actions: Vec::new(),
        no_actions: true,
        rating: 3,
        comment: String::new(),
    };
    let end = f.store.meeting(meeting).unwrap().starts_at + TimeDelta::minutes(30);
    f.store
        .land_one_on_one(meeting, &landing, &Timer::default(), end)
        .unwrap();
}

#[test]
fn an_item_that_keeps_slipping_counts_its_carries_and_templates_are_not_doubled() {
    let mut f = fixture();
    let first = one_on_one(&f, "2026-11-09T09:30:00Z");
    f.store.open_one_on_one(first).unwrap();
    f.store
        .add_agenda_item(first, "Territory plan", 10, Owner::Manager)
        .unwrap();
    // Uncovered template items are not carried: the template brings them back anyway.
    run(&mut f, first, |_| false);
    let second = one_on_one(&f, "2026-11-16T09:30:00Z");
    run(&mut f, second, |item| item.source == Source::Template);
    let third = one_on_one(&f, "2026-11-23T09:30:00Z");
    f.store.open_one_on_one(third).unwrap();
    f.store
        .set_purposes(third, &[Purpose::Coaching], &coaching(), support::berlin())
        .unwrap();
    let agenda = f.store.one_on_one(third).unwrap();
    let carried: Vec<_> = agenda
        .items
        .iter()
        .filter(|i| i.source == Source::Carried)
        .collect();
    assert_eq!(carried.len(), 1, "{:?}", agenda.items);
    assert_eq!(carried[0].title, "Territory plan");
    assert_eq!(carried[0].carried_count, 2);
    assert_eq!(
        carried[0].carried_from,
        NaiveDate::from_ymd_opt(2026, 11, 16)
    );
    let templates = agenda
        .items
        .iter()
        .filter(|i| i.source == Source::Template)
        .count();
    assert_eq!(templates, coaching()[0].1.items.len());
}

#[test]
fn an_item_added_before_the_purpose_does_not_skip_the_assembly() {
    let mut f = fixture();
    f.store
        .add_agenda_request("Ana Ruiz", "Pricing", at("2026-11-20T08:00:00Z"))
        .unwrap();
    let meeting = one_on_one(&f, "2026-11-23T09:30:00Z");
    f.store.open_one_on_one(meeting).unwrap();
    f.store
        .add_agenda_item(meeting, "First thing", 5, Owner::Manager)
        .unwrap();
    f.store
        .set_purposes(
            meeting,
            &[Purpose::Coaching],
            &coaching(),
            support::berlin(),
        )
        .unwrap();
    let sources: Vec<Source> = f
        .store
        .one_on_one(meeting)
        .unwrap()
        .items
        .iter()
        .map(|i| i.source)
        .collect();
    assert_eq!(&sources[..2], &[Source::Added, Source::Seller]);
    assert!(sources.contains(&Source::Template));
}

#[test]
fn a_1_1_being_run_or_landed_is_not_closed_or_moved_from_the_week() {
    let mut f = fixture();
    let meeting = one_on_one(&f, "2026-11-30T09:30:00Z");
    f.store.open_one_on_one(meeting).unwrap();
    // Opened only to look at it: still free to cancel.
    let other = one_on_one(&f, "2026-12-07T09:30:00Z");
    f.store.open_one_on_one(other).unwrap();
    f.store.cancel_meeting(other, "Seller on leave").unwrap();
    // Started: the week's keys refuse, naming the way to close it.
    let mut timer = Timer::default();
    timer.start(at("2026-11-30T09:30:00Z"));
    f.store.save_timer(meeting, &timer, None, None).unwrap();
    for err in [
        f.store.set_held(meeting, true).unwrap_err(),
        f.store.cancel_meeting(meeting, "Busy").unwrap_err(),
        f.store
            .reschedule_meeting(meeting, at("2026-12-01T09:00:00Z"))
            .unwrap_err(),
    ] {
        assert!(err.to_string().contains("land it"), "{err}");
    }
    let landing = Landing {
        actions: Vec::new(),
        no_actions: true,
        rating: 4,
        comment: String::new(),
    };
    f.store
        .land_one_on_one(meeting, &landing, &timer, at("2026-11-30T10:00:00Z"))
        .unwrap();
    let err = f.store.set_held(meeting, false).unwrap_err();
    assert!(err.to_string().contains("has landed"), "{err}");
    assert_eq!(f.store.meeting(meeting).unwrap().status, Status::Held);
}

#[test]
fn notes_written_over_a_text_another_cockpit_changed_keep_both() {
    use cadence::domain::merge::BOTH;
    use cadence::store::NoteWrite;
    let mut f = fixture();
    let meeting = one_on_one(&f, "2026-11-30T09:30:00Z");
    f.store.open_one_on_one(meeting).unwrap();
    f.store
        .set_purposes(
            meeting,
            &[Purpose::Coaching],
            &coaching(),
            support::berlin(),
        )
        .unwrap();
    let item = f.store.one_on_one(meeting).unwrap().items[0].id;
    let other = Store::open(f.store.path()).unwrap();
    // Each writer read the empty notes; the other cockpit writes first.
    assert_eq!(
        other.save_notes_over(item, ("", ""), "alpha", "").unwrap(),
        NoteWrite::Written
    );
    let written = f.store.save_notes_over(item, ("", ""), "beta", "").unwrap();
    let both = format!("alpha\n\n{BOTH}\nbeta");
    assert_eq!(written, NoteWrite::Merged(both.clone(), String::new()));
    assert_eq!(f.store.one_on_one(meeting).unwrap().items[0].notes, both);
    // Written over what it now knows, the next save is plain again.
    let more = format!("{both} and more");
    assert_eq!(
        f.store
            .save_notes_over(item, (&both, ""), &more, "")
            .unwrap(),
        NoteWrite::Written
    );
}

#[test]
fn a_landed_action_item_past_its_length_limit_is_refused_and_nothing_lands() {
    let mut f = fixture();
    let meeting = one_on_one(&f, "2026-11-30T09:30:00Z");
    f.store.open_one_on_one(meeting).unwrap();
    let landing = Landing {
        actions: vec![NewAction {
            title: "x".repeat(2001),
            owner: Owner::Seller,
            due_on: NaiveDate::from_ymd_opt(2026, 12, 4).unwrap(),
        }],
        no_actions: false,
        rating: 4,
        comment: String::new(),
    };
    let mut timer = Timer::default();
    timer.start(at("2026-11-30T09:30:00Z"));
    let err = f
        .store
        .land_one_on_one(meeting, &landing, &timer, at("2026-11-30T10:00:00Z"))
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("an action item's title may be at most 2000 characters; this one has 2001"),
        "{err}"
    );
    assert_ne!(
        f.store.one_on_one(meeting).unwrap().state,
        OneOnOneState::Landed
    );
}
