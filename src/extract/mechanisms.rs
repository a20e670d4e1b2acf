//! Mechanisms: named cooperation channels the document refers to, `中越陆地边界联合委员会`,
//! `电子商务合作工作组`, `中越政府级边界谈判机制`.
//!
//! Rule `mechanisms.head`: text ending with a `mechanism-head` word (`联合委员会`, `工作组`,
//! `机制`…), starting after the last clause separator, list separator, bracket, or
//! `name-boundary`/`mechanism-boundary` word before it. A list joined by conjunctions gives one
//! mechanism per item that ends with a head; leading conjunctions are dropped. A name that is only
//! a head word, or that holds a `mechanism-excluded` word (`上述`, `等`), is left out.
//!
//! Cost: linear in the length of each sentence times the number of head words.

use super::text::clause_start;
use super::{Context, Extractor, Fact, Record};
use crate::document::{Document, PartKind};
use crate::triggers::Category;

/// See the module documentation.
pub struct MechanismExtractor;

const RULE: &str = "mechanisms.head";

impl Extractor for MechanismExtractor {
    fn name(&self) -> &'static str {
        "mechanisms"
    }

    fn produces(&self) -> &'static [&'static str] {
        &["mechanism"]
    }

    fn extract(&self, document: &Document, context: &Context<'_>) -> Vec<Record> {
        let heads = context.triggers.words(Category::MechanismHead);
        let mut records = Vec::new();
        for (_, sentence) in document.parts_of(PartKind::Sentence) {
            let base = sentence.range.start;
            let text = document.slice(sentence.range.clone());
            let mut ends: Vec<usize> = heads
                .iter()
                .flat_map(|head| {
                    text.match_indices(head.word.as_str())
                        .map(|(start, word)| start + word.len())
                })
                .collect();
            ends.sort_unstable();
            ends.dedup();
            // A head followed directly by another head (`委员会机制`) ends at the later one.
            let ends: Vec<usize> = ends
                .iter()
                .copied()
                .filter(|end| {
                    context
                        .triggers
                        .prefix(Category::MechanismHead, &text[*end..])
                        .is_none()
                })
                .collect();
            for end in ends {
                let clause = clause_start(text, end);
                let mut start = clause;
                for (index, c) in text[clause..end].char_indices() {
                    if matches!(c, '、' | '）' | '》' | '《' | '（' | '“' | '”') {
                        start = clause + index + c.len_utf8();
                    }
                }
                for category in [Category::NameBoundary, Category::MechanismBoundary] {
                    if let Some((range, _)) = context.triggers.last(category, &text[start..end]) {
                        start += range.end;
                    }
                }
                // The last item of a list joined by conjunctions whose left part is a mechanism.
                let region = &text[start..end];
                let mut item_start = 0;
                for (index, _) in region.char_indices() {
                    if let Some(conjunction) = context
                        .triggers
                        .prefix(Category::Conjunction, &region[index..])
                    {
                        if index > item_start
                            && context
                                .triggers
                                .suffix(Category::MechanismHead, &region[..index])
                                .is_some()
                        {
                            item_start = index + conjunction.word.len();
                        }
                    }
                }
                let mut name = &region[item_start..];
                while let Some(conjunction) = context.triggers.prefix(Category::Conjunction, name) {
                    name = &name[conjunction.word.len()..];
                    item_start += conjunction.word.len();
                }
                let excluded = context
                    .triggers
                    .words(Category::MechanismExcluded)
                    .iter()
                    .any(|word| name.contains(word.word.as_str()));
                let is_bare_head = heads.iter().any(|head| head.word == name);
                if excluded || name.chars().count() < 4 || name.chars().count() > 30 || is_bare_head
                {
                    continue;
                }
                let range = base + start + item_start..base + end;
                records.push(Record::new(
                    document,
                    range,
                    RULE,
                    Fact::Mechanism {
                        name: name.to_owned(),
                    },
                ));
            }
        }
        records
    }
}
