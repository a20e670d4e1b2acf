//! The English extractors, and the data they share: the lexicon, the patterns and the name finder.
//!
//! They follow the contract of [`crate::extract`] and state the same [`Fact`]s as the Chinese
//! ones, so the mapping, the store and the queries serve both languages. Each reads one document
//! whose [`crate::text::document::Document::language`] is English.
//!
//! - [`metadata::MetadataExtractor`]: title, kind, date and place of issue.
//! - [`parties::PartyExtractor`]: the parties, and the mentions of the reference data's entities.
//! - [`statements::StatementExtractor`]: who takes which stance.
//! - [`instruments::InstrumentExtractor`]: treaties, agreements, declarations named in capitals.
//! - [`events::EventExtractor`]: summits and meetings with their dates, and visits.
//! - [`signatures::SignatureExtractor`]: signature blocks.
//! - [`commitments::CommitmentExtractor`]: what is promised in numbers.
//!
//! What several of them need (the document's actors and parties) is computed by the functions of
//! [`actors`], from the document alone, so that extractors never read each other's output.
//!
//! Cost: each extractor is linear in the document's length times the lexicon's longest category.

pub mod actors;
pub mod commitments;
pub mod dates;
pub mod events;
pub mod instruments;
pub mod lexicon;
pub mod metadata;
pub mod names;
pub mod parties;
pub mod signatures;
pub mod statements;

use super::Extractor;
use crate::error::DataError;
use crate::lang::reference::Reference;
use crate::lang::rules::{Patterns, REQUIRED_EN};
use lexicon::{Category, Lexicon};
use names::Names;
use oxigraph::model::Quad;

/// The English language data, loaded and checked at start.
#[derive(Debug, Clone)]
pub struct English {
    pub lexicon: Lexicon,
    pub patterns: Patterns,
    pub names: Names,
    /// Every form of the stance verbs with its stance, longest first (see
    /// [`statements::stance_forms`]).
    pub stance_forms: Vec<(String, String)>,
}

impl English {
    /// Parses the lexicon and patterns (each `(file name, text)`) and builds the name finder.
    pub fn load(
        lexicon: &(String, String),
        patterns: &(String, String),
        reference: &Reference,
        reference_quads: &[Quad],
        ontology_quads: &[Quad],
    ) -> Result<Self, DataError> {
        let lexicon = Lexicon::parse(&lexicon.0, &lexicon.1, &[ontology_quads, reference_quads])?;
        let patterns = Patterns::parse_rules(
            &patterns.0,
            &patterns.1,
            REQUIRED_EN,
            &[
                ("MONTH", lexicon.month_alternation()),
                ("CURRENCY", lexicon.alternation(Category::Currency)),
                ("SCALE", lexicon.alternation(Category::Scale)),
                ("COUNT_UNIT", lexicon.alternation(Category::CountUnit)),
                ("NUMBER_WORD", lexicon.alternation(Category::NumberWord)),
                ("DAY_WORD", lexicon.alternation(Category::DayWord)),
            ],
        )?;
        let names = Names::build(reference, reference_quads, &lexicon);
        let stance_forms = statements::stance_forms(&lexicon);
        Ok(Self {
            lexicon,
            patterns,
            names,
            stance_forms,
        })
    }

    /// Whether a text names a document kind (`Joint Statement`, also in capitals or in sentence
    /// case: `Joint statement`): a title.
    pub fn names_kind(&self, text: &str) -> bool {
        !self.kind_occurrences(text).is_empty()
    }

    /// Where a title names document kinds, by offset, the longest first at each: as the lexicon
    /// writes them (also in capitals) where it does so at all, else in any case after a capital.
    /// A kind's word that names a collection or an office after it (`kind.not-kind-after`:
    /// `Indian Treaty Series`, `Treaty Section`) names no kind.
    pub fn kind_occurrences(&self, text: &str) -> Vec<(usize, &lexicon::Entry)> {
        let title = actors::title_cased(text);
        let not_after = self.patterns.get("kind.not-kind-after");
        let keep = |found: &mut Vec<(usize, &lexicon::Entry)>| {
            found.retain(|(at, entry)| {
                let end = (at + entry.phrase.len()).min(title.len());
                !title
                    .get(end..)
                    .is_some_and(|after| not_after.is_match(after))
            });
        };
        let mut found = self.lexicon.occurrences(Category::Kind, &title);
        keep(&mut found);
        if found.is_empty() {
            found = self.lexicon.occurrences_any_case(Category::Kind, &title);
            keep(&mut found);
        }
        found
    }
}

/// The English extractors, in the order they run.
pub fn english_extractors() -> Vec<Box<dyn Extractor>> {
    vec![
        Box::new(metadata::MetadataExtractor),
        Box::new(parties::PartyExtractor),
        Box::new(instruments::InstrumentExtractor),
        Box::new(events::EventExtractor),
        Box::new(signatures::SignatureExtractor),
        Box::new(statements::StatementExtractor),
        Box::new(commitments::CommitmentExtractor),
    ]
}
