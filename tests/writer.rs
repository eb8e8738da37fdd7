//! The writer of typed text, driven through the cockpit in-process on a real file: when its
//! report shows, what a failed write leaves for the next one to compare against, and two
//! cockpits scoring one call on one file.

mod support;

use cadence::action::Action;
use cadence::app::App;
use cadence::clock::FixedClock;
use cadence::domain::rubric::Mark;
use cadence::model::{Pane, SaveState};
use cadence::store::Store;
use chrono::TimeDelta;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::time::Duration;
use support::{now, settings};

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

/// The sample team with a 1:1 and a call under way, in `dir/cadence.db`.
fn live_meeting_and_call(dir: &std::path::Path) -> Store {
    let mut store = Store::open(&dir.join("cadence.db")).unwrap();
    cadence::demo::write_sample_team(&mut store, support::berlin(), now()).unwrap();
    store
        .start_sample_meeting_and_call(support::berlin(), now())
        .unwrap();
    store
}

/// Shows the writer's reports until `done` holds: the writer is a real thread on a real
/// disk, so this waits for it, however long it takes.
fn until(app: &mut App, done: impl Fn(&SaveState) -> bool) {
    while !done(&app.cockpit().save_state) {
        std::thread::sleep(Duration::from_millis(5));
        app.collect_outcomes();
    }
}

/// Types `text` into what is open for typing, and lets the pause save it.
fn type_and_pause(app: &mut App, clock: &FixedClock, text: &str) {
    for c in text.chars() {
        app.dispatch(Action::Type(key(c)));
    }
    clock.advance(TimeDelta::milliseconds(300));
    app.dispatch(Action::Tick);
    until(app, |s| *s != SaveState::Pending);
}

/// Makes the database at `path` unreadable for a while, as a file that is not SQLite, and
/// returns what it held, to write back: a writer that has not opened it yet cannot, and
/// every write it is given fails, as on a full disk. Its log is folded in first: a
/// connection would otherwise read the pages it needs from the log.
fn unreadable(path: &std::path::Path) -> Vec<u8> {
    rusqlite::Connection::open(path)
        .unwrap()
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    let whole = std::fs::read(path).unwrap();
    std::fs::write(path, b"not a database yet").unwrap();
    whole
}

#[test]
fn saved_shows_when_the_write_lands_not_at_the_next_tick() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = live_meeting_and_call(dir.path());
    let clock = FixedClock::new(now());
    let mut app = writing_notes(&mut store, &clock);
    for c in "Budget".chars() {
        app.dispatch(Action::Type(key(c)));
    }
    // The loop wakes when the text falls due, before the tick.
    clock.advance(TimeDelta::milliseconds(100));
    assert_eq!(app.event_wait(Duration::ZERO), Duration::from_millis(200));
    clock.advance(TimeDelta::milliseconds(200));
    app.dispatch(Action::Tick);
    app.collect_outcomes();
    assert_eq!(app.cockpit().save_state, SaveState::Pending);
    // While the write is in flight the loop looks for its report often, a tick or not.
    assert!(
        app.event_wait(Duration::ZERO) <= Duration::from_millis(10),
        "{:?}",
        app.event_wait(Duration::ZERO)
    );
    until(&mut app, |s| *s == SaveState::Saved);
    // Written: the loop sleeps until the tick again.
    assert_eq!(
        app.event_wait(Duration::from_millis(50)),
        Duration::from_millis(200)
    );
}

#[test]
fn notes_that_could_not_be_written_are_written_once_when_there_is_room_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cadence.db");
    let mut store = live_meeting_and_call(dir.path());
    let clock = FixedClock::new(now());
    let mut app = App::new(&mut store, &clock, settings(), "cadence.db".into());
    app.resume_live();
    app.save_drafts_in_background().unwrap();
    let meeting = app.cockpit().live.as_ref().unwrap().meeting_id();
    app.dispatch(Action::Focus(Pane::Meeting));
    app.dispatch(Action::EditNotes);
    // Every write fails for a while, and more is typed meanwhile.
    let whole = unreadable(&path);
    type_and_pause(&mut app, &clock, "Budget");
    assert!(matches!(app.cockpit().save_state, SaveState::NotSaved(_)));
    type_and_pause(&mut app, &clock, " approved");
    assert!(matches!(app.cockpit().save_state, SaveState::NotSaved(_)));
    // Room again: the next write lands, over the text that was last stored.
    std::fs::write(&path, whole).unwrap();
    type_and_pause(&mut app, &clock, " for Q1");
    assert_eq!(app.cockpit().save_state, SaveState::Saved);
    let shown = app.cockpit().live.as_ref().unwrap().typed_text();
    assert_eq!(shown, "Budget approved for Q1");
    assert!(app.close().is_empty(), "nothing left unsaved");
    drop(app);

    let db = path.to_str().unwrap();
    let recap = support::stdout(&support::run(
        dir.path(),
        &["meeting", "show", &meeting.to_string(), "--db", db],
    ));
    assert_eq!(
        recap.matches("Budget approved for Q1").count(),
        1,
        "{recap}"
    );
    assert_eq!(recap.matches("Budget").count(), 1, "{recap}");
    assert!(!recap.contains("another cockpit"), "{recap}");
}

/// Shows the reports until every write handed over is in.
fn settled(app: &mut App) {
    until(app, |s| *s != SaveState::Pending);
}

/// The live call as cockpit `app` shows it.
fn card<'a>(app: &'a App<'_>) -> &'a cadence::store::Scorecard {
    &app.cockpit()
        .scoring
        .as_ref()
        .expect("a call being scored")
        .card
}

/// The cockpit on `store` with its writer of typed text on a thread, the 1:1 resumed, and
/// the notes of its current item open for typing.
fn writing_notes<'a>(store: &'a mut Store, clock: &'a FixedClock) -> App<'a> {
    let mut app = App::new(store, clock, settings(), "cadence.db".into());
    app.resume_live();
    app.save_drafts_in_background().unwrap();
    app.dispatch(Action::Focus(Pane::Meeting));
    app.dispatch(Action::EditNotes);
    app
}

/// A cockpit on the call being scored, writing in the background.
fn scoring<'a>(store: &'a mut Store, clock: &'a FixedClock) -> App<'a> {
    let mut app = App::new(store, clock, settings(), "cadence.db".into());
    app.resume_live();
    app.save_drafts_in_background().unwrap();
    app.dispatch(Action::Focus(Pane::Scorecard));
    app
}

#[test]
fn two_cockpits_on_one_call_show_each_others_marks_and_the_last_one_stands() {
    let dir = tempfile::tempdir().unwrap();
    let mut first = live_meeting_and_call(dir.path());
    let mut second = Store::open(&dir.path().join("cadence.db")).unwrap();
    let clock = FixedClock::new(now());
    let mut a = scoring(&mut first, &clock);
    let mut b = scoring(&mut second, &clock);
    let agenda = card(&a).rubric.criteria[0].key.clone();
    a.dispatch(Action::Score(4));
    settled(&mut a);
    b.reload_if_changed();
    assert_eq!(card(&b).marks.get(&agenda), Some(&Mark::Level(4)));
    // An observation made in one shows in the other.
    a.dispatch(Action::Observe);
    for c in "No agenda set".chars() {
        a.dispatch(Action::Type(key(c)));
    }
    a.dispatch(Action::Submit);
    b.reload_if_changed();
    let seen: Vec<&str> = card(&b)
        .observations
        .iter()
        .map(|o| o.text.as_str())
        .collect();
    assert_eq!(seen, ["No agenda set"]);
    // The second cockpit scores it again: the last mark stands, and the first one shows it
    // and says its mark was replaced.
    b.dispatch(Action::Score(2));
    settled(&mut b);
    a.reload_if_changed();
    assert_eq!(card(&a).marks.get(&agenda), Some(&Mark::Level(2)));
    let notice = format!("{:?}", a.cockpit().notice);
    assert!(notice.contains("Changed in another cockpit"), "{notice}");
    assert!(notice.contains("now 2"), "{notice}");
    // The weighted score follows the mark that stands.
    assert_eq!(
        a.cockpit().scoring.as_ref().unwrap().score(),
        b.cockpit().scoring.as_ref().unwrap().score()
    );
}

#[test]
fn a_mark_still_being_written_is_not_undone_by_a_reload() {
    let dir = tempfile::tempdir().unwrap();
    let mut first = live_meeting_and_call(dir.path());
    let clock = FixedClock::new(now());
    let mut a = scoring(&mut first, &clock);
    let agenda = card(&a).rubric.criteria[0].key.clone();
    let whole = unreadable(&dir.path().join("cadence.db"));
    a.dispatch(Action::Score(4));
    settled(&mut a);
    std::fs::write(dir.path().join("cadence.db"), whole).unwrap();
    // Another program writes, so the cockpit reads the call again: the mark not yet
    // stored stays as scored, and no one is said to have replaced it.
    support::run(
        dir.path(),
        &[
            "actions",
            "add",
            "Call the customer back",
            "--db",
            dir.path().join("cadence.db").to_str().unwrap(),
        ],
    );
    a.reload_if_changed();
    assert_eq!(card(&a).marks.get(&agenda), Some(&Mark::Level(4)));
    let notice = format!("{:?}", a.cockpit().notice);
    assert!(!notice.contains("another cockpit"), "{notice}");
}

#[test]
fn evidence_written_in_two_cockpits_keeps_both_texts_and_the_second_writer_is_told() {
    let dir = tempfile::tempdir().unwrap();
    let mut first = live_meeting_and_call(dir.path());
    let mut second = Store::open(&dir.path().join("cadence.db")).unwrap();
    let clock = FixedClock::new(now());
    let mut a = scoring(&mut first, &clock);
    let mut b = scoring(&mut second, &clock);
    let agenda = card(&a).rubric.criteria[0].key.clone();
    a.dispatch(Action::EditNotes);
    type_and_pause(&mut a, &clock, "Opened with the goals");
    b.reload_if_changed();
    assert_eq!(
        card(&b).evidence.get(&agenda).map(String::as_str),
        Some("Opened with the goals")
    );
    // Both write over that text at once.
    b.dispatch(Action::EditNotes);
    type_and_pause(&mut b, &clock, ", then the demo");
    type_and_pause(&mut a, &clock, " and timings");
    let notice = format!("{:?}", a.cockpit().notice);
    assert!(
        notice.contains("also changed in another cockpit"),
        "{notice}"
    );
    let stored = card(&a).clone();
    drop((a, b));
    let kept = Store::open(&dir.path().join("cadence.db"))
        .unwrap()
        .scorecard(stored.id)
        .unwrap()
        .evidence[&agenda]
        .clone();
    assert!(
        kept.contains("Opened with the goals, then the demo"),
        "{kept}"
    );
    assert!(kept.contains("Opened with the goals and timings"), "{kept}");
    assert!(kept.contains("another cockpit"), "{kept}");
}

#[test]
fn a_cockpit_whose_mark_replaces_another_cockpits_is_told_and_its_mark_stands() {
    let dir = tempfile::tempdir().unwrap();
    let mut first = live_meeting_and_call(dir.path());
    let mut second = Store::open(&dir.path().join("cadence.db")).unwrap();
    let clock = FixedClock::new(now());
    let mut a = scoring(&mut first, &clock);
    let mut b = scoring(&mut second, &clock);
    let criterion = card(&a).rubric.criteria[0].clone();
    a.dispatch(Action::Score(4));
    settled(&mut a);
    // The second cockpit has not read the 4 yet: its 2 replaces it, and it is told so.
    b.dispatch(Action::Score(2));
    settled(&mut b);
    let notice = format!("{:?}", b.cockpit().notice);
    assert!(
        notice.contains(&format!(
            "{} was 4 in another cockpit; your 2 stands",
            criterion.name
        )),
        "{notice}"
    );
    let id = card(&a).id;
    let stored = Store::open(&dir.path().join("cadence.db"))
        .unwrap()
        .scorecard(id)
        .unwrap();
    assert_eq!(stored.marks.get(&criterion.key), Some(&Mark::Level(2)));
    // Scored again over the mark it last wrote: no one else's is replaced, nothing is said.
    b.dispatch(Action::Score(3));
    settled(&mut b);
    let notice = format!("{:?}", b.cockpit().notice);
    assert!(!notice.contains("was 2 in another cockpit"), "{notice}");
    // A mark taken away over another cockpit's is told too.
    a.dispatch(Action::ClearScore);
    settled(&mut a);
    let notice = format!("{:?}", a.cockpit().notice);
    assert!(
        notice.contains(&format!(
            "{} was 3 in another cockpit; your unmarked stands",
            criterion.name
        )),
        "{notice}"
    );
}

#[test]
fn a_took_over_flag_set_over_another_cockpits_change_is_told() {
    let dir = tempfile::tempdir().unwrap();
    let mut first = live_meeting_and_call(dir.path());
    let mut second = Store::open(&dir.path().join("cadence.db")).unwrap();
    let clock = FixedClock::new(now());
    let mut a = scoring(&mut first, &clock);
    let mut b = scoring(&mut second, &clock);
    a.dispatch(Action::ToggleTookOver);
    let notice = format!("{:?}", a.cockpit().notice);
    assert!(!notice.contains("another cockpit"), "{notice}");
    // The second cockpit still shows "no" and sets it too: told it was set already.
    b.dispatch(Action::ToggleTookOver);
    let notice = format!("{:?}", b.cockpit().notice);
    assert!(
        notice.contains("Took over was already set to yes in another cockpit"),
        "{notice}"
    );
    // The first, not having read that, takes it back: told what it replaced.
    a.dispatch(Action::ToggleTookOver);
    let notice = format!("{:?}", a.cockpit().notice);
    assert!(!notice.contains("another cockpit"), "{notice}");
    assert!(!card(&a).took_over);
    b.dispatch(Action::ToggleTookOver);
    let notice = format!("{:?}", b.cockpit().notice);
    assert!(
        notice.contains("Took over was already set to no in another cockpit"),
        "{notice}"
    );
    let id = card(&a).id;
    let stored = Store::open(&dir.path().join("cadence.db"))
        .unwrap()
        .scorecard(id)
        .unwrap();
    assert!(!stored.took_over);
}

#[test]
fn evidence_that_could_not_be_written_is_written_once_when_there_is_room_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cadence.db");
    let mut store = live_meeting_and_call(dir.path());
    let clock = FixedClock::new(now());
    let mut app = scoring(&mut store, &clock);
    let (id, agenda) = (card(&app).id, card(&app).rubric.criteria[0].key.clone());
    app.dispatch(Action::EditNotes);
    // Every write fails for a while, and more is typed meanwhile.
    let whole = unreadable(&path);
    type_and_pause(&mut app, &clock, "Opened");
    assert!(matches!(app.cockpit().save_state, SaveState::NotSaved(_)));
    type_and_pause(&mut app, &clock, " with the goals");
    assert!(matches!(app.cockpit().save_state, SaveState::NotSaved(_)));
    // Room again: the next write lands once, over the text that was last stored.
    std::fs::write(&path, whole).unwrap();
    type_and_pause(&mut app, &clock, " and timings");
    assert_eq!(app.cockpit().save_state, SaveState::Saved);
    let notice = format!("{:?}", app.cockpit().notice);
    assert!(!notice.contains("another cockpit"), "{notice}");
    assert!(app.close().is_empty(), "nothing left unsaved");
    drop(app);
    let kept = Store::open(&path).unwrap().scorecard(id).unwrap().evidence[&agenda].clone();
    assert_eq!(kept, "Opened with the goals and timings");
}

/// A cockpit on the 1:1 being run, its landing open.
fn landing<'a>(store: &'a mut Store, clock: &'a FixedClock) -> App<'a> {
    let mut app = App::new(store, clock, settings(), "cadence.db".into());
    app.resume_live();
    app.save_drafts_in_background().unwrap();
    app.dispatch(Action::Focus(Pane::Meeting));
    app.dispatch(Action::EndMeeting);
    app
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.dispatch(Action::Type(key(c)));
    }
}

/// Adds an action item due on Friday to the landing.
fn add_action(app: &mut App, title: &str) {
    app.dispatch(Action::AddAction);
    type_text(app, title);
    app.dispatch(Action::NextField);
    app.dispatch(Action::NextField);
    type_text(app, "fri");
    app.dispatch(Action::Submit);
}

/// Adds `text` to the seller's comment in the landing.
fn comment(app: &mut App, text: &str) {
    app.dispatch(Action::Comment);
    type_text(app, text);
    app.dispatch(Action::Submit);
}

/// The landing open in cockpit `app`.
fn landing_shown<'a>(app: &'a App<'_>) -> &'a cadence::model::live::LandingDraft {
    match app.cockpit().overlays.last() {
        Some(cadence::model::Overlay::Landing(draft)) => draft,
        other => panic!("the landing is open: {other:?}"),
    }
}

fn titles(draft: &cadence::model::live::LandingDraft) -> Vec<&str> {
    draft.actions.iter().map(|a| a.title.as_str()).collect()
}

#[test]
fn two_cockpits_landing_one_1_1_keep_what_both_entered_and_are_told() {
    let dir = tempfile::tempdir().unwrap();
    let mut first = live_meeting_and_call(dir.path());
    let mut second = Store::open(&dir.path().join("cadence.db")).unwrap();
    let clock = FixedClock::new(now());
    let mut a = landing(&mut first, &clock);
    let mut b = landing(&mut second, &clock);
    let meeting = a.cockpit().live.as_ref().unwrap().meeting_id();
    comment(&mut a, "Useful");
    add_action(&mut a, "Send the pricing");
    // The second cockpit has read none of that: its comment is kept beside the first's.
    comment(&mut b, "Too long");
    let notice = format!("{:?}", b.cockpit().notice);
    assert!(
        notice.contains("also filled in another cockpit"),
        "{notice}"
    );
    assert_eq!(titles(landing_shown(&b)), ["Send the pricing"]);
    let both = landing_shown(&b).comment.clone();
    assert!(
        both.contains("Useful") && both.contains("Too long"),
        "{both}"
    );
    // An action item shown already is not added a second time.
    add_action(&mut b, "Send the pricing");
    assert_eq!(titles(landing_shown(&b)), ["Send the pricing"]);
    // The first cockpit's next change takes in what the second entered.
    add_action(&mut a, "Book the demo");
    let notice = format!("{:?}", a.cockpit().notice);
    assert!(
        notice.contains("also filled in another cockpit"),
        "{notice}"
    );
    assert_eq!(landing_shown(&a).comment, both);
    // The same action item typed in both, unseen, is kept once.
    add_action(&mut b, "Book the demo");
    assert_eq!(
        titles(landing_shown(&b)),
        ["Send the pricing", "Book the demo"]
    );
    b.dispatch(Action::Rate(4));
    a.dispatch(Action::Rate(5));
    assert_eq!(landing_shown(&a).rating, Some(5), "the rating given here");
    a.dispatch(Action::Submit);
    // The second lands too: the 1:1 is not landed again over the first landing.
    b.dispatch(Action::Submit);
    let notice = format!("{:?}", b.cockpit().notice);
    assert!(
        notice.contains("landed in another cockpit: 0 more action items"),
        "{notice}"
    );
    assert!(notice.contains("its rating (5) stands"), "{notice}");
    drop((a, b));
    let landed = Store::open(&dir.path().join("cadence.db"))
        .unwrap()
        .one_on_one(meeting)
        .unwrap();
    let mut agreed: Vec<&str> = landed.actions.iter().map(|a| a.title.as_str()).collect();
    agreed.sort_unstable();
    assert_eq!(agreed, ["Book the demo", "Send the pricing"]);
    assert_eq!(landed.rating, Some(5));
    let kept = landed.comment.unwrap_or_default();
    assert_eq!(kept.matches("Useful").count(), 1, "{kept}");
    assert_eq!(kept.matches("Too long").count(), 1, "{kept}");
}

#[test]
fn a_1_1_landed_in_another_cockpit_is_not_landed_again_and_what_was_entered_is_added() {
    let dir = tempfile::tempdir().unwrap();
    let mut first = live_meeting_and_call(dir.path());
    let mut second = Store::open(&dir.path().join("cadence.db")).unwrap();
    let clock = FixedClock::new(now());
    let mut a = landing(&mut first, &clock);
    let mut b = landing(&mut second, &clock);
    let meeting = a.cockpit().live.as_ref().unwrap().meeting_id();
    a.dispatch(Action::NoActions);
    a.dispatch(Action::Rate(3));
    comment(&mut a, "Good");
    a.dispatch(Action::Submit);
    let minutes = Store::open(&dir.path().join("cadence.db"))
        .unwrap()
        .one_on_one(meeting)
        .unwrap()
        .actual_minutes;
    // The second cockpit reads the change, its landing still open, and goes on entering.
    clock.advance(TimeDelta::minutes(5));
    b.reload_if_changed();
    add_action(&mut b, "Call the customer");
    let notice = format!("{:?}", b.cockpit().notice);
    assert!(
        notice.contains("This 1:1 was landed in another cockpit: Enter adds"),
        "{notice}"
    );
    comment(&mut b, "Pricing unclear");
    b.dispatch(Action::Rate(4));
    b.dispatch(Action::Submit);
    let notice = format!("{:?}", b.cockpit().notice);
    assert!(
        notice.contains(
            "landed in another cockpit: 1 more action item added to it, and your comment \
             beside its own; its rating (3) stands"
        ),
        "{notice}"
    );
    drop((a, b));
    let landed = Store::open(&dir.path().join("cadence.db"))
        .unwrap()
        .one_on_one(meeting)
        .unwrap();
    let agreed: Vec<&str> = landed.actions.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(agreed, ["Call the customer"]);
    assert!(!landed.no_actions, "it has an action item now");
    assert_eq!(landed.rating, Some(3));
    assert_eq!(landed.actual_minutes, minutes, "landed once, as it was");
    let kept = landed.comment.unwrap_or_default();
    assert!(
        kept.starts_with("Good") && kept.ends_with("Pricing unclear"),
        "{kept}"
    );
}

#[test]
fn what_could_not_be_written_is_tried_again_two_seconds_later_on_the_cockpits_clock() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cadence.db");
    let mut store = live_meeting_and_call(dir.path());
    let clock = FixedClock::new(now());
    let mut app = writing_notes(&mut store, &clock);
    let whole = unreadable(&path);
    type_and_pause(&mut app, &clock, "Budget");
    assert!(matches!(app.cockpit().save_state, SaveState::NotSaved(_)));
    // Room again, but nothing typed: the retry, and nothing else, writes the text.
    std::fs::write(&path, whole).unwrap();
    clock.advance(TimeDelta::milliseconds(1_900));
    app.time_passes();
    until(&mut app, |s| *s != SaveState::Pending);
    assert!(
        matches!(app.cockpit().save_state, SaveState::NotSaved(_)),
        "tried again before two seconds: {:?}",
        app.cockpit().save_state
    );
    clock.advance(TimeDelta::milliseconds(100));
    app.time_passes();
    until(&mut app, |s| *s != SaveState::Pending);
    assert_eq!(app.cockpit().save_state, SaveState::Saved);
}

#[test]
fn damage_only_the_writer_of_typed_text_meets_stops_every_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cadence.db");
    let mut store = live_meeting_and_call(dir.path());
    let clock = FixedClock::new(now());
    let mut app = writing_notes(&mut store, &clock);
    type_and_pause(&mut app, &clock, "Budget");
    assert_eq!(app.cockpit().save_state, SaveState::Saved);
    // The agenda items' pages are damaged; the cockpit reads nothing more (no tick reloads
    // it here), so the writer is the one to meet the damage.
    support::damage_pages_of(path.to_str().unwrap(), "'agenda_items'");
    type_and_pause(&mut app, &clock, " approved");
    assert!(
        app.writing_stopped()
            .is_some_and(|why| why.contains("damaged")),
        "{:?}",
        app.cockpit().notice
    );
    assert_eq!(
        app.cockpit().writing_stopped.as_deref(),
        Some("database damaged")
    );
}

#[test]
fn a_landing_left_without_enter_after_another_cockpit_landed_is_added_on_the_way_out() {
    let dir = tempfile::tempdir().unwrap();
    let mut first = live_meeting_and_call(dir.path());
    let mut second = Store::open(&dir.path().join("cadence.db")).unwrap();
    let clock = FixedClock::new(now());
    let mut a = landing(&mut first, &clock);
    let mut b = landing(&mut second, &clock);
    let meeting = a.cockpit().live.as_ref().unwrap().meeting_id();
    a.dispatch(Action::NoActions);
    a.dispatch(Action::Rate(3));
    a.dispatch(Action::Submit);
    clock.advance(TimeDelta::minutes(5));
    b.reload_if_changed();
    add_action(&mut b, "Call the customer");
    comment(&mut b, "Pricing unclear");
    // The second cockpit quits with its landing open: no Enter.
    let said = b.close();
    assert!(
        said.iter()
            .any(|s| s.contains("1 more action item added to it")),
        "{said:?}"
    );
    drop((a, b));
    let landed = Store::open(&dir.path().join("cadence.db"))
        .unwrap()
        .one_on_one(meeting)
        .unwrap();
    let agreed: Vec<&str> = landed.actions.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(agreed, ["Call the customer"]);
    assert_eq!(landed.rating, Some(3), "the first landing's rating stands");
    assert!(
        landed
            .comment
            .unwrap_or_default()
            .contains("Pricing unclear")
    );
}
