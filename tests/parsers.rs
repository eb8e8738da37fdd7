//! Property tests of every reader of text a manager or another tool hands cadence: date
//! phrases, rubric files, the config file, roster CSV and the JSON export. Arbitrary text
//! and mutations of valid files: never a panic, and every refusal says what is wrong (and,
//! in formats made of lines, on which line).

use cadence::domain::phrase::{parse_due, parse_time, parse_when};
use cadence::domain::rubric::parse_rubric;
use cadence::interchange::{json, roster};
use cadence::zone::Zone;
use chrono::{DateTime, TimeZone};
use proptest::prelude::*;
use std::sync::OnceLock;

mod support;

fn now() -> DateTime<Zone> {
    support::berlin()
        .with_ymd_and_hms(2026, 11, 27, 11, 0, 0)
        .unwrap()
}

/// A change to a valid text: the kinds of damage editing by hand and truncated copies do.
#[derive(Clone, Debug)]
enum Mutation {
    /// Cut the text at a fraction of its length.
    Truncate(f64),
    /// Delete a few characters at a fraction of the way in.
    Delete(f64, usize),
    /// Insert text at a fraction of the way in.
    Insert(f64, String),
    /// Repeat a line.
    DuplicateLine(f64),
    /// Swap two lines.
    SwapLines(f64, f64),
    /// Drop a line.
    DropLine(f64),
}

/// Text that tends to break readers: quotes, brackets, separators, odd whitespace, numbers
/// at the limits, and characters of every width.
fn nasty() -> impl Strategy<Value = String> {
    let pieces = vec![
        "\"",
        "'",
        "[",
        "]",
        "[[",
        "{",
        "}",
        ",",
        "=",
        ":",
        "\n",
        "\r\n",
        "\t",
        " ",
        "#",
        "\\",
        "\0",
        "-1",
        "0",
        "4294967296",
        "99999999999999999999",
        "1e309",
        "NaN",
        "true",
        "null",
        "é",
        "e\u{301}",
        "王秀英",
        "👩\u{200d}👩\u{200d}👧",
        "عربي",
        "\u{feff}",
        "\u{2028}",
        "2026-13-45",
        "25:61",
        "\u{1b}[2J",
        "\u{202e}",
        "@",
        "+",
        "key",
        "name",
        "weight",
        "levels",
    ];
    prop_oneof![
        proptest::collection::vec(proptest::sample::select(pieces), 1..6).prop_map(|p| p.concat()),
        any::<String>(),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = 0.0..1.0f64;
    prop_oneof![
        at.clone().prop_map(Mutation::Truncate),
        (at.clone(), 1usize..20).prop_map(|(a, n)| Mutation::Delete(a, n)),
        (at.clone(), nasty()).prop_map(|(a, s)| Mutation::Insert(a, s)),
        at.clone().prop_map(Mutation::DuplicateLine),
        (at.clone(), at.clone()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        at.prop_map(Mutation::DropLine),
    ]
}

/// The char boundary nearest below a fraction of the text.
fn boundary(text: &str, at: f64) -> usize {
    let mut i = ((text.len() as f64) * at) as usize;
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn apply(text: &str, mutations: &[Mutation]) -> String {
    let mut text = text.to_string();
    for m in mutations {
        let line_index = |at: f64, n: usize| ((n as f64) * at) as usize % n.max(1);
        match m {
            Mutation::Truncate(at) => text.truncate(boundary(&text, *at)),
            Mutation::Delete(at, n) => {
                let start = boundary(&text, *at);
                let end = text[start..]
                    .char_indices()
                    .nth(*n)
                    .map_or(text.len(), |(i, _)| start + i);
                text.replace_range(start..end, "");
            }
            Mutation::Insert(at, s) => text.insert_str(boundary(&text, *at), s),
            Mutation::DuplicateLine(at) | Mutation::DropLine(at) => {
                let mut lines: Vec<&str> = text.split('\n').collect();
                let i = line_index(*at, lines.len());
                if matches!(m, Mutation::DropLine(_)) {
                    lines.remove(i);
                } else {
                    lines.insert(i, lines[i]);
                }
                text = lines.join("\n");
            }
            Mutation::SwapLines(a, b) => {
                let mut lines: Vec<&str> = text.split('\n').collect();
                let (i, j) = (line_index(*a, lines.len()), line_index(*b, lines.len()));
                lines.swap(i, j);
                text = lines.join("\n");
            }
        }
    }
    text
}

fn mutations() -> impl Strategy<Value = Vec<Mutation>> {
    proptest::collection::vec(mutation(), 1..4)
}

/// A refusal worth showing: one line, saying something.
fn says_what(message: &str) -> Result<(), TestCaseError> {
    prop_assert!(!message.trim().is_empty(), "an empty message");
    prop_assert!(
        !message.chars().any(char::is_control),
        "a message of many lines, or with terminal controls: {message:?}"
    );
    Ok(())
}

/// A refusal that names a line: `line N` with N from 1 up to the lines the text has.
fn names_a_line(message: &str, text: &str) -> Result<(), TestCaseError> {
    says_what(message)?;
    let lines = text.split('\n').count().max(1);
    let number = message.split("line ").skip(1).find_map(|rest| {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        digits.parse::<usize>().ok()
    });
    prop_assert!(
        number.is_some_and(|n| (1..=lines + 1).contains(&n)),
        "no line number (of {lines}) in: {message}"
    );
    Ok(())
}

// Date phrases.

fn phrase() -> impl Strategy<Value = String> {
    let words = vec![
        "today",
        "tomorrow",
        "yesterday",
        "next",
        "last",
        "fri",
        "mon",
        "sunday",
        "dec",
        "3",
        "14:00",
        "9:30",
        "2pm",
        "12am",
        "0:00",
        "23:59",
        "24:00",
        "+3d",
        "+2w",
        "+0d",
        "-1d",
        "+99999999999999999999d",
        "+18446744073709551615w",
        "2026-12-04",
        "2026-02-30",
        "9999-12-31",
        "0000-01-01",
        "in",
        "3",
        "days",
        "at",
        "noon",
        "week",
        "am",
        "pm",
        ":",
        "12/04",
        "1.5",
        "",
    ];
    prop_oneof![
        proptest::collection::vec(proptest::sample::select(words), 0..5).prop_map(|w| w.join(" ")),
        nasty(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn date_phrases_are_read_or_refused_in_words(text in phrase()) {
        match parse_when(&text, now()) {
            Ok(when) => prop_assert!(when > now(), "{text:?} gave {when}, not in the future"),
            Err(e) => says_what(&e.to_string())?,
        }
        match parse_due(&text, now()) {
            Ok(due) => prop_assert!(due >= now().date_naive(), "{text:?} is due {due}"),
            Err(e) => says_what(&e.to_string())?,
        }
        if let Err(e) = parse_time(&text) {
            says_what(&e.to_string())?;
        }
    }
}

// Rubric files.

fn rubric_text() -> &'static str {
    include_str!("../assets/rubrics/discovery-call.toml")
}

fn check_rubric(text: &str) -> Result<(), TestCaseError> {
    match parse_rubric(text) {
        Ok(rubric) => {
            // What was read writes back to a file that reads the same.
            let again = parse_rubric(&cadence::domain::rubric::to_toml(&rubric));
            prop_assert_eq!(again.as_ref(), Ok(&rubric));
        }
        Err(e) => names_a_line(&e.to_string(), text)?,
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn rubric_files_damaged_anywhere_are_refused_with_their_line(m in mutations()) {
        check_rubric(&apply(rubric_text(), &m))?;
    }

    #[test]
    fn rubric_files_of_any_text_are_refused_with_their_line(text in nasty()) {
        check_rubric(&text)?;
    }
}

// The config file.

/// Every setting, uncommented: the file `cadence config init` writes, switched on.
fn config_text() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        let all: String = cadence::config::commented_defaults()
            .lines()
            .map(|l| {
                l.strip_prefix("# ")
                    .filter(|l| l.contains(" = ") || l.starts_with('['))
                    .unwrap_or(l)
            })
            .map(|l| format!("{l}\n"))
            .collect();
        assert!(
            cadence::config::parse_text(&all).is_ok(),
            "the defaults, uncommented, should read: {all}"
        );
        all
    })
}

fn check_config(text: &str) -> Result<(), TestCaseError> {
    if let Err(problem) = cadence::config::parse_text(text) {
        prop_assert!(problem.line >= 1, "line {} in {problem}", problem.line);
        names_a_line(&problem.to_string(), text)?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn config_files_damaged_anywhere_are_refused_with_their_line(m in mutations()) {
        check_config(&apply(config_text(), &m))?;
    }

    #[test]
    fn config_files_of_any_text_are_refused_with_their_line(text in nasty()) {
        check_config(&text)?;
    }
}

// Roster CSV.

const ROSTER: &str = "Name,E-mail,Start date\nAna Ruiz,ana@example.com,2024-03-01\n\"Okafor, Ben\",,2025-01-15\nChloe Park,chloe@example.com,\n";

fn check_roster(text: &str) -> Result<(), TestCaseError> {
    match roster::read(text) {
        Ok(read) => {
            for row in &read.rows {
                prop_assert!(!row.name.trim().is_empty());
                prop_assert!(row.line >= 2, "a row on line {}", row.line);
            }
        }
        Err(e) => names_a_line(&e.to_string(), text)?,
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn rosters_damaged_anywhere_are_refused_with_their_line(m in mutations()) {
        check_roster(&apply(ROSTER, &m))?;
    }

    #[test]
    fn rosters_of_any_text_are_refused_with_their_line(text in nasty()) {
        check_roster(&text)?;
    }
}

// The JSON export.

/// The demo team exported, as JSON text and as a value to damage.
fn export() -> &'static (String, serde_json::Value) {
    static EXPORT: OnceLock<(String, serde_json::Value)> = OnceLock::new();
    EXPORT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let mut store = cadence::store::Store::open(&dir.path().join("c.db")).unwrap();
        let at = now().to_utc();
        cadence::demo::write_sample_team(&mut store, support::berlin(), at).unwrap();
        let text = serde_json::to_string_pretty(&store.dump(at).unwrap()).unwrap();
        let value = serde_json::from_str(&text).unwrap();
        (text, value)
    })
}

fn check_json(text: &str) -> Result<Option<json::Document>, TestCaseError> {
    match json::parse(text, cadence::store::SCHEMA) {
        Ok(document) => Ok(Some(document)),
        Err(problem) => {
            says_what(&problem)?;
            Ok(None)
        }
    }
}

/// A value to put somewhere it may not belong.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::json;
    prop_oneof![
        Just(json!(null)),
        Just(json!(-1)),
        Just(json!(0)),
        Just(json!(1)),
        Just(json!(i64::MAX)),
        Just(json!(1.5)),
        Just(json!(true)),
        Just(json!("")),
        Just(json!([])),
        Just(json!({})),
        Just(json!("2026-02-30")),
        Just(json!("2026-11-27T10:00:00Z")),
        Just(json!("'); DROP TABLE sellers; --")),
        nasty().prop_map(serde_json::Value::String),
    ]
}

/// Replaces, at a path chosen by `picks`, one value of the document (or removes a field,
/// or an element of a list).
fn damage(value: &mut serde_json::Value, picks: &[usize], with: serde_json::Value, remove: bool) {
    let Some((pick, rest)) = picks.split_first() else {
        *value = with;
        return;
    };
    let next = match value {
        serde_json::Value::Object(map) if !map.is_empty() => {
            let key = map.keys().nth(pick % map.len()).unwrap().clone();
            if rest.is_empty() && remove {
                map.remove(&key);
                return;
            }
            map.get_mut(&key).unwrap()
        }
        serde_json::Value::Array(list) if !list.is_empty() => {
            let i = pick % list.len();
            if rest.is_empty() && remove {
                list.remove(i);
                return;
            }
            &mut list[i]
        }
        _ => {
            *value = with;
            return;
        }
    };
    damage(next, rest, with, remove);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn json_exports_damaged_as_text_are_refused_with_their_line(m in mutations()) {
        let text = apply(&export().0, &m);
        let syntax = serde_json::from_str::<serde_json::Value>(&text).is_err();
        if let Err(problem) = json::parse(&text, cadence::store::SCHEMA) {
            says_what(&problem)?;
            // Broken JSON is named by its place in the text.
            if syntax {
                names_a_line(&problem, &text)?;
            }
        }
    }

    #[test]
    fn json_of_any_text_is_refused_in_one_line(text in nasty()) {
        prop_assert!(check_json(&text)?.is_none());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// A document damaged in its values is refused by name, or it imports: what passes the
    /// checks never fails in the database halfway.
    #[test]
    fn json_exports_damaged_in_a_value_are_refused_or_import_whole(
        picks in proptest::collection::vec(any::<usize>(), 1..5),
        with in json_value(),
        remove in any::<bool>(),
    ) {
        let mut value = export().1.clone();
        damage(&mut value, &picks, with, remove);
        let text = serde_json::to_string(&value).unwrap();
        if let Some(document) = check_json(&text)? {
            let dir = tempfile::tempdir().unwrap();
            let mut store = cadence::store::Store::open(&dir.path().join("c.db")).unwrap();
            let loaded = store.load(&document, "damaged.json");
            prop_assert!(loaded.is_ok(), "passed the checks, failed to load: {:?}", loaded.err());
            store.quick_check().unwrap();
        }
    }
}

/// Found by the properties above: a quoted phrase or header kept its newlines and terminal
/// escapes, breaking the message over lines (or acting on the terminal).
#[test]
fn refusals_quote_what_was_given_on_one_line() {
    let e = parse_due("fri\n\u{1b}[2J", now()).unwrap_err().to_string();
    assert_eq!(
        e,
        format!(
            "'fri\\n\\u{{1b}}[2J' is not a due date: try {}",
            cadence::domain::phrase::DUE_EXAMPLES
        )
    );
    let e = roster::read("\"Given\nname\",Email\nAna,\n")
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("line 1: no name column in the header (Given\\nname,Email)"),
        "{e}"
    );
}
