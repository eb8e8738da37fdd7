//! The live 1:1 in the meeting pane: timer, agenda, notes and landing, as state transitions
//! at a fake clock. No terminal, no database.

use cadence::action::{Action, Effect};
use cadence::config::Settings;
use cadence::domain::agenda::{Owner, Purpose, Source};
use cadence::domain::timer::Timer;
use cadence::domain::{Kind, Status, WeekStart};
use cadence::model::{Cockpit, Overlay, Pane};
use cadence::store::{AgendaItem, Meeting, OneOnOne, OneOnOneState, SellerRef};
use chrono::{DateTime, TimeDelta, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

mod support;

fn at(minutes: i64, seconds: i64) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-30T09:30:00Z")
        .unwrap()
        .with_timezone(&Utc)
        + TimeDelta::minutes(minutes)
        + TimeDelta::seconds(seconds)
}

fn item(id: i64, title: &str, minutes: u32) -> AgendaItem {
    AgendaItem {
        id,
        title: title.into(),
        minutes,
        owner: Owner::Seller,
        source: Source::Template,
        carried_from: None,
        carried_count: 0,
        done: false,
        booked: TimeDelta::zero(),
        notes: String::new(),
        private_notes: String::new(),
    }
}

fn one_on_one(items: Vec<AgendaItem>, purposes: Vec<Purpose>) -> OneOnOne {
    OneOnOne {
        meeting: Meeting {
            id: 7,
            rule_id: Some(1),
            seller: Some(SellerRef {
                id: 1,
                name: "Ana Ruiz".into(),
            }),
            kind: Kind::OneOnOne,
            starts_at: at(0, 0),
            minutes: 30,
            status: Status::Planned,
            cancel_reason: None,
            rescheduled_to: None,
            rescheduled_from: None,
        },
        purposes,
        state: OneOnOneState::Live,
        timer: Timer::default(),
        current_item: None,
        items,
        open_actions: Vec::new(),
        actions: Vec::new(),
        no_actions: false,
        rating: None,
        comment: None,
        ended_at: None,
        actual_minutes: None,
        landing_draft: None,
    }
}

fn cockpit_with(one: OneOnOne) -> Cockpit {
    let settings = Settings {
        zone: support::berlin(),
        week_start: WeekStart::Monday,
        ..Settings::default()
    };
    let (mut c, _) = Cockpit::new(settings, "test.db".into(), at(0, 0));
    c.live_loaded(one);
    c
}

fn running() -> Cockpit {
    cockpit_with(one_on_one(
        vec![
            item(1, "Check-in", 3),
            item(2, "A recent deal", 10),
            item(3, "Wrap-up", 5),
        ],
        vec![Purpose::Coaching],
    ))
}

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

/// What a timer save stored: the timer, the current item, and a stretch booked to an item.
type SavedTimer = (Timer, Option<i64>, Option<(i64, TimeDelta)>);

fn timer_of(effects: &[Effect]) -> Option<SavedTimer> {
    effects.iter().find_map(|e| match e {
        Effect::SaveTimer {
            timer,
            current_item,
            booked,
            ..
        } => Some((*timer, *current_item, *booked)),
        _ => None,
    })
}

#[test]
fn a_new_1_1_asks_for_its_purpose_and_opens_zoomed() {
    let c = cockpit_with(one_on_one(Vec::new(), Vec::new()));
    assert!(matches!(c.overlays.last(), Some(Overlay::Purpose(_))));
    assert_eq!(c.focus, Pane::Meeting);
    assert!(c.zoomed);
}

#[test]
fn one_purpose_is_the_rule_and_a_second_is_flagged() {
    let mut c = cockpit_with(one_on_one(Vec::new(), Vec::new()));
    assert!(c.update(Action::Submit, at(0, 0)).is_empty(), "none chosen");
    c.update(Action::Down, at(0, 0));
    c.update(Action::Down, at(0, 0));
    c.update(Action::Toggle, at(0, 0)); // deal
    c.update(Action::Down, at(0, 0));
    c.update(Action::Toggle, at(0, 0)); // coaching
    let effects = c.update(Action::Submit, at(0, 0));
    assert_eq!(
        effects,
        vec![Effect::SetPurposes {
            meeting: 7,
            purposes: vec![Purpose::Deal, Purpose::Coaching]
        }]
    );
    assert!(c.live.as_ref().unwrap().too_much());
}

#[test]
fn the_timer_books_time_to_whichever_item_is_current() {
    let mut c = running();
    let effects = c.update(Action::ToggleTimer, at(0, 0));
    let (timer, current, booked) = timer_of(&effects).unwrap();
    assert!(timer.running());
    assert_eq!((current, booked), (Some(1), None));
    // Four minutes on the check-in, then on to the deal: the check-in is covered.
    let effects = c.update(Action::NextItem, at(4, 0));
    assert!(effects.contains(&Effect::UpdateAgendaItem {
        item: 1,
        minutes: 3,
        done: true
    }));
    let (_, current, booked) = timer_of(&effects).unwrap();
    assert_eq!(current, Some(2));
    assert_eq!(booked, Some((1, TimeDelta::minutes(4))));
    // Pause for a phone call: nothing is booked while paused.
    let effects = c.update(Action::ToggleTimer, at(6, 0));
    assert_eq!(
        timer_of(&effects).unwrap().2,
        Some((2, TimeDelta::minutes(2)))
    );
    c.update(Action::ToggleTimer, at(10, 0));
    let live = c.live.as_ref().unwrap();
    assert_eq!(live.elapsed(at(11, 0)), TimeDelta::minutes(7));
    let deal = &live.items[1];
    assert_eq!(
        deal.elapsed(&live.one.timer, true, at(11, 0)),
        TimeDelta::minutes(3)
    );
    // Back to the check-in: time goes to it again, and it stays covered.
    c.update(Action::PrevItem, at(12, 0));
    let live = c.live.as_ref().unwrap();
    assert_eq!(live.current, Some(0));
    assert_eq!(live.items[1].item.booked, TimeDelta::minutes(4));
    assert!(live.items[0].item.done);
}

#[test]
fn an_overrun_item_shows_in_its_own_time() {
    let mut c = running();
    c.update(Action::ToggleTimer, at(0, 0));
    let live = c.live.as_ref().unwrap();
    let check_in = &live.items[0];
    let elapsed = check_in.elapsed(&live.one.timer, true, at(4, 30));
    assert_eq!(
        cadence::domain::timer::gauge(elapsed, 3, cadence::domain::timer::ITEM_MARGIN),
        cadence::domain::timer::Gauge::Over
    );
}

#[test]
fn notes_are_saved_when_typing_pauses_and_at_once_on_changes() {
    let mut c = running();
    c.update(Action::EditNotes, at(0, 0));
    assert_eq!(c.key_scope(), cadence::keymap::Scope::Notes);
    for ch in "Busy".chars() {
        c.update(Action::Type(key(ch)), at(0, 1));
    }
    assert!(
        c.update(Action::Tick, at(0, 1)).is_empty(),
        "not while the keys are coming"
    );
    assert_eq!(
        c.autosave.due_at(),
        Some(at(0, 1) + TimeDelta::milliseconds(300))
    );
    let effects = c.update(Action::Tick, at(0, 2));
    assert_eq!(
        effects,
        vec![Effect::SaveNotes {
            item: 1,
            base: (String::new(), String::new()),
            notes: "Busy".into(),
            private_notes: String::new()
        }]
    );
    assert!(
        c.update(Action::Tick, at(0, 3)).is_empty(),
        "nothing new to save"
    );
    // Private notes go to their own field.
    c.update(Action::Back, at(0, 3));
    c.update(Action::TogglePrivate, at(0, 3));
    c.update(Action::EditNotes, at(0, 3));
    c.update(Action::Type(key('!')), at(0, 4));
    // Moving on saves at once, before the item changes.
    c.update(Action::Back, at(0, 4));
    c.update(Action::EditNotes, at(0, 4));
    c.update(Action::Type(key('?')), at(0, 5));
    c.update(Action::Back, at(0, 5));
    let live = c.live.as_mut().unwrap();
    assert_eq!(live.items[0].item.private_notes, "!?");
    live.start_typing();
    live.type_key(key('x'));
    let effects = c.update(Action::Quit, at(0, 6));
    assert_eq!(
        effects,
        vec![Effect::SaveNotes {
            item: 1,
            base: ("Busy".into(), "!?".into()),
            notes: "Busy".into(),
            private_notes: "!?x".into()
        }]
    );
}

#[test]
fn the_agenda_can_be_reordered_retimed_and_trimmed() {
    let mut c = running();
    c.update(Action::Down, at(0, 0));
    assert_eq!(
        c.update(Action::MoveItemUp, at(0, 0)),
        vec![Effect::ReorderAgenda {
            meeting: 7,
            order: vec![2, 1, 3]
        }]
    );
    assert_eq!(
        c.update(Action::MoreTime, at(0, 0)),
        vec![Effect::UpdateAgendaItem {
            item: 2,
            minutes: 11,
            done: false
        }]
    );
    c.update(Action::RemoveItem, at(0, 0));
    assert_eq!(
        c.update(Action::Confirm, at(0, 0)),
        vec![Effect::RemoveAgendaItem(2)]
    );
    c.update(Action::AddItem, at(0, 0));
    for ch in "Pricing".chars() {
        c.update(Action::Type(key(ch)), at(0, 0));
    }
    assert_eq!(
        c.update(Action::Submit, at(0, 0)),
        vec![Effect::AddAgendaItem {
            meeting: 7,
            title: "Pricing".into(),
            minutes: 5,
            owner: Owner::Seller
        }]
    );
}

#[test]
fn a_meeting_lands_only_with_actions_or_none_and_a_rating() {
    let mut c = running();
    c.update(Action::ToggleTimer, at(0, 0));
    c.update(Action::EndMeeting, at(31, 0));
    assert!(c.update(Action::Submit, at(31, 0)).is_empty());
    let Some(Overlay::Landing(draft)) = c.overlays.last() else {
        panic!("landing open")
    };
    assert!(draft.error.as_deref().unwrap().contains("no actions"));
    // An action with a due date as people say it.
    c.update(Action::AddAction, at(31, 0));
    for ch in "Submit a revised forecast".chars() {
        c.update(Action::Type(key(ch)), at(31, 0));
    }
    c.update(Action::NextField, at(31, 0));
    c.update(Action::NextField, at(31, 0));
    for ch in "someday".chars() {
        c.update(Action::Type(key(ch)), at(31, 0));
    }
    assert!(c.update(Action::Submit, at(31, 0)).is_empty());
    let Some(Overlay::Form(dialog)) = c.overlays.last() else {
        panic!("the action form stays")
    };
    assert!(dialog.form.error.as_deref().unwrap().contains("'+3d'"));
    for _ in 0.."someday".len() {
        c.update(
            Action::Type(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE)),
            at(31, 0),
        );
    }
    for ch in "fri".chars() {
        c.update(Action::Type(key(ch)), at(31, 0));
    }
    c.update(Action::Submit, at(31, 0));
    assert!(
        c.update(Action::Submit, at(31, 0)).is_empty(),
        "no rating yet"
    );
    c.update(Action::Rate(4), at(31, 0));
    let effects = c.update(Action::Submit, at(32, 0));
    let [
        Effect::SaveTimer { .. },
        Effect::Land {
            meeting: 7,
            landing,
            timer,
            ..
        },
    ] = effects.as_slice()
    else {
        panic!("expected a landing, got {effects:?}");
    };
    assert_eq!(landing.rating, 4);
    assert!(!landing.no_actions);
    assert_eq!(landing.actions.len(), 1);
    assert_eq!(landing.actions[0].due_on.to_string(), "2026-12-04");
    assert_eq!(timer.elapsed(at(32, 0)), TimeDelta::minutes(32));
}

#[test]
fn no_actions_is_an_explicit_choice_and_esc_returns_to_the_meeting() {
    let mut c = running();
    c.update(Action::EndMeeting, at(1, 0));
    c.update(Action::NoActions, at(1, 0));
    c.update(Action::Rate(2), at(1, 0));
    c.update(Action::Back, at(1, 0));
    assert!(c.overlays.is_empty(), "back in the meeting");
    c.update(Action::EndMeeting, at(1, 0));
    let effects = c.update(Action::Submit, at(1, 0));
    assert!(matches!(effects.last(), Some(Effect::Land { landing, .. }) if landing.no_actions));
}

#[test]
fn s_starts_an_unplanned_1_1_with_a_chosen_seller() {
    let settings = Settings {
        zone: support::berlin(),
        week_start: WeekStart::Monday,
        ..Settings::default()
    };
    let (mut c, _) = Cockpit::new(settings, "test.db".into(), at(0, 0));
    c.reference_data_loaded(
        vec![
            SellerRef {
                id: 1,
                name: "Ana Ruiz".into(),
            },
            SellerRef {
                id: 2,
                name: "Ben Okafor".into(),
            },
        ],
        Vec::new(),
    );
    c.update(Action::Focus(Pane::Meeting), at(0, 0));
    c.update(Action::StartUnplanned, at(0, 0));
    c.update(Action::Right, at(0, 0));
    assert_eq!(
        c.update(Action::Submit, at(0, 0)),
        vec![Effect::StartUnplanned(2)]
    );
}

#[test]
fn a_reload_keeps_unsaved_notes_and_the_selection() {
    let mut c = running();
    c.update(Action::Down, at(0, 0));
    c.update(Action::EditNotes, at(0, 0));
    c.update(Action::Type(key('a')), at(0, 0));
    // An agenda item is added elsewhere and the meeting reloads from the store.
    let mut fresh = one_on_one(
        vec![
            item(1, "Check-in", 3),
            item(2, "A recent deal", 10),
            item(3, "Wrap-up", 5),
            item(4, "New", 5),
        ],
        vec![Purpose::Coaching],
    );
    fresh.current_item = Some(1);
    c.live_loaded(fresh);
    let live = c.live.as_ref().unwrap();
    assert_eq!(live.items.len(), 4);
    assert_eq!(live.selected, 1);
    assert_eq!(live.items[1].shared.lines(), ["a"]);
    assert!(live.dirty);
}

#[test]
fn an_added_item_is_selected_once_it_is_stored() {
    let mut c = running();
    let mut fresh = one_on_one(
        vec![
            item(1, "Check-in", 3),
            item(2, "A recent deal", 10),
            item(3, "Wrap-up", 5),
            item(4, "Pricing", 5),
        ],
        vec![Purpose::Coaching],
    );
    fresh.current_item = Some(1);
    c.live_loaded(fresh);
    assert_eq!(c.live.as_ref().unwrap().selected, 3);
}

#[test]
fn a_meeting_reopened_after_a_crash_counts_the_time_away_on_its_item() {
    let mut one = one_on_one(
        vec![item(1, "Check-in", 3), item(2, "A recent deal", 10)],
        vec![Purpose::Coaching],
    );
    // Stored before the crash: 4 minutes banked, the deal current since minute 4 with
    // 1 minute already booked to it earlier, running.
    one.timer = Timer {
        banked: TimeDelta::minutes(4),
        running_since: Some(at(4, 0)),
    };
    one.current_item = Some(2);
    one.items[1].booked = TimeDelta::minutes(1);
    let c = cockpit_with(one);
    let live = c.live.as_ref().unwrap();
    assert_eq!(live.current, Some(1));
    assert_eq!(live.elapsed(at(9, 0)), TimeDelta::minutes(9));
    assert_eq!(
        live.items[1].elapsed(&live.one.timer, true, at(9, 0)),
        TimeDelta::minutes(6)
    );
}

#[test]
fn notes_are_saved_before_the_item_changes_or_the_timer_pauses() {
    let mut c = running();
    c.update(Action::ToggleTimer, at(0, 0));
    c.update(Action::EditNotes, at(0, 0));
    c.update(Action::Type(key('a')), at(0, 1));
    // Esc is not needed: n saves what was typed first.
    c.live.as_mut().unwrap().typing = false;
    let effects = c.update(Action::NextItem, at(0, 2));
    assert_eq!(
        effects.first(),
        Some(&Effect::SaveNotes {
            item: 1,
            base: (String::new(), String::new()),
            notes: "a".into(),
            private_notes: String::new()
        })
    );
    c.update(Action::EditNotes, at(0, 3));
    c.update(Action::Type(key('b')), at(0, 3));
    c.live.as_mut().unwrap().typing = false;
    let effects = c.update(Action::ToggleTimer, at(0, 4));
    assert_eq!(
        effects.first(),
        Some(&Effect::SaveNotes {
            item: 2,
            base: (String::new(), String::new()),
            notes: "b".into(),
            private_notes: String::new()
        })
    );
}

#[test]
fn landing_books_the_last_stretch_to_the_item_it_ran_on() {
    let mut c = running();
    c.update(Action::ToggleTimer, at(0, 0));
    c.update(Action::EndMeeting, at(25, 0));
    c.update(Action::NoActions, at(25, 0));
    c.update(Action::Rate(5), at(25, 0));
    let effects = c.update(Action::Submit, at(26, 0));
    let saved = timer_of(&effects).expect("the timer is paused and saved first");
    assert!(!saved.0.running());
    assert_eq!(saved.2, Some((1, TimeDelta::minutes(26))));
    assert!(
        matches!(effects.last(), Some(Effect::Land { timer, .. }) if !timer.running()
        && timer.banked == TimeDelta::minutes(26))
    );
}

#[test]
fn removing_the_current_item_moves_the_clock_to_its_neighbour() {
    let mut c = running();
    c.update(Action::ToggleTimer, at(0, 0));
    c.update(Action::RemoveItem, at(2, 0));
    let effects = c.update(Action::Confirm, at(2, 0));
    let saved = timer_of(&effects).expect("the stretch is booked first");
    assert_eq!(saved.1, Some(2), "time now runs on the next item");
    assert_eq!(saved.2, Some((1, TimeDelta::minutes(2))));
    assert_eq!(effects.last(), Some(&Effect::RemoveAgendaItem(1)));
}

#[test]
fn esc_keeps_the_landing_for_later() {
    let mut c = running();
    c.update(Action::EndMeeting, at(1, 0));
    c.update(Action::NoActions, at(1, 0));
    c.update(Action::Rate(3), at(1, 0));
    c.update(Action::Back, at(1, 0));
    c.update(Action::EndMeeting, at(2, 0));
    let Some(Overlay::Landing(draft)) = c.overlays.last() else {
        panic!("landing open")
    };
    assert!(draft.no_actions);
    assert_eq!(draft.rating, Some(3));
}

#[test]
fn opening_another_1_1_pauses_the_one_running() {
    let mut c = running();
    c.update(Action::ToggleTimer, at(0, 0));
    let effects = c.update(Action::StartUnplanned, at(5, 0));
    assert!(effects.is_empty(), "the seller picker opens first");
    c.reference_data_loaded(
        vec![SellerRef {
            id: 2,
            name: "Ben Okafor".into(),
        }],
        Vec::new(),
    );
    c.overlays.clear();
    c.update(Action::StartUnplanned, at(5, 0));
    let effects = c.update(Action::Submit, at(5, 0));
    let saved = timer_of(&effects).expect("the first meeting is paused");
    assert!(!saved.0.running());
    assert_eq!(saved.2, Some((1, TimeDelta::minutes(5))));
    assert_eq!(effects.last(), Some(&Effect::StartUnplanned(2)));
}

#[test]
fn the_landing_is_stored_as_it_is_entered_and_comes_back_after_a_crash() {
    let mut c = running();
    c.update(Action::EndMeeting, at(30, 0));
    let effects = c.update(Action::Rate(4), at(30, 0));
    let [
        Effect::SaveLandingDraft {
            meeting: 7, draft, ..
        },
    ] = effects.as_slice()
    else {
        panic!("expected the landing to be kept, got {effects:?}");
    };
    assert_eq!(draft.rating, Some(4));
    assert!(
        c.update(Action::Up, at(30, 0)).is_empty(),
        "nothing entered, nothing stored"
    );
    c.update(Action::Comment, at(30, 0));
    for ch in "Good".chars() {
        c.update(Action::Type(key(ch)), at(30, 0));
    }
    let effects = c.update(Action::Submit, at(30, 0));
    let [Effect::SaveLandingDraft { draft, .. }] = effects.as_slice() else {
        panic!("expected the comment to be kept, got {effects:?}");
    };
    // A new process reads the stored landing back with the meeting.
    let mut one = one_on_one(vec![item(1, "Check-in", 3)], vec![Purpose::Coaching]);
    one.landing_draft = Some(serde_json::to_string(draft).unwrap());
    let mut c = cockpit_with(one);
    c.update(Action::EndMeeting, at(31, 0));
    let Some(Overlay::Landing(restored)) = c.overlays.last() else {
        panic!("landing open")
    };
    assert_eq!(
        (restored.rating, restored.comment.as_str()),
        (Some(4), "Good")
    );
}
