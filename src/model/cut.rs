//! Cutting an area into rows or columns, as ratatui's `Layout` does, for the cuts the
//! cockpit makes on every frame: fixed sizes with one part taking the rest, or shares of
//! the whole. `Layout` runs a constraint solver, and its cache lives in the process, so on
//! a fresh start each cut costs more than drawing what it cuts. When the parts fit, these
//! cuts are arithmetic; otherwise (a pane squeezed below its minimum) `Layout` decides.
//! A test holds both paths to `Layout`'s results.

use ratatui::layout::{Constraint, Direction, Flex, Layout, Rect};

/// `area` cut top to bottom.
pub fn rows<const N: usize>(area: Rect, parts: [Constraint; N]) -> [Rect; N] {
    cut(area, parts, Direction::Vertical)
}

/// `area` cut left to right.
pub fn columns<const N: usize>(area: Rect, parts: [Constraint; N]) -> [Rect; N] {
    cut(area, parts, Direction::Horizontal)
}

/// Columns of `widths` across `width` with `spacing` cells between them, as a ratatui
/// `Table` lays out its columns: each column's offset from the left and its width.
pub fn table_columns(width: u16, widths: &[Constraint], spacing: u16) -> Vec<(u16, u16)> {
    fixed_columns(width, widths, spacing).unwrap_or_else(|| {
        Layout::horizontal(widths.iter().copied())
            .flex(Flex::Start)
            .spacing(spacing)
            .split(Rect::new(0, 0, width, 1))
            .iter()
            .map(|c| (c.x, c.width))
            .collect()
    })
}

/// Fixed widths and one column that takes the rest, when they fit.
fn fixed_columns(width: u16, widths: &[Constraint], spacing: u16) -> Option<Vec<(u16, u16)>> {
    let gaps = spacing.saturating_mul(widths.len().saturating_sub(1) as u16);
    // The column that fills is sized as a part that takes the rest: so `Layout` sizes it
    // when all fits.
    let parts: Vec<Constraint> = widths
        .iter()
        .map(|w| match *w {
            Constraint::Fill(_) => Constraint::Min(0),
            other => other,
        })
        .collect();
    let sizes = fixed_and_rest(&parts, width.checked_sub(gaps)?)?;
    let mut at = 0u16;
    Some(
        sizes
            .into_iter()
            .map(|size| {
                let column = (at, size);
                // Past the last column this may pass the width: it is not used then.
                at = at.saturating_add(size).saturating_add(spacing);
                column
            })
            .collect(),
    )
}

fn cut<const N: usize>(area: Rect, parts: [Constraint; N], direction: Direction) -> [Rect; N] {
    let (start, size) = match direction {
        Direction::Vertical => (area.y, area.height),
        Direction::Horizontal => (area.x, area.width),
    };
    let Some(sizes) = sizes(&parts, size) else {
        return Layout::new(direction, parts).areas(area);
    };
    let mut at = start;
    sizes.map(|length| {
        let part = match direction {
            Direction::Vertical => Rect::new(area.x, at, area.width, length),
            Direction::Horizontal => Rect::new(at, area.y, length, area.height),
        };
        at = at.saturating_add(length);
        part
    })
}

/// The parts' sizes, when they are of a kind worked out here and fit in `size`.
fn sizes<const N: usize>(parts: &[Constraint; N], size: u16) -> Option<[u16; N]> {
    let ratios: Option<Vec<(u32, u32)>> = parts
        .iter()
        .map(|p| match *p {
            Constraint::Ratio(num, den) => Some((num, den)),
            _ => None,
        })
        .collect();
    let percentages: Option<Vec<(u32, u32)>> = parts
        .iter()
        .map(|p| match *p {
            Constraint::Percentage(percent) => Some((u32::from(percent), 100)),
            _ => None,
        })
        .collect();
    match ratios.or(percentages) {
        Some(fractions) => shares(&fractions, size),
        None => fixed_and_rest(parts, size),
    }?
    .try_into()
    .ok()
}

/// Shares of the whole that add up to it: each boundary falls on the nearest cell.
fn shares(fractions: &[(u32, u32)], size: u16) -> Option<Vec<u16>> {
    // Exact fractions, summed as they go; any part too fine to count exactly is left to
    // `Layout`.
    let add = |(n, d): (u128, u128), (num, den): (u32, u32)| -> Option<(u128, u128)> {
        let den = u128::from(den);
        let num = n
            .checked_mul(den)?
            .checked_add(u128::from(num).checked_mul(d)?)?;
        Some((num, d.checked_mul(den)?))
    };
    if fractions.iter().any(|&(_, den)| den == 0) {
        return None;
    }
    // The shares must add up to exactly one: otherwise the solver spreads the difference.
    let (sum_num, sum_den) = fractions.iter().try_fold((0, 1), |sum, &f| add(sum, f))?;
    if sum_num != sum_den {
        return None;
    }
    let mut before = (0, 1);
    let mut edge = 0u16;
    fractions
        .iter()
        .map(|&fraction| {
            before = add(before, fraction)?;
            // The boundary after this part, rounded half away from zero as `Layout` does.
            let exact = u128::from(size).checked_mul(before.0)?;
            let next = exact.checked_mul(2)?.checked_add(before.1)? / before.1.checked_mul(2)?;
            let next = u16::try_from(next).ok()?;
            let part = next.checked_sub(edge)?;
            edge = next;
            Some(part)
        })
        .collect()
}

/// Fixed lengths and one part that takes the rest, when the rest is at least its minimum.
fn fixed_and_rest(parts: &[Constraint], size: u16) -> Option<Vec<u16>> {
    let mut fixed = 0u16;
    let mut rest = None;
    for (i, part) in parts.iter().enumerate() {
        match *part {
            Constraint::Length(length) => fixed = fixed.checked_add(length)?,
            Constraint::Min(min) if rest.is_none() => rest = Some((i, min)),
            _ => return None,
        }
    }
    let (index, min) = rest?;
    let left = size.checked_sub(fixed)?;
    if left < min {
        return None;
    }
    Some(
        parts
            .iter()
            .enumerate()
            .map(|(i, part)| match *part {
                _ if i == index => left,
                Constraint::Length(length) => length,
                _ => 0,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use Constraint::{Length, Min, Percentage, Ratio};

    fn same_as_layout<const N: usize>(parts: [Constraint; N]) {
        for size in 0..=260u16 {
            for (area, direction) in [
                (Rect::new(3, 5, 17, size), Direction::Vertical),
                (Rect::new(3, 5, size, 17), Direction::Horizontal),
            ] {
                let expected: [Rect; N] = Layout::new(direction, parts).areas(area);
                let cut = match direction {
                    Direction::Vertical => rows(area, parts),
                    Direction::Horizontal => columns(area, parts),
                };
                assert_eq!(cut, expected, "{parts:?} {direction:?} in {area:?}");
            }
        }
    }

    #[test]
    fn the_cockpits_cuts_are_the_ones_layout_makes_at_every_size() {
        same_as_layout([Min(1), Length(1)]);
        same_as_layout([Length(1), Min(1)]);
        same_as_layout([Min(1), Length(1), Length(1)]);
        same_as_layout([Length(1), Min(3), Length(3), Length(5)]);
        same_as_layout([Length(1), Length(1), Length(1), Length(7), Min(3)]);
        same_as_layout([Min(1), Length(9), Length(30)]);
        same_as_layout([Percentage(55), Percentage(45)]);
        same_as_layout([Percentage(40), Percentage(30), Percentage(30)]);
        same_as_layout([Ratio(1, 7); 7]);
        same_as_layout([Ratio(1, 3); 3]);
    }

    #[test]
    fn table_columns_are_the_ones_a_table_lays_out_at_every_width() {
        use Constraint::Fill;
        let narrow = [Length(2), Fill(1), Length(12), Length(3), Length(8)];
        let wide = [
            Length(2),
            Fill(1),
            Length(14),
            Length(7),
            Length(9),
            Length(7),
            Length(13),
            Length(4),
        ];
        for width in 0..=260u16 {
            for widths in [&narrow[..], &wide[..]] {
                let table: Vec<(u16, u16)> = Layout::horizontal(widths.iter().copied())
                    .flex(Flex::Start)
                    .spacing(1)
                    .split(Rect::new(0, 0, width, 1))
                    .iter()
                    .map(|c| (c.x, c.width))
                    .collect();
                assert_eq!(
                    table_columns(width, widths, 1),
                    table,
                    "{widths:?} at {width}"
                );
            }
        }
        // Worked out here, not by the solver, wherever the columns fit.
        assert!(fixed_columns(29, &narrow, 1).is_some());
        assert!(fixed_columns(28, &narrow, 1).is_none());
        assert!(fixed_columns(90, &wide, 1).is_some());
        assert_eq!(
            table_columns(u16::MAX, &[Length(2), Fill(1)], 1),
            [(0, 2), (3, u16::MAX - 3)]
        );
    }

    #[test]
    fn parts_that_do_not_add_up_are_left_to_layout() {
        assert_eq!(sizes(&[Percentage(50), Percentage(30)], 100), None);
        assert_eq!(sizes(&[Length(5), Min(10)], 12), None);
        assert_eq!(sizes(&[Length(5), Length(5)], 12), None);
        assert_eq!(sizes(&[Min(1), Min(1)], 12), None);
        assert_eq!(sizes(&[Length(5), Min(3)], 12), Some([5, 7]));
        // Shares too fine to count exactly.
        assert_eq!(shares(&[(1, u32::MAX); 5], 100), None);
        assert_eq!(
            sizes(&[Ratio(1, 7); 7], 198),
            Some([28, 29, 28, 28, 28, 29, 28])
        );
    }
}
