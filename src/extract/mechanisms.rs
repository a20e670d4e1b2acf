//! Mechanisms: named cooperation channels the document refers to, `中越陆地边界联合委员会`,
//! `电子商务合作工作组`, `中越政府级边界谈判机制`.
//!
//! Rule `mechanisms.head`: text ending with a `mechanism-head` word (`联合委员会`, `工作组`,
//! `机制`…), starting after the last clause separator, list separator, bracket, or
//! `name-boundary`/`mechanism-boundary` word before it. A head right after another head names
//! nothing new (`联委会机制` is the joint committee's mechanism): the name ends at the first. A list
//! joined by conjunctions gives one mechanism per item that ends with a head; leading conjunctions
//! are dropped. A name that is only a head word, or that holds a `mechanism-excluded` word
//! (`上述`, `等`), is left out; so is one inside a title in `《》` (part of an instrument's name,
//! such as a signatory body's) and the last item of an enumeration whose items share the head
//! (`创新创业、传统医学和减贫工作组`), which would be read as a part of a name.
//!
//! Rule `mechanisms.list`: items of a list before a `mechanism-list-end` word and a head
//! (`合作打击犯罪会议、战略安全对话等机制`), separated by `、` or conjunctions, each a mechanism
//! (an item with a head of its own is left to the head rule).
//!
//! Cost: linear in the length of each sentence times the number of head words.

use super::text::clause_start;
use super::{Context, Extractor, Fact, Record};
use crate::lang::triggers::Category;
use crate::text::document::{Document, PartKind};

/// See the module documentation.
pub struct MechanismExtractor;

const RULE: &str = "mechanisms.head";
const LIST_RULE: &str = "mechanisms.list";

impl Extractor for MechanismExtractor {
    fn name(&self) -> &'static str {
        "mechanisms"
    }

    fn produces(&self) -> &'static [&'static str] {
        &["mechanism"]
    }

    fn extract(&self, document: &Document, context: &Context<'_>) -> Vec<Record> {
        let mut records = Vec::new();
        for (_, sentence) in document.parts_of(PartKind::Sentence) {
            let base = sentence.range.start;
            let text = document.slice(sentence.range.clone());
            for end in head_ends(text, context) {
                if inside_title(text, end) {
                    continue;
                }
                let mut push = |range: std::ops::Range<usize>, rule: &'static str| {
                    let name = &text[range.clone()];
                    if acceptable(name, context) {
                        records.push(Record::new(
                            document,
                            base + range.start..base + range.end,
                            rule,
                            Fact::Mechanism {
                                name: name.to_owned(),
                            },
                        ));
                    }
                };
                if let Some(items) = list_items(text, end, context) {
                    for item in items {
                        push(item, LIST_RULE);
                    }
                    continue;
                }
                let start = name_start(text, end, context, true);
                if shares_head_with_previous_items(text, start, context) {
                    continue;
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
                while let Some(conjunction) = context
                    .triggers
                    .prefix(Category::Conjunction, &region[item_start..])
                {
                    item_start += conjunction.word.len();
                }
                push(start + item_start..end, RULE);
            }
        }
        records
    }
}

/// Where names of mechanisms end: after each head word, except right after a head that itself
/// follows a head (`联委会机制` ends after `联委会`).
fn head_ends(text: &str, context: &Context<'_>) -> Vec<usize> {
    let mut ends: Vec<usize> = context
        .triggers
        .words(Category::MechanismHead)
        .iter()
        .flat_map(|head| {
            text.match_indices(head.word.as_str())
                .map(|(start, word)| start + word.len())
        })
        .collect();
    ends.sort_unstable();
    ends.dedup();
    let generic: Vec<usize> = ends
        .iter()
        .filter_map(|end| {
            context
                .triggers
                .prefix(Category::MechanismHead, &text[*end..])
                .map(|head| end + head.word.len())
        })
        .collect();
    ends.retain(|end| !generic.contains(end));
    ends
}

/// Whether `at` is inside a title in `《》` (an opening mark before it is not yet closed).
fn inside_title(text: &str, at: usize) -> bool {
    let before = &text[..at];
    match (before.rfind('《'), before.rfind('》')) {
        (Some(open), Some(close)) => open > close,
        (Some(_), None) => true,
        _ => false,
    }
}

/// Where the name ending at `end` starts: after the clause start, the last bracket or quotation
/// mark (and the last `、` when `after_enumeration_mark`), then after the last boundary word.
fn name_start(
    text: &str,
    end: usize,
    context: &Context<'_>,
    after_enumeration_mark: bool,
) -> usize {
    let clause = clause_start(text, end);
    let mut start = clause;
    for (index, c) in text[clause..end].char_indices() {
        let enumeration = after_enumeration_mark && c == '、';
        if enumeration || matches!(c, '）' | '》' | '《' | '（' | '“' | '”') {
            start = clause + index + c.len_utf8();
        }
    }
    for category in [Category::NameBoundary, Category::MechanismBoundary] {
        if let Some((range, _)) = context.triggers.last(category, &text[start..end]) {
            start += range.end;
        }
    }
    start
}

/// The items of `A、B等机制`, when a `mechanism-list-end` word stands between a list and the head
/// that ends at `end`; those without a head of their own.
fn list_items(
    text: &str,
    end: usize,
    context: &Context<'_>,
) -> Option<Vec<std::ops::Range<usize>>> {
    let head = context
        .triggers
        .suffix(Category::MechanismHead, &text[..end])?;
    let before_head = end - head.word.len();
    let list_end = context
        .triggers
        .suffix(Category::MechanismListEnd, &text[..before_head])?;
    let list_stop = before_head - list_end.word.len();
    let list_start = name_start(text, list_stop, context, false);
    let mut items = Vec::new();
    let mut item_start = list_start;
    let mut index = list_start;
    while index < list_stop {
        let rest = &text[index..list_stop];
        let separator = if rest.starts_with('、') {
            Some('、'.len_utf8())
        } else {
            context
                .triggers
                .prefix(Category::Conjunction, rest)
                .map(|conjunction| conjunction.word.len())
        };
        match separator {
            Some(length) => {
                items.push(item_start..index);
                index += length;
                item_start = index;
            }
            None => index += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    items.push(item_start..list_stop);
    // An item that ends with a head of its own is found by the head rule.
    items.retain(|item| {
        !item.is_empty()
            && context
                .triggers
                .suffix(Category::MechanismHead, &text[item.clone()])
                .is_none()
    });
    Some(items)
}

/// Whether the name starting at `start` is the last item of an enumeration (`A、B和C工作组`)
/// whose earlier items have no head of their own, so share this one.
fn shares_head_with_previous_items(text: &str, start: usize, context: &Context<'_>) -> bool {
    let Some(before) = text[..start].strip_suffix('、') else {
        return false;
    };
    context
        .triggers
        .suffix(Category::MechanismHead, before)
        .is_none()
}

/// A name worth keeping: four to thirty characters, not only a head word, and without a
/// `mechanism-excluded` word.
fn acceptable(name: &str, context: &Context<'_>) -> bool {
    let length = name.chars().count();
    let excluded = context
        .triggers
        .words(Category::MechanismExcluded)
        .iter()
        .any(|word| name.contains(word.word.as_str()));
    let is_bare_head = context
        .triggers
        .words(Category::MechanismHead)
        .iter()
        .any(|head| head.word == name);
    (4..=30).contains(&length) && !excluded && !is_bare_head
}
