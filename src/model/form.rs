//! A dialog form: labelled fields, each a choice cycled with the arrows or a line of text,
//! and one focused at a time. Used by every dialog that asks for input.

use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::{CursorMove, TextArea};

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
            FieldValue::Text(area) => area.move_cursor(if forward {
                CursorMove::Forward
            } else {
                CursorMove::Back
            }),
        }
    }

    /// A key typed into the focused text field. Choices ignore typing.
    pub fn type_key(&mut self, key: KeyEvent) {
        if let Some(Field {
            value: FieldValue::Text(area),
            ..
        }) = self.fields.get_mut(self.focus)
        {
            area.input(key);
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
        now: chrono::DateTime<chrono_tz::Tz>,
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
