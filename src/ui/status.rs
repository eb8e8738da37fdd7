//! The status bar: a notice or the keys that matter now, whether typed text is saved, and
//! the database path.

use super::theme;
use crate::keymap::{Keymap, Scope};
use crate::model::cut;
use crate::model::{Cockpit, Notice, Overlay, SaveState};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;

/// The path never takes more than this share of the bar (1/n), so the keys stay readable.
const PATH_SHARE: u16 = 4;

pub fn draw(frame: &mut Frame, cockpit: &Cockpit, keymap: &Keymap, area: Rect) {
    let db = tail(&cockpit.db_label, (area.width / PATH_SHARE) as usize);
    let db_width = db.chars().count() as u16 + 1;
    // What went wrong is cut at its end, never at "NOT SAVED".
    let room = (area.width / 2).saturating_sub(1) as usize;
    let saving = save_line(cockpit, room);
    let saving_width = (saving.width() as u16 + 1).min(area.width / 2);
    let [left, middle, right] = cut::columns(
        area,
        [
            Constraint::Min(1),
            Constraint::Length(saving_width),
            Constraint::Length(db_width),
        ],
    );
    frame.render_widget(saving.right_aligned(), middle);
    let line = match &cockpit.notice {
        Some(Notice::Error(message)) => Line::styled(message.clone(), theme::error()),
        Some(Notice::Info(message)) => Line::raw(message.clone()),
        None => hint_line(cockpit, keymap, left.width as usize),
    };
    frame.render_widget(line, left);
    frame.render_widget(Line::styled(db, theme::dim()).right_aligned(), right);
}

/// Whether what was typed is in the database: "✓ saved", "… saving", or in red what
/// went wrong and the key that writes it elsewhere.
fn save_line(cockpit: &Cockpit, room: usize) -> Line<'static> {
    let typed_since = cockpit.autosave.due_at().is_some();
    if let Some(why) = &cockpit.writing_stopped {
        return Line::styled(
            super::fit(&format!("NOT WRITING: {why}"), room),
            theme::error(),
        );
    }
    match &cockpit.save_state {
        SaveState::NotSaved(why) => Line::styled(
            super::fit(&format!("NOT SAVED (C-s rescues): {why}"), room),
            theme::error(),
        ),
        SaveState::Pending => Line::styled("… saving", theme::dim()),
        _ if typed_since => Line::styled("… saving", theme::dim()),
        SaveState::Saved => Line::styled("✓ saved", theme::dim()),
        SaveState::Nothing => Line::raw(""),
    }
}

/// As many hints as fit whole, most important first (the table's order).
fn hint_line(cockpit: &Cockpit, keymap: &Keymap, width: usize) -> Line<'static> {
    let scope = cockpit.key_scope();
    let mut hints = match cockpit.overlays.last() {
        Some(Overlay::Form(dialog)) => super::overlays::form_hints(keymap, &dialog.form),
        Some(Overlay::Review(walk)) if walk.current().is_none() => {
            keymap.hints_where(scope, crate::model::review::applies_on_summary)
        }
        _ => keymap.hints(scope),
    };
    if let Scope::Pane(_) = scope {
        // Help and quit always show: they are the way out of anything.
        let mut global = keymap.hints(Scope::Global);
        global.append(&mut hints);
        hints = global;
    }
    let mut used = 0;
    let fitting: Vec<_> = hints
        .into_iter()
        .take_while(|(keys, word)| {
            used += keys.chars().count() + word.chars().count() + 4;
            used <= width
        })
        .collect();
    super::hint_spans(fitting).into()
}

/// The end of `text` in at most `width` characters: the file name matters more than its
/// directories.
fn tail(text: &str, width: usize) -> String {
    let count = text.chars().count();
    if count <= width {
        text.to_string()
    } else if width == 0 {
        String::new()
    } else {
        let kept: String = text.chars().skip(count - width + 1).collect();
        format!("…{kept}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_paths_keep_their_end() {
        assert_eq!(
            tail("/home/me/.local/share/cadence/cadence.db", 12),
            "…/cadence.db"
        );
        assert_eq!(tail("short.db", 12), "short.db");
    }
}
