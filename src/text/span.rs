//! The one span type: where a piece of extracted text sits in the original file.
//!
//! Every mention, fact and text part carries a [`Span`]. Its offsets count characters (Unicode
//! scalar values) of the decoded source file, byte-order mark removed, end exclusive: the same
//! convention a reader of the file in any editor or language uses. Extractors work on normalized
//! text (see [`crate::text::normalize`]) and convert their byte ranges into spans through
//! [`crate::text::normalize::NormalizedText::span`], once, so that no other module has to know how
//! the text was cleaned.

use serde::Serialize;

/// A range of characters in the original source file, `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    /// Offset of the first character.
    pub start: u32,
    /// Offset just after the last character.
    pub end: u32,
}

impl Span {
    /// A span from `start` to `end`; `end` is raised to `start` if it is smaller.
    pub fn new(start: u32, end: u32) -> Self {
        Self {
            start,
            end: end.max(start),
        }
    }

    /// Number of characters covered.
    pub fn len(&self) -> u32 {
        self.end - self.start
    }

    /// True when the span covers no character.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// True when `other` lies inside this span.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The characters of `original` that this span covers. Linear in the span's end: for many
    /// lookups in one document, [`crate::text::document::Document::original`] indexes the file
    /// once.
    pub fn slice<'a>(&self, original: &'a str) -> &'a str {
        let mut indices = original.char_indices().map(|(index, _)| index);
        let start = indices
            .by_ref()
            .nth(self.start as usize)
            .unwrap_or(original.len());
        let length = self.len() as usize;
        let end = if length == 0 {
            start
        } else {
            original[start..]
                .char_indices()
                .nth(length)
                .map_or(original.len(), |(index, _)| start + index)
        };
        &original[start..end]
    }
}
