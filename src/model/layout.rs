//! Where each pane goes on a screen of a given size. Drawing uses it to place the panes,
//! and the cockpit to know how many rows a pane can show, so that it reads no more.

use super::Pane;
use super::cut;
use ratatui::layout::{Constraint, Rect};

/// All four panes fit from this size up; below it, one pane at a time with a tab bar.
pub const FULL_WIDTH: u16 = 160;
pub const FULL_HEIGHT: u16 = 40;
/// Below this nothing useful fits.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// The screen assumed until the terminal gives its size: a common large terminal.
pub const ASSUMED: Rect = Rect::new(0, 0, 200, 50);

/// The screen cut into its parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Screen {
    /// Where the dialogs go: everything above the status bar.
    pub body: Rect,
    pub status: Rect,
    /// The tab bar, when one pane is shown at a time.
    pub tabs: Option<Rect>,
    /// The panes shown, with their areas (borders included).
    pub panes: Vec<(Pane, Rect)>,
}

/// Whether all four panes are shown at once on a screen of this size.
pub fn all_four(area: Rect, zoomed: bool) -> bool {
    area.width >= FULL_WIDTH && area.height >= FULL_HEIGHT && !zoomed
}

/// The parts of a screen of `area`; `None` when it is too small to draw in.
pub fn screen(area: Rect, zoomed: bool, focus: Pane) -> Option<Screen> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    let [body, status] = cut::rows(area, [Constraint::Min(1), Constraint::Length(1)]);
    if all_four(area, zoomed) {
        let [top, bottom] = cut::rows(
            body,
            [Constraint::Percentage(55), Constraint::Percentage(45)],
        );
        let [meeting, scorecard, actions] = cut::columns(
            bottom,
            [
                Constraint::Percentage(40),
                Constraint::Percentage(30),
                Constraint::Percentage(30),
            ],
        );
        Some(Screen {
            body,
            status,
            tabs: None,
            panes: vec![
                (Pane::Week, top),
                (Pane::Meeting, meeting),
                (Pane::Scorecard, scorecard),
                (Pane::Actions, actions),
            ],
        })
    } else {
        let [tabs, pane] = cut::rows(body, [Constraint::Length(1), Constraint::Min(1)]);
        Some(Screen {
            body,
            status,
            tabs: Some(tabs),
            panes: vec![(focus, pane)],
        })
    }
}

/// The lines inside `pane`'s borders when it is shown: in the four-pane layout its own
/// place, otherwise the one pane's place (the same for every pane). 0 on a screen too
/// small to draw in.
pub fn inner_height(area: Rect, zoomed: bool, pane: Pane) -> u16 {
    screen(area, zoomed, pane)
        .and_then(|s| s.panes.into_iter().find(|(p, _)| *p == pane))
        .map_or(0, |(_, rect)| rect.height.saturating_sub(2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_screen_holds_all_four_panes_and_a_zoom_shows_one() {
        let four = screen(ASSUMED, false, Pane::Week).unwrap();
        let shown: Vec<Pane> = four.panes.iter().map(|(p, _)| *p).collect();
        assert_eq!(shown, Pane::ALL);
        // 49 lines above the status bar: 55% for the week, the rest for the others.
        assert_eq!(inner_height(ASSUMED, false, Pane::Week), 25);
        assert_eq!(inner_height(ASSUMED, false, Pane::Actions), 20);
        let zoomed = screen(ASSUMED, true, Pane::Actions).unwrap();
        assert_eq!(
            zoomed.panes,
            vec![(Pane::Actions, Rect::new(0, 1, 200, 48))]
        );
        assert_eq!(inner_height(ASSUMED, true, Pane::Scorecard), 46);
    }

    #[test]
    fn a_small_screen_shows_one_pane_and_a_tiny_one_none() {
        let small = Rect::new(0, 0, 80, 24);
        let one = screen(small, false, Pane::Meeting).unwrap();
        assert_eq!(one.tabs, Some(Rect::new(0, 0, 80, 1)));
        assert_eq!(one.panes, vec![(Pane::Meeting, Rect::new(0, 1, 80, 22))]);
        assert_eq!(inner_height(small, false, Pane::Actions), 20);
        assert_eq!(screen(Rect::new(0, 0, 59, 40), false, Pane::Week), None);
        assert_eq!(inner_height(Rect::new(0, 0, 100, 15), false, Pane::Week), 0);
    }
}
