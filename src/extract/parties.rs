//! The parties of a document: the states it is between.
//!
//! Rules, the first that finds any wins:
//! - `parties.signatories`: the countries of the signatories (a communiqué's signing states);
//! - `parties.title`: the states named in the title before `关于` (`中华人民共和国和阿拉伯联合酋长国
//!   关于…的联合声明`);
//! - `parties.party-forms`: the states the document calls "X方" (`中方`, `越方`) and also names
//!   otherwise, when there are exactly two (a bilateral statement without its title).
//!
//! Cost: linear in the length of the document.

use super::bodies::states_in;
use super::mentions::resolved_names;
use super::signatures::signature_lines;
use super::{Context, Extractor, Fact, Record};
use crate::document::Document;
use crate::reference::NameKind;
use crate::vocab::dg;
use std::collections::BTreeMap;

/// See the module documentation.
pub struct PartyExtractor;

/// The parties of a document: the rule that found them, and each state (reference index) with
/// where it was read.
pub fn document_parties(
    document: &Document,
    context: &Context<'_>,
) -> (&'static str, BTreeMap<usize, std::ops::Range<usize>>) {
    let is_state = |index: usize| context.reference.entities[index].class.as_ref() == dg::STATE;
    // (state, first byte range) in text order.
    let mut found: BTreeMap<usize, std::ops::Range<usize>> = BTreeMap::new();
    let mut rule = "parties.signatories";
    for line in signature_lines(document, context) {
        found.entry(line.country).or_insert(line.range);
    }
    if found.is_empty() && document.title_paragraphs > 0 {
        rule = "parties.title";
        let paragraphs: Vec<_> = document.paragraphs().collect();
        let title = paragraphs[0].start..paragraphs[document.title_paragraphs - 1].end;
        let text = document.slice(title.clone());
        let before = text.find("关于").unwrap_or(text.len());
        for (range, state) in states_in(&text[..before], context) {
            found
                .entry(state)
                .or_insert(title.start + range.start..title.start + range.end);
        }
    }
    if found.is_empty() {
        rule = "parties.party-forms";
        let mut by_form: BTreeMap<usize, std::ops::Range<usize>> = BTreeMap::new();
        for (range, entity, kind) in resolved_names(document, context) {
            if *kind == NameKind::PartyForm && is_state(*entity) {
                by_form.entry(*entity).or_insert(range.clone());
            }
        }
        if by_form.len() == 2 {
            found = by_form;
        }
    }
    (rule, found)
}

impl Extractor for PartyExtractor {
    fn name(&self) -> &'static str {
        "parties"
    }

    fn produces(&self) -> &'static [&'static str] {
        &["party"]
    }

    fn extract(&self, document: &Document, context: &Context<'_>) -> Vec<Record> {
        let (rule, found) = document_parties(document, context);
        found
            .into_iter()
            .map(|(state, range)| {
                Record::new(
                    document,
                    range,
                    rule,
                    Fact::Party {
                        state: context.reference.entities[state].iri.as_str().to_owned(),
                    },
                )
            })
            .collect()
    }
}
