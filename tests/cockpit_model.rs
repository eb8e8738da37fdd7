//! Cockpit state transitions: actions in, state and effects out. No terminal, no database.

use cadence::action::{Action, Effect};
use cadence::config::Settings;
use cadence::domain::recurrence::Frequency;
use cadence::domain::{Kind, Status, Week, WeekStart};
use cadence::model::{Cockpit, Notice, Overlay, Pane};
use cadence::store::{Meeting, Rule, SellerRef};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc, Weekday};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

mod support;

fn now() -> DateTime<Utc> {
    at("2026-11-27T10:00:00Z")
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

fn settings() -> Settings {
    Settings {
        zone: support::berlin(),
        week_start: WeekStart::Monday,
        ..Settings::default()
    }
}

fn ana() -> SellerRef {
    SellerRef {
        id: 1,
        name: "Ana Ruiz".into(),
    }
}

fn meeting(id: i64, starts: &str, status: Status) -> Meeting {
    Meeting {
        id,
        rule_id: Some(1),
        seller: Some(ana()),
        kind: Kind::OneOnOne,
        starts_at: at(starts),
        minutes: 30,
        status,
        cancel_reason: None,
        rescheduled_to: None,
        rescheduled_from: None,
    }
}

/// A cockpit on 2026-W48 with three meetings: Tue (planned, so missed by Friday),
/// Fri 15:00 (planned) and Fri 16:00 (held).
fn cockpit() -> Cockpit {
    let (mut c, effects) = Cockpit::new(settings(), "test.db".into(), now());
    let week = Week::parse("2026-W48", WeekStart::Monday).unwrap();
    assert_eq!(
        effects,
        vec![
            Effect::LoadWeek(week),
            Effect::LoadActions,
            Effect::LoadProgress
        ]
    );
    c.reference_data_loaded(
        vec![ana()],
        vec![Rule {
            id: 1,
            seller: Some(ana()),
            kind: Kind::OneOnOne,
            recurrence: cadence::domain::recurrence::Recurrence {
                frequency: Frequency::Weekly,
                weekday: Weekday::Tue,
                time: NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
                starts_on: NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(),
                ends_on: None,
            },
            minutes: 30,
            zone: support::berlin(),
            effective_from: at("2026-09-01T00:00:00Z"),
            effective_until: None,
        }],
    );
    c.week_loaded(
        week,
        vec![
            meeting(10, "2026-11-24T09:00:00Z", Status::Planned),
            meeting(11, "2026-11-27T14:00:00Z", Status::Planned),
            meeting(12, "2026-11-27T15:00:00Z", Status::Held),
        ],
    );
    c
}

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

fn type_text(c: &mut Cockpit, text: &str) {
    for ch in text.chars() {
        assert!(c.update(Action::Type(key(ch)), now()).is_empty());
    }
}

#[test]
fn the_week_opens_on_today_with_missed_meetings_derived() {
    let c = cockpit();
    assert_eq!(c.calendar.day, 4, "Friday is selected");
    assert_eq!(c.calendar.selected().unwrap().meeting.id, 11);
    assert_eq!(c.calendar.meetings[0].status, Status::Missed);
    let a = c.calendar.adherence();
    assert_eq!((a.planned, a.held, a.missed, a.ahead), (3, 1, 1, 1));
}

#[test]
fn focus_cycles_jumps_and_zooms() {
    let mut c = cockpit();
    c.update(Action::FocusNext, now());
    assert_eq!(c.focus, Pane::Meeting);
    c.update(Action::FocusPrev, now());
    c.update(Action::FocusPrev, now());
    assert_eq!(c.focus, Pane::Actions);
    c.update(Action::Focus(Pane::Scorecard), now());
    assert_eq!(c.focus, Pane::Scorecard);
    c.update(Action::ToggleZoom, now());
    assert!(c.zoomed);
    c.update(Action::ToggleZoom, now());
    assert!(!c.zoomed);
}

#[test]
fn paging_weeks_asks_for_them_and_t_comes_back() {
    let mut c = cockpit();
    let w48 = c.calendar.week;
    assert_eq!(
        c.update(Action::NextWeek, now()),
        vec![Effect::LoadWeek(w48.next())]
    );
    assert_eq!(c.calendar.week.code(), "2026-W49");
    assert!(!c.calendar.loaded);
    c.update(Action::PrevWeek, now());
    c.update(Action::PrevWeek, now());
    assert_eq!(c.calendar.week.code(), "2026-W47");
    assert_eq!(
        c.update(Action::ThisWeek, now()),
        vec![Effect::LoadWeek(w48)]
    );
    assert_eq!(c.calendar.day, 4);
}

#[test]
fn a_stale_load_for_another_week_is_ignored() {
    let mut c = cockpit();
    c.update(Action::NextWeek, now());
    let w48 = Week::parse("2026-W48", WeekStart::Monday).unwrap();
    c.week_loaded(
        w48,
        vec![meeting(10, "2026-11-24T09:00:00Z", Status::Planned)],
    );
    assert!(c.calendar.meetings.is_empty());
}

#[test]
fn arrows_move_between_days_and_meetings() {
    let mut c = cockpit();
    c.update(Action::Down, now());
    assert_eq!(c.calendar.selected().unwrap().meeting.id, 12);
    c.update(Action::Down, now());
    assert_eq!(
        c.calendar.selected().unwrap().meeting.id,
        12,
        "stops at the last"
    );
    c.update(Action::Left, now());
    assert!(c.calendar.selected().is_none(), "Thursday is empty");
    for _ in 0..2 {
        c.update(Action::Left, now());
    }
    assert_eq!(c.calendar.selected().unwrap().meeting.id, 10);
}

#[test]
fn canceling_asks_for_a_reason_and_refuses_none() {
    let mut c = cockpit();
    assert!(c.update(Action::CancelMeeting, now()).is_empty());
    assert!(matches!(c.overlays.last(), Some(Overlay::Form(_))));
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
            .contains("needs a reason")
    );
    // In a dialog, q is typed, not quit.
    type_text(&mut c, "Seller out sick, q");
    assert!(!c.quit);
    let effects = c.update(Action::Submit, now());
    assert_eq!(
        effects,
        vec![Effect::Cancel {
            meeting: 11,
            reason: "Seller out sick, q".into()
        }]
    );
    assert!(c.overlays.is_empty());
}

#[test]
fn esc_backs_out_of_a_dialog_without_effects() {
    let mut c = cockpit();
    c.update(Action::RescheduleMeeting, now());
    type_text(&mut c, "tomorrow 9:00");
    assert!(c.update(Action::Back, now()).is_empty());
    assert!(c.overlays.is_empty());
}

#[test]
fn rescheduling_reads_a_phrase_and_shows_the_new_week() {
    let mut c = cockpit();
    c.update(Action::RescheduleMeeting, now());
    type_text(&mut c, "next blursday 10:00");
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
            .contains("is not a date")
    );
    // Clear the field and give a real time: Tuesday of next week.
    for _ in 0.."next blursday 10:00".len() {
        c.update(
            Action::Type(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE)),
            now(),
        );
    }
    type_text(&mut c, "tue 9:30");
    let effects = c.update(Action::Submit, now());
    assert_eq!(
        effects,
        vec![Effect::Reschedule {
            meeting: 11,
            to: at("2026-12-01T08:30:00Z")
        }]
    );
    assert_eq!(c.calendar.week.code(), "2026-W49");
    assert_eq!(c.calendar.day, 1);
}

#[test]
fn marking_held_toggles() {
    let mut c = cockpit();
    let evening = at("2026-11-27T18:00:00Z");
    assert_eq!(
        c.update(Action::ToggleHeld, evening),
        vec![Effect::SetHeld {
            meeting: 11,
            held: true
        }]
    );
    c.update(Action::Down, evening);
    assert_eq!(
        c.update(Action::ToggleHeld, evening),
        vec![Effect::SetHeld {
            meeting: 12,
            held: false
        }]
    );
}

#[test]
fn a_moved_slot_cannot_be_canceled_again() {
    let mut c = cockpit();
    let week = c.calendar.week;
    let mut moved = meeting(11, "2026-11-27T14:00:00Z", Status::Rescheduled);
    moved.rescheduled_to = Some(at("2026-11-30T14:00:00Z"));
    c.week_loaded(week, vec![moved]);
    assert!(c.update(Action::CancelMeeting, now()).is_empty());
    assert!(c.overlays.is_empty());
    assert!(matches!(&c.notice, Some(Notice::Info(m)) if m.contains("was moved")));
}

#[test]
fn enter_on_a_1_1_opens_it_live_and_on_another_meeting_shows_it() {
    let mut c = cockpit();
    assert_eq!(
        c.update(Action::OpenMeeting, now()),
        vec![Effect::OpenLive(11)]
    );
    assert_eq!(c.focus, Pane::Meeting);
    let week = c.calendar.week;
    let mut team = meeting(30, "2026-11-27T14:00:00Z", Status::Planned);
    team.seller = None;
    team.kind = Kind::TeamMeeting;
    c.week_loaded(week, vec![team]);
    c.update(Action::Focus(Pane::Week), now());
    assert!(c.update(Action::OpenMeeting, now()).is_empty());
    assert_eq!(c.open_meeting.as_ref().unwrap().meeting.id, 30);
}

#[test]
fn a_canceled_meeting_keeps_its_cancellation_and_the_future_cannot_be_held() {
    let mut c = cockpit();
    let week = c.calendar.week;
    let mut canceled = meeting(10, "2026-11-24T09:00:00Z", Status::Canceled);
    canceled.cancel_reason = Some("Seller out sick".into());
    c.week_loaded(
        week,
        vec![
            canceled,
            meeting(11, "2026-11-27T14:00:00Z", Status::Planned),
        ],
    );
    c.calendar
        .select_day(NaiveDate::from_ymd_opt(2026, 11, 24).unwrap());
    assert!(c.update(Action::ToggleHeld, now()).is_empty());
    assert!(matches!(&c.notice, Some(Notice::Info(m)) if m.contains("Seller out sick")));
    c.calendar
        .select_day(NaiveDate::from_ymd_opt(2026, 11, 27).unwrap());
    assert!(
        c.update(Action::ToggleHeld, now()).is_empty(),
        "14:00 has not started at 11:00"
    );
    let later = at("2026-11-27T14:05:00Z");
    assert_eq!(
        c.update(Action::ToggleHeld, later),
        vec![Effect::SetHeld {
            meeting: 11,
            held: true
        }]
    );
}

#[test]
fn quit_and_suspend_work_from_inside_a_dialog() {
    let mut c = cockpit();
    c.update(Action::CancelMeeting, now());
    assert_eq!(c.update(Action::Suspend, now()), vec![Effect::Suspend]);
    c.update(Action::Quit, now());
    assert!(c.quit);
}

#[test]
fn adding_a_one_off_meeting_checks_every_field() {
    let mut c = cockpit();
    c.update(Action::NewMeeting, now());
    // With: Ana; Kind: 1:1; When: prefilled with the next working day (Monday) at 10:00.
    let effects = c.update(Action::Submit, now());
    assert_eq!(
        effects,
        vec![Effect::AddMeeting(cadence::store::NewMeeting {
            seller_id: Some(1),
            kind: Kind::OneOnOne,
            starts_at: at("2026-11-30T09:00:00Z"),
            minutes: 30,
        })]
    );
    // The calendar moves to that week and picks the new meeting once it is loaded.
    assert_eq!(c.calendar.week.code(), "2026-W49");
    let mut added = meeting(20, "2026-11-30T09:00:00Z", Status::Planned);
    added.rule_id = None;
    c.week_loaded(
        c.calendar.week,
        vec![meeting(19, "2026-11-30T08:00:00Z", Status::Planned), added],
    );
    assert_eq!(c.calendar.selected().unwrap().meeting.id, 20);
    // A 1:1 with the whole team is refused.
    c.update(Action::NewMeeting, now());
    c.update(Action::Right, now()); // Whole team
    assert!(c.update(Action::Submit, now()).is_empty());
    let Some(Overlay::Form(dialog)) = c.overlays.last() else {
        panic!("the dialog stays open");
    };
    assert!(dialog.form.error.as_deref().unwrap().contains("pick who"));
}

#[test]
fn the_cadence_builder_adds_edits_and_removes_rules() {
    let mut c = cockpit();
    c.update(Action::OpenCadence, now());
    c.update(Action::EditRule, now());
    // Move to Minutes (the 7th field) and make it 45.
    for _ in 0..6 {
        c.update(Action::NextField, now());
    }
    c.update(
        Action::Type(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE)),
        now(),
    );
    c.update(
        Action::Type(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE)),
        now(),
    );
    type_text(&mut c, "45");
    let effects = c.update(Action::Submit, now());
    let [Effect::SaveRule(draft)] = effects.as_slice() else {
        panic!("expected a saved rule, got {effects:?}");
    };
    assert_eq!(
        (draft.id, draft.minutes, draft.weekday),
        (Some(1), 45, Weekday::Tue)
    );
    assert!(
        matches!(c.overlays.last(), Some(Overlay::Cadence(_))),
        "back in the builder"
    );

    c.update(Action::RemoveRule, now());
    assert!(matches!(c.overlays.last(), Some(Overlay::Confirm { .. })));
    assert_eq!(c.update(Action::Confirm, now()), vec![Effect::EndRule(1)]);

    c.update(Action::AddRule, now());
    c.update(Action::NextField, now());
    c.update(Action::NextField, now());
    c.update(Action::Right, now()); // every 2 weeks
    let effects = c.update(Action::Submit, now());
    let [Effect::SaveRule(draft)] = effects.as_slice() else {
        panic!("expected a saved rule, got {effects:?}");
    };
    assert_eq!((draft.id, draft.frequency), (None, Frequency::Biweekly));
    c.update(Action::Back, now());
    assert!(c.overlays.is_empty());
}

#[test]
fn a_bad_time_in_a_rule_names_what_is_accepted() {
    let mut c = cockpit();
    c.update(Action::OpenCadence, now());
    c.update(Action::AddRule, now());
    for _ in 0..5 {
        c.update(Action::NextField, now());
    }
    type_text(&mut c, "x");
    assert!(c.update(Action::Submit, now()).is_empty());
    let Some(Overlay::Form(dialog)) = c.overlays.last() else {
        panic!("the form stays open");
    };
    let error = dialog.form.error.as_deref().unwrap();
    assert!(
        error.contains("not a time of day") && error.contains("14:00"),
        "{error}"
    );
}

#[test]
fn help_opens_and_closes_and_quit_quits() {
    let mut c = cockpit();
    c.update(Action::ToggleHelp, now());
    assert!(matches!(c.overlays.last(), Some(Overlay::Help)));
    c.update(Action::Back, now());
    assert!(c.overlays.is_empty());
    assert!(c.update(Action::Quit, now()).is_empty());
    assert!(c.quit);
}

#[test]
fn a_new_day_reloads_the_week_the_actions_and_the_progress() {
    let mut c = cockpit();
    assert!(c.update(Action::Tick, now()).is_empty());
    let tomorrow = at("2026-11-28T07:00:00Z");
    // What is overdue, due this week or observed lately depends on the day too.
    assert_eq!(
        c.update(Action::Tick, tomorrow),
        vec![
            Effect::LoadWeek(c.calendar.week),
            Effect::LoadActions,
            Effect::LoadProgress
        ]
    );
    assert_eq!(c.today, NaiveDate::from_ymd_opt(2026, 11, 28).unwrap());
}
