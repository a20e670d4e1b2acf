//! What an English document promises in numbers: `The United States will provide $150 million
//! for …`, `Japan pledged USD 2 billion`, `two million vaccine doses`.
//!
//! Rule `en-commitments.quantity`: an amount of money (`commitment.money-before`, `$102 million`;
//! `commitment.money-after`, `5 billion yuan`) or a count of a `count-unit` (`commitment.count`)
//! after a `commitment-verb` of the same sentence. The amount is scaled (`million`, number words);
//! the unit is the currency's code or the counted word. What is promised is the clause after the
//! quantity, without its leading `in`, `for`, `of` or `on` (`programs for ASEAN`), up to a comma,
//! semicolon, a period (`between 2022 and 2024`) or the sentence's end, at most twelve words; a
//! count keeps the words before its unit (`vaccine doses to Colombia`). The giver is the actor
//! the sentence's subject stands for, when it is one actor; else the first state or organisation
//! named before the verb. Either may be unknown.
//!
//! Cost: linear in the length of each sentence times the number of commitment verbs.

use super::actors::{actor_of, introduced_persons, parties, resolve_subject, subject_end};
use super::lexicon::{self, Category};
use super::English;
use crate::extract::{Context, Extractor, Fact, Record};
use crate::lang::reference::Reference;
use crate::text::document::{Document, PartKind};
use std::collections::HashMap;

/// See the module documentation.
pub struct CommitmentExtractor;

const RULE: &str = "en-commitments.quantity";

/// A quantity found in a sentence: its range there, amount (scaled), unit, and where what is
/// promised starts.
struct Quantity {
    range: std::ops::Range<usize>,
    amount: f64,
    unit: String,
    what_from: usize,
}

impl Extractor for CommitmentExtractor {
    fn name(&self) -> &'static str {
        "en-commitments"
    }

    fn produces(&self) -> &'static [&'static str] {
        &["commitment"]
    }

    fn extract(&self, document: &Document, context: &Context<'_>) -> Vec<Record> {
        let english = context.english;
        let reference = context.reference;
        let mut records = Vec::new();
        let mut actors: Option<(HashMap<String, usize>, Vec<usize>)> = None;
        for (_, part) in document.parts_of(PartKind::Sentence) {
            let sentence = document.slice(part.range.clone());
            let verbs = commitment_verbs(sentence, english);
            if verbs.is_empty() {
                continue;
            }
            let quantities = quantities(sentence, english);
            // The first quantity soon after each verb: `provide up to USD 102 million`.
            let mut promised_quantities: Vec<(usize, &Quantity)> = Vec::new();
            for &(verb_start, verb_end) in &verbs {
                let Some(quantity) = quantities.iter().find(|quantity| {
                    quantity.range.start >= verb_end
                        && quantity.range.start - verb_end <= 40
                        && !sentence[verb_end..quantity.range.start].contains([';', ':'])
                }) else {
                    continue;
                };
                if promised_quantities
                    .iter()
                    .all(|(_, known)| known.range != quantity.range)
                {
                    promised_quantities.push((verb_start, quantity));
                }
            }
            if promised_quantities.is_empty() {
                continue;
            }
            let (people, document_parties) = actors.get_or_insert_with(|| {
                let people = introduced_persons(document, english, reference);
                let parties = parties(document, english, reference, &people);
                (people, parties)
            });
            for (verb, quantity) in promised_quantities {
                let what = promised(sentence, quantity.what_from, english);
                if what.is_empty() {
                    continue;
                }
                let giver = giver(
                    sentence,
                    verb,
                    quantity.range.end,
                    english,
                    reference,
                    people,
                    document_parties,
                )
                .map(|entity| reference.entities[entity].iri.as_str().to_owned());
                records.push(Record::new(
                    document,
                    part.range.start + quantity.range.start..part.range.start + quantity.range.end,
                    RULE,
                    Fact::Commitment {
                        giver,
                        recipient: None,
                        qualifier: None,
                        amount: crate::extract::format_amount(quantity.amount),
                        unit: quantity.unit.clone(),
                        what,
                        period: None,
                    },
                ));
            }
        }
        records
    }
}

/// Where the commitment verbs of a sentence stand: (start, end), by position.
fn commitment_verbs(sentence: &str, english: &English) -> Vec<(usize, usize)> {
    let mut verbs: Vec<(usize, usize)> = english
        .lexicon
        .entries(Category::CommitmentVerb)
        .iter()
        .flat_map(|verb| {
            sentence
                .match_indices(verb.phrase.as_str())
                .map(|(at, _)| (at, at + verb.phrase.len()))
                .filter(|(start, end)| lexicon::is_whole_word(sentence, *start..*end))
        })
        .collect();
    verbs.sort_unstable();
    verbs.dedup_by_key(|(start, _)| *start);
    verbs
}

/// The quantities of a sentence, by position, money before counts where both match one place.
fn quantities(sentence: &str, english: &English) -> Vec<Quantity> {
    let mut found: Vec<Quantity> = Vec::new();
    for rule in [
        "commitment.money-before",
        "commitment.money-after",
        "commitment.count",
    ] {
        for captures in english.patterns.get(rule).captures_iter(sentence) {
            let whole = captures.get(0).expect("group 0");
            if found
                .iter()
                .any(|known| known.range.start < whole.end() && whole.start() < known.range.end)
            {
                continue;
            }
            let Some(amount) = captures
                .name("amount")
                .and_then(|amount| number(amount.as_str(), english))
            else {
                continue;
            };
            let factor = captures.name("scale").map_or(1.0, |scale| {
                phrase_value(english, Category::Scale, scale.as_str())
                    .map_or(1.0, |e| e.number as f64)
            });
            let (unit, what_from) = if let Some(currency) = captures.name("currency") {
                let Some(entry) = phrase_value(english, Category::Currency, currency.as_str())
                else {
                    continue;
                };
                (entry.text.clone(), whole.end())
            } else {
                let unit = captures.name("unit").expect("checked group");
                let Some(entry) = phrase_value(english, Category::CountUnit, unit.as_str()) else {
                    continue;
                };
                // A count keeps the words before its unit: `vaccine doses to Colombia`.
                let after_number = captures
                    .name("scale")
                    .map_or(captures.name("amount").expect("checked").end(), |s| s.end());
                (entry.text.clone(), after_number)
            };
            found.push(Quantity {
                range: whole.start()..whole.end(),
                amount: amount * factor,
                unit,
                what_from,
            });
        }
    }
    found.sort_by_key(|quantity| quantity.range.start);
    found
}

/// The entry of `category` written as `phrase`.
fn phrase_value<'a>(
    english: &'a English,
    category: Category,
    phrase: &str,
) -> Option<&'a lexicon::Entry> {
    english
        .lexicon
        .entries(category)
        .iter()
        .find(|entry| entry.phrase == phrase)
}

/// A number in digits (`1,500`, `2.5`) or a `number-word`.
fn number(text: &str, english: &English) -> Option<f64> {
    let digits: String = text.chars().filter(|c| *c != ',').collect();
    digits.parse().ok().or_else(|| {
        phrase_value(english, Category::NumberWord, &text.to_lowercase()).map(|e| e.number as f64)
    })
}

/// What is promised: the clause from `from`, without a leading `promise-lead` word (`in`, `for`,
/// `of`), up to a comma, a semicolon, a `promise-end` word (`from`, the giver, see [`giver`]; a
/// relative pronoun), a `period-word` before a number (`between 2022 and 2024`, `by 2030`) or the
/// end, at most twelve words.
fn promised(sentence: &str, from: usize, english: &English) -> String {
    let lexicon = &english.lexicon;
    let rest = &sentence[from..];
    let end = rest.find([',', ';', '(']).unwrap_or(rest.len());
    let mut words: Vec<&str> = rest[..end].split_whitespace().collect();
    while words
        .first()
        .is_some_and(|word| lexicon.has(Category::PromiseLead, word))
    {
        words.remove(0);
    }
    // A period (`between 2022 and 2024`, `by 2030`, `over five years`) is not what is promised.
    if let Some(stop) = words.windows(2).position(|pair| {
        lexicon.has(Category::PeriodWord, pair[0])
            && pair[1].starts_with(|c: char| c.is_ascii_digit())
    }) {
        words.truncate(stop);
    }
    // The giver after `from`, and a relative clause, are not what is promised.
    if let Some(stop) = words
        .iter()
        .position(|word| lexicon.has(Category::PromiseEnd, word))
    {
        words.truncate(stop);
    }
    words.truncate(12);
    let what = words.join(" ");
    what.trim_end_matches(['.', '!', '?']).to_owned()
}

/// The giver: the actor named after `from` right after the quantity (`$2 million from the U.S.
/// government`); else the one actor the clause before the verb stands for (`…, President Biden
/// announced`); else the one actor of the sentence's subject.
fn giver(
    sentence: &str,
    verb: usize,
    quantity_end: usize,
    english: &English,
    reference: &Reference,
    people: &HashMap<String, usize>,
    parties: &[usize],
) -> Option<usize> {
    if let Some(source) = sentence[quantity_end..].strip_prefix(" from ") {
        let source = source.strip_prefix("the ").unwrap_or(source);
        if let Some(found) = english.names.find(source).first() {
            if found.range.start == 0 {
                return actor_of(reference, english, found.entity);
            }
        }
    }
    let one = |text: &str| {
        resolve_subject(text, english, reference, people, parties)
            .filter(|actors| actors.len() == 1)
            .map(|actors| actors[0])
    };
    let before = &sentence[..verb];
    let clause_start = before
        .rfind([',', ';', ':'])
        .map(|index| index + 1)
        .into_iter()
        .chain(before.rfind(" that ").map(|index| index + 6))
        .max()
        .unwrap_or(0);
    // The clause's subject stops at its first lower-case word besides modals (`will`).
    let clause = &before[clause_start..];
    let clause = clause
        .split(' ')
        .filter(|word| {
            english.lexicon.prefix(Category::Modal, word).is_none()
                && !english.lexicon.has(Category::Auxiliary, word)
        })
        .collect::<Vec<_>>()
        .join(" ");
    one(&clause).or_else(|| one(&sentence[..subject_end(sentence, english).min(verb)]))
}
