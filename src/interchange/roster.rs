//! A roster of sellers from a CSV file with a header row: a name column, and optionally an
//! email and a start date column. Every row is checked before anything is added, and a bad
//! row is named by its line number.

use super::Refused;
use chrono::NaiveDate;

/// Header names accepted for each column, compared ignoring case, spaces, `_` and `-`.
const NAME: &[&str] = &["name", "seller", "fullname", "sellername"];
const EMAIL: &[&str] = &["email", "mail", "emailaddress"];
const STARTED: &[&str] = &["startdate", "started", "start", "startedon", "startday"];

/// What the header of a roster may say, for messages.
pub const ACCEPTED: &str = "a header row with name (or seller), and optionally email (or \
     e-mail, mail) and start date (or started, start_date, started_on)";

/// A roster as read: its rows, and the header names it was read by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Roster {
    /// The file's own names for the columns used, `Name, E-mail`, for the message.
    pub columns: Vec<String>,
    pub rows: Vec<RosterRow>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RosterRow {
    /// The file's line, for messages.
    pub line: u64,
    pub name: String,
    pub email: Option<String>,
    /// `None` when the file leaves it empty: the day of the import.
    pub started_on: Option<NaiveDate>,
}

fn key(header: &str) -> String {
    header
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether `text` is an email address: something, one `@`, a domain with a dot.
pub fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !text.chars().any(|c| c.is_whitespace() || c == ',')
        && domain.contains('.')
        && domain.split('.').all(|part| !part.is_empty())
}

/// Reads a roster; a bad row (no name, a bad date or email, a name twice) refuses the
/// whole file with its line number. Names already in the team are the store's to refuse.
pub fn read(text: &str) -> Result<Roster, Refused> {
    // The CSV reader counts lines by their `\n` and starts a record after a `\r`: in a
    // file with Windows line ends (a spreadsheet's) every line number came out one short.
    let text = text
        .trim_start_matches('\u{feff}')
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        // Cells are trimmed below: a row of spaces is a blank name, not a blank row.
        .trim(csv::Trim::Headers)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| Refused(format!("cannot read the header: {e}; expected {ACCEPTED}")))?
        .clone();
    let column = |names: &[&str]| header.iter().position(|h| names.contains(&key(h).as_str()));
    let name_at = column(NAME).ok_or_else(|| {
        Refused(format!(
            "line 1: no name column in the header ({}): expected {ACCEPTED}",
            header.iter().collect::<Vec<_>>().join(",")
        ))
    })?;
    let (email_at, started_at) = (column(EMAIL), column(STARTED));
    let mut rows: Vec<RosterRow> = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            Refused(format!("line {line}: {e}"))
        })?;
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        if record.iter().all(str::is_empty) {
            continue;
        }
        let field = |at: Option<usize>| at.and_then(|i| record.get(i)).unwrap_or("").trim();
        let bad = |why: String| Refused(format!("line {line}: {why}"));
        let name = field(Some(name_at))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if name.is_empty() {
            return Err(bad(
                "the name is empty or only spaces: give each seller a name, or remove the row"
                    .into(),
            ));
        }
        if let Some(first) = rows
            .iter()
            .find(|r| r.name.to_lowercase() == name.to_lowercase())
        {
            return Err(bad(format!(
                "'{name}' is already on line {}: each seller once",
                first.line
            )));
        }
        let email = match field(email_at) {
            "" => None,
            e if is_email(e) => Some(e.to_string()),
            e => {
                return Err(bad(format!(
                    "'{e}' is not an email address: expected name@example.com or nothing"
                )));
            }
        };
        let started_on = match field(started_at) {
            "" => None,
            d => Some(NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
                bad(format!(
                    "the start date '{d}' is not a date: expected YYYY-MM-DD, such as 2025-03-01"
                ))
            })?),
        };
        rows.push(RosterRow {
            line,
            name,
            email,
            started_on,
        });
    }
    let columns = [Some(name_at), email_at, started_at]
        .into_iter()
        .flatten()
        .filter_map(|i| header.get(i).map(String::from))
        .collect();
    Ok(Roster { columns, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_row_is_named_by_its_line_whatever_the_line_ends() {
        for end in ["\n", "\r\n", "\r"] {
            let text = ["Name,Email", "Ana,a@example.com", "Ben,bad", ""].join(end);
            let e = read(&text).unwrap_err();
            assert!(e.0.starts_with("line 3: 'bad'"), "{end:?}: {e}");
        }
    }

    #[test]
    fn a_roster_reads_with_header_variants_blank_cells_and_a_byte_order_mark() {
        let roster = read(
            "\u{feff}Start_Date, E-Mail ,Seller,Phone\n2025-03-01,ana@example.com,Ana  Ruiz,1\n,,Ben Okafor,\n",
        )
        .unwrap();
        assert_eq!(roster.columns, ["Seller", "E-Mail", "Start_Date"]);
        let rows = roster.rows;
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].name, "Ana Ruiz");
        assert_eq!(rows[0].email.as_deref(), Some("ana@example.com"));
        assert_eq!(rows[0].started_on, NaiveDate::from_ymd_opt(2025, 3, 1));
        assert_eq!(rows[0].line, 2);
        assert_eq!((rows[1].email.as_ref(), rows[1].started_on), (None, None));
        let name_only = read("name\nCara Lind\n").unwrap();
        assert_eq!(name_only.rows[0].name, "Cara Lind");
        assert_eq!(name_only.columns, ["name"]);
    }

    #[test]
    fn a_bad_row_is_named_by_its_line() {
        let header = "name,email,start date\nAna Ruiz,ana@example.com,2025-03-01\n";
        let cases = [
            (
                ",ben@example.com,2025-03-01",
                "line 3: the name is empty or only spaces",
            ),
            (
                "Ben,ben@example,2025-03-01",
                "line 3: 'ben@example' is not an email address",
            ),
            (
                "Ben,ben.example.com,",
                "line 3: 'ben.example.com' is not an email address",
            ),
            (
                "Ben,,01/03/2025",
                "line 3: the start date '01/03/2025' is not a date",
            ),
            ("ana ruiz,,", "line 3: 'ana ruiz' is already on line 2"),
            ("Ben,ben@example.com", "line 3:"),
        ];
        for (row, message) in cases {
            let why = read(&format!("{header}{row}\n")).unwrap_err().0;
            assert!(why.starts_with(message), "{row}: {why}");
        }
        let why = read("who,when\nAna,2025-03-01\n").unwrap_err().0;
        assert!(
            why.contains("no name column") && why.contains("start date"),
            "{why}"
        );
    }

    #[test]
    fn emails_need_one_at_and_a_dotted_domain() {
        assert!(is_email("ana.ruiz@example.co.uk"));
        for bad in [
            "",
            "ana",
            "@example.com",
            "ana@",
            "ana@@example.com",
            "a b@example.com",
            "ana@example.",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }
}
