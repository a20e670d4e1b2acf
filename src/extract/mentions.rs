//! Mentions of the entities of the reference data: states, organisations, parties, agencies,
//! persons and places named in the text.
//!
//! Rules:
//! - `mentions.name`: a full name or alias (`skos:prefLabel`, `skos:altLabel`) found in the text,
//!   leftmost-longest, so `上海合作组织` is the organisation and not the city of `上海`.
//! - `mentions.party-form`: an "X方" form (`dg:partyForm`, such as `阿方`), resolved to the one
//!   entity among those that share the form that the same document also names by a full name; left
//!   out when none or several are named.
//!
//! - `mentions.short-form`: a one-character form (`dg:shortForm`) in a context of the pattern
//!   `mentions.short-form` (`在乌举行`, `在华销售`), right before an `office-title` word
//!   (`阿副总统`), or side by side with another (`中阿两国`: each a different entity, and no `（`
//!   after them, which would spell out what they stand for, as in `中阿（拉伯）`); resolved like a
//!   party form.
//!
//! A name inside a `name-excluded` word (`中国` in `发展中国家`) names nothing.
//!
//! Cost: one pass of the reference automaton over the document, linear in its length, and one over
//! its characters for the short forms.

use super::{Context, Extractor, Fact, Record};
use crate::lang::reference::NameKind;
use crate::lang::triggers::Category;
use crate::text::document::Document;
use std::collections::BTreeSet;

/// See the module documentation.
pub struct MentionExtractor;

const NAME: &str = "mentions.name";
const PARTY_FORM: &str = "mentions.party-form";
const SHORT_FORM: &str = "mentions.short-form";

impl Extractor for MentionExtractor {
    fn name(&self) -> &'static str {
        "mentions"
    }

    fn produces(&self) -> &'static [&'static str] {
        &["mention"]
    }

    fn extract(&self, document: &Document, context: &Context<'_>) -> Vec<Record> {
        resolved_names(document, context)
            .iter()
            .map(|(range, entity, kind)| {
                let (range, entity, kind) = (range.clone(), *entity, *kind);
                let rule = match kind {
                    NameKind::Name => NAME,
                    NameKind::PartyForm => PARTY_FORM,
                    NameKind::ShortForm => SHORT_FORM,
                };
                let entity = context.reference.entities[entity].iri.as_str().to_owned();
                Record::new(document, range, rule, Fact::Mention { entity })
            })
            .collect()
    }
}

/// The names of reference entities in a document, resolved: byte range in the normalized text,
/// entity index, and how it was named. Party forms are kept only where resolved (see the module
/// documentation). Found by the first extractor that asks and kept in the document's
/// [`super::Annotations`] for the others.
pub fn resolved_names<'c>(document: &Document, context: &Context<'c>) -> &'c [ResolvedName] {
    context
        .annotations
        .names
        .get_or_init(|| resolve_names(document, context))
}

/// A name found in a document: byte range in the normalized text, entity index, how it was named.
pub type ResolvedName = (std::ops::Range<usize>, usize, NameKind);

/// The resolved names (in text order) that lie within a byte range, found by binary search so
/// that reading the names of each sentence or match stays linear in the document's length.
pub fn names_within(
    names: &[ResolvedName],
    within: std::ops::Range<usize>,
) -> impl Iterator<Item = &ResolvedName> {
    let first = names.partition_point(|(range, _, _)| range.start < within.start);
    names[first..]
        .iter()
        .take_while(move |(range, _, _)| range.start < within.end)
        .filter(move |(range, _, _)| range.end <= within.end)
}

fn resolve_names(document: &Document, context: &Context<'_>) -> Vec<ResolvedName> {
    let offset = document.range.start;
    let text = document.text();
    // Words that hold a name without naming its entity (发展中国家), merged into disjoint ranges.
    let mut excluded: Vec<std::ops::Range<usize>> = context
        .triggers
        .words(Category::NameExcluded)
        .iter()
        .flat_map(|word| {
            text.match_indices(word.word.as_str())
                .map(|(start, word)| start..start + word.len())
        })
        .collect();
    excluded.sort_by_key(|range| range.start);
    let excluded = merged(excluded);
    let found: Vec<_> = context
        .reference
        .find_names(text)
        .into_iter()
        .filter(|name| {
            covering(&excluded, &name.range).is_none_or(|word| word.end < name.range.end)
        })
        .collect();
    let named: BTreeSet<usize> = found
        .iter()
        .filter(|name| name.kind == NameKind::Name)
        .flat_map(|name| name.entities.iter().copied())
        .collect();
    // A party form or one-character form means the one entity among those that share it that the
    // document also names in full.
    let only_named = |candidates: &[usize]| {
        let mut named_candidates = candidates.iter().filter(|entity| named.contains(entity));
        match (named_candidates.next(), named_candidates.next()) {
            (Some(entity), None) => Some(*entity),
            _ => None,
        }
    };
    let mut resolved: Vec<(std::ops::Range<usize>, usize, NameKind)> = found
        .into_iter()
        .filter_map(|name| {
            let entity = match name.kind {
                NameKind::Name => name.entities[0],
                // `法方` inside `司法方面`: the form ends in a word of its own (`方面`).
                NameKind::PartyForm
                    if context
                        .triggers
                        .prefix(Category::PartyFormFollower, &text[name.range.end..])
                        .is_some() =>
                {
                    return None
                }
                NameKind::PartyForm => only_named(&name.entities)?,
                NameKind::ShortForm => return None,
            };
            Some((
                offset + name.range.start..offset + name.range.end,
                entity,
                name.kind,
            ))
        })
        .collect();
    // The names found so far are disjoint and in text order; a short form may not overlap one.
    let names_taken: Vec<std::ops::Range<usize>> =
        resolved.iter().map(|(range, _, _)| range.clone()).collect();
    let overlaps_any = |taken: &[std::ops::Range<usize>], range: &std::ops::Range<usize>| {
        let after = taken.partition_point(|other| other.end <= range.start);
        taken
            .get(after)
            .is_some_and(|other| other.start < range.end)
    };
    let resolve_short = |character: &str| only_named(context.reference.short_forms.get(character)?);
    // One-character short forms, only in the contexts of `mentions.short-form` (在乌举行).
    for captures in context
        .patterns
        .get("mentions.short-form")
        .captures_iter(document.text())
    {
        let short = captures.name("short").expect("checked at load");
        let Some(entity) = resolve_short(short.as_str()) else {
            continue;
        };
        let range = offset + short.start()..offset + short.end();
        if !overlaps_any(&names_taken, &range) {
            resolved.push((range, entity, NameKind::ShortForm));
        }
    }
    // One-character short forms before an office title (阿副总统) or side by side (中阿两国).
    resolved.sort_by_key(|(range, _, _)| range.start);
    let taken: Vec<std::ops::Range<usize>> =
        resolved.iter().map(|(range, _, _)| range.clone()).collect();
    let characters: Vec<(usize, char)> = text.char_indices().collect();
    for (index, (start, character)) in characters.iter().enumerate() {
        let end = start + character.len_utf8();
        let Some(entity) = resolve_short(&text[*start..end]) else {
            continue;
        };
        let before_title = context
            .triggers
            .prefix(Category::OfficeTitle, &text[end..])
            .is_some();
        let pair = |other: Option<&(usize, char)>| {
            other.and_then(|(other_start, other_character)| {
                resolve_short(&text[*other_start..other_start + other_character.len_utf8()])
            })
        };
        let next = pair(characters.get(index + 1));
        let previous = index.checked_sub(1).and_then(|i| pair(characters.get(i)));
        let spelled_out = |after: usize| text[after..].starts_with('（');
        let side_by_side = next.is_some_and(|other| {
            other != entity && !spelled_out(end + characters[index + 1].1.len_utf8())
        }) || previous.is_some_and(|other| other != entity && !spelled_out(end));
        if !(before_title || side_by_side) {
            continue;
        }
        let range = offset + start..offset + end;
        if !overlaps_any(&taken, &range) {
            resolved.push((range, entity, NameKind::ShortForm));
        }
    }
    resolved.sort_by_key(|(range, _, _)| range.start);
    resolved
}

/// Sorted ranges merged where they overlap.
fn merged(sorted: Vec<std::ops::Range<usize>>) -> Vec<std::ops::Range<usize>> {
    let mut merged: Vec<std::ops::Range<usize>> = Vec::new();
    for range in sorted {
        match merged.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    merged
}

/// The disjoint range (of ranges in text order) that starts at or before `range`, if any.
fn covering<'a>(
    ranges: &'a [std::ops::Range<usize>],
    range: &std::ops::Range<usize>,
) -> Option<&'a std::ops::Range<usize>> {
    let after = ranges.partition_point(|other| other.start <= range.start);
    after.checked_sub(1).map(|index| &ranges[index])
}
