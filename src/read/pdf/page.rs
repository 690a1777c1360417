//! What the PDF text extractor hands to the layout stage: one page's glyphs and ruling
//! segments, in a top-left coordinate system (y grows downwards), rotation already applied.

use serde::{Deserialize, Serialize};

/// One shown glyph (or a run of glyphs the extractor kept together), with its box.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Glyph {
    /// Unicode text of the glyph (usually one char; a ligature may give several).
    pub text: String,
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    /// Effective font size in points (after the text matrix and CTM).
    pub size: f32,
    /// False when the baseline is not horizontal on the displayed page (rotated text such as
    /// diagonal watermarks or vertical labels).
    pub upright: bool,
}

/// A straight line segment from a path that was stroked or filled (thin filled rectangles are
/// table rules too). Only horizontal and vertical segments are kept.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

/// One page's content after rotation, top-left origin.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PageContent {
    /// 1-based page number.
    pub number: u32,
    pub width: f32,
    pub height: f32,
    pub glyphs: Vec<Glyph>,
    pub segments: Vec<Segment>,
    /// Glyphs whose code could not be mapped to Unicode (no ToUnicode, unknown encoding).
    pub undecodable_glyphs: u32,
    /// Whether the page paints images (a page with images and no glyphs is likely a scan).
    pub has_images: bool,
}
