//! CSV for spreadsheets: every CSV cadence writes goes through here, so a cell can never
//! be taken for a formula.

use std::borrow::Cow;
use std::io::Write;

/// A header and its rows, ready to write.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(header: &[&'static str]) -> Table {
        Table {
            header: header.to_vec(),
            rows: Vec::new(),
        }
    }

    /// Writes the header (even with no rows: it tells a spreadsheet what the columns are)
    /// and the rows, each cell made safe.
    pub fn write_csv(&self, out: impl Write) -> csv::Result<()> {
        let mut csv = csv::Writer::from_writer(out);
        csv.write_record(&self.header)?;
        for row in &self.rows {
            csv.write_record(row.iter().map(|c| cell(c).into_owned()))?;
        }
        csv.flush()?;
        Ok(())
    }
}

/// A cell a spreadsheet will show as text: one starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return would be run as a formula (CSV injection), so it gets a leading `'`.
pub fn cell(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_plain_text_is_kept() {
        for risky in ["=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(cell(risky), format!("'{risky}"), "{risky:?}");
        }
        for plain in ["Send the deck", "", "2026-12-04", "a=b", "3.5"] {
            assert_eq!(cell(plain), plain);
        }
    }

    #[test]
    fn a_table_writes_its_header_even_without_rows_and_quotes_as_csv_does() {
        let mut table = Table::new(&["id", "title"]);
        let mut out = Vec::new();
        table.write_csv(&mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "id,title\n");
        table
            .rows
            .push(vec!["1".into(), "=cmd|' /C calc'!A0, now".into()]);
        let mut out = Vec::new();
        table.write_csv(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, "id,title\n1,\"'=cmd|' /C calc'!A0, now\"\n");
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let row = reader.records().next().unwrap().unwrap();
        assert_eq!(&row[1], "'=cmd|' /C calc'!A0, now");
    }
}
