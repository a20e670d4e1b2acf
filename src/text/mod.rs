//! From bytes to documents: the readers of each input format and encoding (`input`), the
//! normalized text with its offset map (`normalize`), the one span type that points back into the
//! original (`span`), the language switch (`language`), and documents split into sections,
//! paragraphs and sentences (`document`).

pub mod document;
pub mod input;
pub mod language;
pub mod normalize;
pub mod span;
