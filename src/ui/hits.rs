//! Where things were drawn, so a mouse click can be told what it landed on. Each view
//! records the areas of its rows as it draws them; the loop keeps the last frame's record.

use crate::action::Target;
use ratatui::layout::{Position, Rect};

#[derive(Clone, Debug, Default)]
pub struct Hits {
    areas: Vec<(Rect, Target)>,
}

impl Hits {
    pub fn add(&mut self, area: Rect, target: Target) {
        self.areas.push((area, target));
    }

    /// What is at a cell: the last recorded area holding it, as rows are recorded after
    /// the pane around them.
    pub fn at(&self, column: u16, row: u16) -> Option<Target> {
        let position = Position::new(column, row);
        self.areas
            .iter()
            .rev()
            .find(|(area, _)| area.contains(position))
            .map(|(_, target)| *target)
    }

    /// The pane at a cell, whatever row of it.
    pub fn pane_at(&self, column: u16, row: u16) -> Option<crate::model::Pane> {
        let position = Position::new(column, row);
        self.areas.iter().find_map(|(area, target)| match target {
            Target::Pane(pane) if area.contains(position) => Some(*pane),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Pane;

    #[test]
    fn the_row_wins_over_the_pane_around_it() {
        let mut hits = Hits::default();
        hits.add(Rect::new(0, 0, 10, 10), Target::Pane(Pane::Actions));
        hits.add(Rect::new(1, 3, 8, 1), Target::ActionItem(2));
        assert_eq!(hits.at(4, 3), Some(Target::ActionItem(2)));
        assert_eq!(hits.at(4, 4), Some(Target::Pane(Pane::Actions)));
        assert_eq!(hits.pane_at(4, 3), Some(Pane::Actions));
        assert_eq!(hits.at(20, 3), None);
    }
}
