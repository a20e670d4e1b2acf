//! Statements and stances: who agrees, supports, stresses, notes, welcomes… what, about which
//! entities and cooperation areas.
//!
//! Rule `statements.stance-verb`: each stance verb of `ontology/triggers.tsv` in a sentence (the
//! longest at its place, outside brackets, not attributive `…的`) opens a statement that runs to
//! the next stance verb or the end of the sentence. Its speakers are the actors named, or the
//! collective words used (`双方`, `两国` for the parties of the document; `两党` for their ruling
//! parties; `各代表团团长`, `团长们` for the parties' delegations), between the start of the
//! verb's clause and the verb (or an `object-marker` before it: in `X对Y表示感谢` only X speaks).
//! A state named right before an office title and a person (`中华人民共和国主席习近平`) is part of
//! how the person is named, not a speaker of its own; so is a party (`中共中央总书记、国家主席习近平`).
//! A statement without speakers takes the subject that opens its sentence (`双方高度重视…，愿…`),
//! else those of the previous statement of the same paragraph; one with none at all is left out.
//! A negation word right before the verb (`不支持`) marks it negated.
//!
//! Three kinds of verb open no statement: one right after an `obligation` word (`应致力于`: what
//! should be done, the content of another statement), one right after a `nominal-before` word
//! (`接受了邀请`: the verb is a noun), and one whose clause has an earlier stance verb with an actor
//! named after it (`阿方感谢中方支持…`: China's support is what is thanked for, not a stance this
//! document takes). A sentence opened by a collective word for others (`国际社会应当…`) lends no
//! speakers to its clauses.
//!
//! The entities a statement names (other than its speakers) and the topics whose terms it uses are
//! recorded with it.
//!
//! Cost: for each sentence, its stance words times the names in it (times the earlier stance words
//! of the same clause, for reported stances): linear in the document's length for sentences of
//! bounded length.

use super::mentions::{resolved_names, ResolvedName};
use super::parties::document_parties;
use super::persons::transliterated_persons;
use super::text::{clause_start, inside_brackets};
use super::{Context, Extractor, Fact, Record};
use crate::lang::reference::NameKind;
use crate::lang::triggers::{Category, Collective, Trigger};
use crate::rdf::vocab::dg;
use crate::text::document::{Document, PartKind};
use std::collections::BTreeSet;

/// See the module documentation.
pub struct StatementExtractor;

const RULE: &str = "statements.stance-verb";

/// Where a clause begins once a list of actors separated by commas before it is taken in
/// (`中华人民共和国，法兰西共和国，俄罗斯联邦和美利坚合众国认为…`, as copies with ASCII commas
/// write a list): the clause start moves back over each clause that is only an actor's name.
fn list_start(
    text: &str,
    mut clause: usize,
    base: usize,
    names: &[ResolvedName],
    context: &Context<'_>,
) -> usize {
    while let Some(before) = text[..clause].strip_suffix('，') {
        let previous = clause_start(text, before.len());
        let only_a_name = names.iter().any(|(range, entity, _)| {
            range.start == base + previous
                && range.end == base + before.len()
                && context.reference.is_actor(*entity)
        });
        if !only_a_name {
            break;
        }
        clause = previous;
    }
    clause
}

impl Extractor for StatementExtractor {
    fn name(&self) -> &'static str {
        "statements"
    }

    fn produces(&self) -> &'static [&'static str] {
        &["statement"]
    }

    fn extract(&self, document: &Document, context: &Context<'_>) -> Vec<Record> {
        let names = resolved_names(document, context);
        // Persons the reference data does not know: where each is named, and the full name.
        let mut persons: Vec<(std::ops::Range<usize>, String)> =
            transliterated_persons(document, context)
                .iter()
                .filter_map(|record| match &record.fact {
                    Fact::Person { name, .. } => Some((record.at.clone(), name.clone())),
                    _ => None,
                })
                .collect();
        persons.sort_by_key(|(range, _)| range.start);
        let (_, parties) = document_parties(document, context);
        let parties: Vec<usize> = parties.into_keys().collect();
        let iri = |entity: usize| context.reference.entities[entity].iri.as_str().to_owned();
        let mut records = Vec::new();
        let mut previous: Option<(usize, Vec<Speaker>)> = None; // (paragraph, speakers)
        for (_, sentence) in document.parts_of(PartKind::Sentence) {
            let paragraph = sentence.parent.unwrap_or_default();
            let base = sentence.range.start;
            let text = document.slice(sentence.range.clone());
            // The names and persons of this sentence (they are in text order).
            let first = names.partition_point(|(range, _, _)| range.start < base);
            let last = names.partition_point(|(range, _, _)| range.start < base + text.len());
            let names = &names[first..last];
            let first = persons.partition_point(|(range, _)| range.start < base);
            let last = persons.partition_point(|(range, _)| range.start < base + text.len());
            let persons = &persons[first..last];
            let inside = inside_brackets(
                text,
                &[('《', '》'), ('（', '）'), ('〈', '〉'), ('“', '”')],
            );
            let verbs: Vec<(usize, usize, &Trigger)> = context
                .triggers
                .occurrences(Category::Stance, text)
                .into_iter()
                .filter(|(start, end, _)| !inside[*start] && !text[*end..].starts_with('的'))
                .filter(|(start, end, _)| !within_excluded(text, *start..*end, context))
                // `将` before what it turns into something else is the object marker
                // (`将两国关系提升为…`), not the modal of a commitment.
                // `这将造福…`: the modal of a pronoun's sentence is no one's commitment.
                .filter(|(start, end, verb)| {
                    let marker_modal = context
                        .triggers
                        .words(Category::MarkerModal)
                        .iter()
                        .any(|word| word.word == verb.word);
                    !(marker_modal
                        && (context
                            .patterns
                            .get("statement.object-marker")
                            .is_match(&text[*end..])
                            || context
                                .patterns
                                .get("statement.modal-subject-not-actor")
                                .is_match(&text[..*start])))
                })
                .collect();
            for (index, (start, end, verb)) in verbs.iter().enumerate() {
                let statement_end = verbs.get(index + 1).map_or(text.len(), |next| next.0);
                let clause = list_start(text, clause_start(text, *start), base, names, context);
                let before_verb = &text[clause..*start];
                if context
                    .triggers
                    .suffix(Category::Obligation, before_verb)
                    .or_else(|| {
                        context
                            .triggers
                            .suffix(Category::NominalBefore, before_verb)
                    })
                    .is_some()
                {
                    continue;
                }
                let reported = verbs[..index]
                    .iter()
                    .filter(|(earlier, _, _)| *earlier >= clause)
                    .any(|(_, earlier_end, _)| {
                        names.iter().any(|(range, entity, _)| {
                            range.start >= base + earlier_end
                                && range.end <= base + start
                                && context.reference.is_actor(*entity)
                        })
                    });
                // `认为宣布…有利于`: a verb right after one that takes a clause is part of it.
                let in_clause_object = verbs[..index].iter().any(|(_, earlier_end, earlier)| {
                    earlier_end == start
                        && context
                            .triggers
                            .words(Category::ClauseObject)
                            .iter()
                            .any(|word| word.word == earlier.word)
                });
                if reported || in_clause_object {
                    continue;
                }
                // Speakers stand before an object marker (`X对Y表示感谢`).
                let speaker_end = context
                    .triggers
                    .words(Category::ObjectMarker)
                    .iter()
                    .filter_map(|marker| text[clause..*start].find(marker.word.as_str()))
                    .min()
                    .map_or(*start, |at| clause + at);
                // Speakers: actors and collective words between the clause start and the verb.
                let mut speakers: Vec<Speaker> = Vec::new();
                for (position, (range, entity, _)) in names.iter().enumerate() {
                    let within = range.start >= base + clause && range.end <= base + speaker_end;
                    if within
                        && !inside[range.start - base]
                        && context.reference.is_actor(*entity)
                        && !names_a_person_office(names, position, document, context)
                    {
                        speakers.push(Speaker::Actor(iri(*entity)));
                    }
                }
                for (range, name) in persons {
                    let within = range.start >= base + clause && range.end <= base + speaker_end;
                    if within && !inside[range.start - base] {
                        speakers.push(Speaker::Person(name.clone()));
                    }
                }
                for (_, _, collective) in context
                    .triggers
                    .occurrences(Category::Collective, &text[clause..speaker_end])
                {
                    speakers.extend(collective_speakers(collective, &parties, context));
                }
                let mut seen = BTreeSet::new();
                speakers.retain(|speaker| seen.insert(speaker.clone()));
                if speakers.is_empty() {
                    // The subject that opens the sentence, else the speakers of the previous
                    // statement of the paragraph; a sentence opened by someone outside the
                    // document (`国际社会应当…`) has no speakers to borrow.
                    if opens_with_others(text, context) {
                        continue;
                    }
                    speakers =
                        sentence_subject(document, text, base, names, persons, &parties, context);
                    if speakers.is_empty() {
                        match &previous {
                            Some((last_paragraph, last)) if *last_paragraph == paragraph => {
                                speakers = last.clone()
                            }
                            _ => continue,
                        }
                    }
                }
                previous = Some((paragraph, speakers.clone()));
                let negated = context
                    .triggers
                    .suffix(Category::Negation, &text[clause..*start])
                    .is_some();
                let about: BTreeSet<String> = names
                    .iter()
                    .filter(|(range, _, _)| {
                        range.start >= base + end && range.end <= base + statement_end
                    })
                    .map(|(_, entity, _)| iri(*entity))
                    .filter(|entity| !speakers.contains(&Speaker::Actor(entity.clone())))
                    .collect();
                let topics: BTreeSet<String> = context
                    .triggers
                    .occurrences(Category::Topic, &text[*end..statement_end])
                    .into_iter()
                    .filter_map(|(_, _, topic)| topic.value.as_ref().map(|v| v.as_str().to_owned()))
                    .collect();
                let Some(stance) = verb.value.as_ref() else {
                    continue;
                };
                let range = base + clause..base + statement_end;
                let (mut actors, mut delegations, mut people) =
                    (Vec::new(), Vec::new(), Vec::new());
                for speaker in speakers {
                    match speaker {
                        Speaker::Actor(iri) => actors.push(iri),
                        Speaker::DelegationOf(state) => delegations.push(state),
                        Speaker::Person(name) => people.push(name),
                    }
                }
                records.push(Record::new(
                    document,
                    range,
                    RULE,
                    Fact::Statement {
                        speakers: actors,
                        delegations,
                        persons: people,
                        stance: stance.as_str().to_owned(),
                        verb: verb.word.clone(),
                        verb_end: end - clause,
                        negated,
                        about: about.into_iter().collect(),
                        topics: topics.into_iter().collect(),
                    },
                ));
            }
        }
        records
    }
}

/// Whether the name at `position` is a state, party or other body named right before an office
/// and a person (`中华人民共和国主席习近平`, `中共中央总书记、国家主席习近平`): part of the
/// person's designation.
fn names_a_person_office(
    names: &[ResolvedName],
    position: usize,
    document: &Document,
    context: &Context<'_>,
) -> bool {
    let (range, entity, _) = &names[position];
    if context.reference.entities[*entity].class.as_ref() == dg::PERSON {
        return false;
    }
    let Some((next_range, next_entity, _)) = names.get(position + 1) else {
        return false;
    };
    if context.reference.entities[*next_entity].class.as_ref() != dg::PERSON
        || next_range.start < range.end
    {
        return false;
    }
    let between = document.slice(range.end..next_range.start);
    !between.is_empty()
        && context
            .triggers
            .suffix(Category::OfficeTitle, between)
            .is_some()
}

/// True when the stance word at `range` is part of a `stance-excluded` word (`愿` in `愿望`, `尊重`
/// in the principle `互相尊重`).
fn within_excluded(text: &str, range: std::ops::Range<usize>, context: &Context<'_>) -> bool {
    context
        .triggers
        .words(Category::StanceExcluded)
        .iter()
        .any(|word| {
            let word = word.word.as_str();
            let from = range.end.saturating_sub(word.len());
            text.char_indices()
                .map(|(at, _)| at)
                .filter(|at| *at >= from && *at <= range.start)
                .any(|at| text[at..].starts_with(word) && at + word.len() >= range.end)
        })
}

/// The actors that open a sentence as its subject: collective words, actors or persons named at
/// its very start (after a bullet `——`), each maybe with a title after it, joined by `、`,
/// conjunctions or `subject-joiner` words (`双方高度重视…`, `习近平主席同穆罕默德王储…`), or
/// one-character forms written together (`中俄欢迎…`).
fn sentence_subject(
    document: &Document,
    text: &str,
    base: usize,
    names: &[ResolvedName],
    persons: &[(std::ops::Range<usize>, String)],
    parties: &[usize],
    context: &Context<'_>,
) -> Vec<Speaker> {
    let iri = |entity: usize| context.reference.entities[entity].iri.as_str().to_owned();
    let mut at = sentence_opening(text, context);
    let mut subject = Vec::new();
    loop {
        if let Some(collective) = context.triggers.prefix(Category::Collective, &text[at..]) {
            subject.extend(collective_speakers(collective, parties, context));
            at += collective.word.len();
        } else if let Some(position) = names.iter().position(|(range, entity, _)| {
            range.start == base + at && context.reference.is_actor(*entity)
        }) {
            if names_a_person_office(names, position, document, context) {
                // The person named after the office (越共中央总书记阮富仲) is the subject.
                at = names[position + 1].0.start - base;
                continue;
            }
            let (range, entity, kind) = &names[position];
            subject.push(Speaker::Actor(iri(*entity)));
            at = range.end - base;
            // One-character forms written together (`中俄欢迎…`) are one subject of several.
            let next_actor = names
                .get(position + 1)
                .is_some_and(|(next, next_entity, _)| {
                    next.start == range.end && context.reference.is_actor(*next_entity)
                });
            if *kind == NameKind::ShortForm && next_actor {
                continue;
            }
        } else if let Some((range, name)) =
            persons.iter().find(|(range, _)| range.start == base + at)
        {
            subject.push(Speaker::Person(name.clone()));
            at = range.end - base;
        } else {
            break;
        }
        if let Some(title) = context.triggers.prefix(Category::OfficeTitle, &text[at..]) {
            at += title.word.len();
        } else if let Some(suffix) = context
            .triggers
            .prefix(Category::SubjectSuffix, &text[at..])
        {
            // `中华人民共和国政府和马尔代夫共和国政府…`, `中国方面…`
            at += suffix.word.len();
        }
        let rest = &text[at..];
        if let Some(rest) = rest.strip_prefix('、') {
            at = text.len() - rest.len();
        } else if let Some(joiner) = context
            .triggers
            .prefix(Category::Conjunction, rest)
            .or_else(|| context.triggers.prefix(Category::SubjectJoiner, rest))
        {
            at += joiner.word.len();
        } else {
            break;
        }
    }
    subject
}

/// Who takes a stance: an actor of the reference data, the delegation of a state
/// (`各代表团团长`), or a person the reference data does not know (by full name).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Speaker {
    Actor(String),
    DelegationOf(String),
    Person(String),
}

/// The speakers a collective word stands for.
fn collective_speakers(
    collective: &Trigger,
    parties: &[usize],
    context: &Context<'_>,
) -> Vec<Speaker> {
    let iri = |entity: usize| context.reference.entities[entity].iri.as_str().to_owned();
    match collective.collective {
        Some(Collective::Parties) => parties.iter().map(|p| Speaker::Actor(iri(*p))).collect(),
        Some(Collective::RulingParties) => parties
            .iter()
            .filter_map(|p| context.reference.entities[*p].ruling_party)
            .map(|party| Speaker::Actor(iri(party)))
            .collect(),
        Some(Collective::Delegations) => parties
            .iter()
            .map(|p| Speaker::DelegationOf(iri(*p)))
            .collect(),
        Some(Collective::Others) | None => Vec::new(),
    }
}

/// Where the words of a sentence begin: after a bullet (`——`) and a numbering marker (`九、`,
/// `（三）`, the pattern `layout.paragraph-opener`).
fn sentence_opening(text: &str, context: &Context<'_>) -> usize {
    let mut at = text.len() - text.trim_start_matches(['—', '-', ' ', '\u{3000}']).len();
    if let Some(marker) = context
        .patterns
        .get("layout.paragraph-opener")
        .find(&text[at..])
    {
        at += marker.end();
    }
    at
}

/// Whether a sentence opens with a collective word for actors outside the document
/// (`国际社会`, value `others`).
fn opens_with_others(text: &str, context: &Context<'_>) -> bool {
    context
        .triggers
        .prefix(
            Category::Collective,
            &text[sentence_opening(text, context)..],
        )
        .is_some_and(|word| word.collective == Some(Collective::Others))
}
