//! A dialog form: labelled fields, each a choice cycled with the arrows or a line of text,
//! and one focused at a time. Used by every dialog that asks for input.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, TextArea};
use unicode_segmentation::UnicodeSegmentation;

#[derive(Debug)]
pub enum FieldValue {
    Choice {
        options: Vec<String>,
        selected: usize,
    },
    Text(Box<TextArea<'static>>),
}

#[derive(Debug)]
pub struct Field {
    pub label: &'static str,
    pub value: FieldValue,
}

impl Field {
    pub fn choice(label: &'static str, options: Vec<String>, selected: usize) -> Field {
        let selected = selected.min(options.len().saturating_sub(1));
        Field {
            label,
            value: FieldValue::Choice { options, selected },
        }
    }

    pub fn text(label: &'static str, initial: &str, placeholder: &str) -> Field {
        let mut area = TextArea::new(vec![initial.to_string()]);
        area.move_cursor(CursorMove::End);
        area.set_placeholder_text(placeholder.to_string());
        Field {
            label,
            value: FieldValue::Text(Box::new(area)),
        }
    }
}

/// An attempt the form refused; its `error` says why.
#[derive(Debug)]
pub struct Rejected;

#[derive(Debug)]
pub struct Form {
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// What was wrong with the last attempt to save, in words the manager can act on.
    pub error: Option<String>,
}

impl Form {
    pub fn new(title: impl Into<String>, fields: Vec<Field>) -> Form {
        Form {
            title: title.into(),
            fields,
            focus: 0,
            error: None,
        }
    }

    pub fn next_field(&mut self) {
        self.focus = (self.focus + 1) % self.fields.len().max(1);
    }

    pub fn prev_field(&mut self) {
        let n = self.fields.len().max(1);
        self.focus = (self.focus + n - 1) % n;
    }

    /// Left/Right: cycles a choice, or moves the cursor in text.
    pub fn step(&mut self, forward: bool) {
        let Some(field) = self.fields.get_mut(self.focus) else {
            return;
        };
        match &mut field.value {
            FieldValue::Choice { options, selected } => {
                let n = options.len().max(1);
                *selected = if forward {
                    (*selected + 1) % n
                } else {
                    (*selected + n - 1) % n
                };
            }
            FieldValue::Text(area) => {
                let code = if forward {
                    KeyCode::Right
                } else {
                    KeyCode::Left
                };
                type_into(area, KeyEvent::new(code, KeyModifiers::NONE));
            }
        }
    }

    /// A key typed into the focused text field. Choices ignore typing.
    pub fn type_key(&mut self, key: KeyEvent) {
        if let Some(Field {
            value: FieldValue::Text(area),
            ..
        }) = self.fields.get_mut(self.focus)
        {
            type_into(area, key);
            self.error = None;
        }
    }

    pub fn text(&self, index: usize) -> String {
        match self.fields.get(index).map(|f| &f.value) {
            Some(FieldValue::Text(area)) => area.lines().join(" ").trim().to_string(),
            _ => String::new(),
        }
    }

    pub fn choice(&self, index: usize) -> usize {
        match self.fields.get(index).map(|f| &f.value) {
            Some(FieldValue::Choice { selected, .. }) => *selected,
            _ => 0,
        }
    }

    /// A due date typed into a text field, blank for none. A phrase that is not a date
    /// rejects the attempt, naming what is accepted.
    pub fn optional_due(
        &mut self,
        field: usize,
        now: chrono::DateTime<crate::zone::Zone>,
    ) -> Result<Option<chrono::NaiveDate>, Rejected> {
        let text = self.text(field);
        if text.is_empty() {
            return Ok(None);
        }
        crate::domain::phrase::parse_due(&text, now)
            .map(Some)
            .map_err(|e| {
                self.reject(field, e.to_string());
                Rejected
            })
    }

    /// Rejects the attempt: the message is shown and the focus goes to the field at fault.
    pub fn reject(&mut self, field: usize, message: impl Into<String>) {
        self.focus = field.min(self.fields.len().saturating_sub(1));
        self.error = Some(message.into());
    }

    /// Whether `field`'s text is within the domain's limit for it; if not, the form is
    /// rejected there, naming the limit and the length typed.
    pub fn fits(&mut self, field: usize, limit: crate::domain::limits::Field) -> bool {
        match crate::domain::limits::check(limit, &self.text(field)) {
            Ok(_) => true,
            Err(too_long) => {
                self.reject(field, format!("{too_long}."));
                false
            }
        }
    }
}

/// A key typed into a text area, the cursor moving and deleting by grapheme: a letter with
/// its accent, a family emoji or a Hangul syllable spelled in jamo is one step, as it is one
/// thing on screen (the text area alone steps by `char`). Returns whether the text changed.
pub(crate) fn type_into(area: &mut TextArea<'static>, key: KeyEvent) -> bool {
    if !key.modifiers.is_empty() {
        return area.input(key);
    }
    let ratatui_textarea::DataCursor(row, col) = area.cursor();
    let line = area.lines().get(row).map(String::as_str).unwrap_or("");
    match key.code {
        KeyCode::Left => {
            (0..grapheme_before(line, col)).for_each(|_| area.move_cursor(CursorMove::Back));
            false
        }
        KeyCode::Right => {
            (0..grapheme_after(line, col)).for_each(|_| area.move_cursor(CursorMove::Forward));
            false
        }
        KeyCode::Backspace => {
            (0..grapheme_before(line, col)).fold(false, |changed, _| area.delete_char() || changed)
        }
        KeyCode::Delete => (0..grapheme_after(line, col))
            .fold(false, |changed, _| area.delete_next_char() || changed),
        _ => area.input(key),
    }
}

/// The chars of the grapheme ending at char `col` of `line` (1 at the line's start, where
/// a step crosses the line break).
fn grapheme_before(line: &str, col: usize) -> usize {
    let mut end = 0;
    for g in line.graphemes(true) {
        let n = g.chars().count();
        end += n;
        if end == col {
            return n;
        }
        if end > col {
            break;
        }
    }
    1
}

/// The chars of the grapheme starting at char `col` of `line` (1 at the line's end).
fn grapheme_after(line: &str, col: usize) -> usize {
    let mut start = 0;
    for g in line.graphemes(true) {
        let n = g.chars().count();
        if start == col {
            return n;
        }
        start += n;
        if start > col {
            break;
        }
    }
    1
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};

    fn form() -> Form {
        Form::new(
            "Test",
            vec![
                Field::choice("Kind", vec!["a".into(), "b".into(), "c".into()], 0),
                Field::text("Reason", "", "why?"),
            ],
        )
    }

    #[test]
    fn choices_cycle_both_ways() {
        let mut f = form();
        f.step(false);
        assert_eq!(f.choice(0), 2);
        f.step(true);
        f.step(true);
        assert_eq!(f.choice(0), 1);
    }

    #[test]
    fn typing_goes_to_the_focused_text_field_only() {
        let mut f = form();
        let key = KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE);
        f.type_key(key);
        assert_eq!(f.text(1), "");
        f.next_field();
        for c in "Out sick".chars() {
            f.type_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
        f.type_key(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
        assert_eq!(f.text(1), "Out sic");
    }

    #[test]
    fn focus_wraps_around() {
        let mut f = form();
        f.prev_field();
        assert_eq!(f.focus, 1);
        f.next_field();
        assert_eq!(f.focus, 0);
    }

    #[test]
    fn a_rejection_focuses_the_field_and_typing_clears_it() {
        let mut f = form();
        f.reject(1, "needs a reason");
        assert_eq!((f.focus, f.error.as_deref()), (1, Some("needs a reason")));
        f.type_key(KeyEvent::new(KeyCode::Char('a'), KeyModifiers::NONE));
        assert_eq!(f.error, None);
    }
}
