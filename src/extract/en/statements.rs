//! Stances in English: who agrees, supports, welcomes, reaffirms, condemns, commits…
//!
//! Rules (words in `ontology/en/lexicon.tsv`):
//! - `en-statements.subject-verb`: a `stance` verb (any of its forms: `reaffirm`, `reaffirms`,
//!   `reaffirmed`; `will` for a commitment), after a subject that resolves to actors (see
//!   [`super::actors::resolve_subject`]), with only `modal` words, adverbs in `-ly` and a
//!   `negation` between them. The subject runs from the start of the clause (the sentence, or
//!   after `;` or `:`); where that does not resolve, from after its last comma or `and` (an
//!   opening phrase such as `In Geneva,` is left out), else up to a phrase set off by commas
//!   before the verb (`The Government of X and the Government of Y, in conformity with …, have
//!   decided`).
//! - `en-statements.coordinated`: a stance verb right after `and` (or a comma) that follows a
//!   statement of the same sentence takes that statement's speakers (`We reaffirm … and welcome
//!   …`).
//!
//! A verb inside what a subject-less clause says (`Recognizing that …`) or a noun (`our support`)
//! has no subject and is not read.
//!
//! Cost: linear in the document's length times the number of stance forms.

use super::actors::{introduced_persons, parties, resolve_subject};
use super::lexicon::Category;
use super::English;
use crate::extract::{Context, Extractor, Fact, Record};
use crate::text::document::{Document, PartKind};

/// See the module documentation.
pub struct StatementExtractor;

/// A stance verb found in a sentence.
struct Verb {
    /// Byte range of the verb (with its particle) in the sentence.
    range: std::ops::Range<usize>,
    stance: String,
}

/// The forms of a stance phrase: its first word as written, with `-s`, `-ed`/`-d`, `-ies`/`-ied`,
/// but for a `fixed-form` word of the lexicon (`will`, `remain`).
pub fn forms(phrase: &str, lexicon: &super::lexicon::Lexicon) -> Vec<String> {
    let (first, rest) = phrase.split_once(' ').map_or((phrase, ""), |(f, r)| (f, r));
    let mut words = vec![first.to_owned()];
    if first.len() > 2 && !lexicon.has(Category::FixedForm, first) {
        let stem_y = first
            .strip_suffix('y')
            .filter(|stem| stem.chars().last().is_some_and(|c| !"aeiou".contains(c)));
        if let Some(stem) = stem_y {
            words.push(format!("{stem}ies"));
            words.push(format!("{stem}ied"));
        } else if first.ends_with('e') {
            words.push(format!("{first}s"));
            words.push(format!("{first}d"));
        } else if first.ends_with(['s', 'x', 'h', 'z']) {
            words.push(format!("{first}es"));
            words.push(format!("{first}ed"));
        } else {
            words.push(format!("{first}s"));
            let doubled = if first.ends_with("mit") || first.ends_with("gret") {
                format!("{first}{}", &first[first.len() - 1..])
            } else {
                first.to_owned()
            };
            words.push(format!("{doubled}ed"));
        }
    }
    if first == "are" || first == "remain" {
        words.push(if first == "are" {
            "is".to_owned()
        } else {
            "remains".to_owned()
        });
        words.push(if first == "are" {
            "were".to_owned()
        } else {
            "remained".to_owned()
        });
    }
    if first == "take" {
        words.push("took".to_owned());
        words.push("taken".to_owned());
    }
    words
        .into_iter()
        .map(|word| {
            if rest.is_empty() {
                word
            } else {
                format!("{word} {rest}")
            }
        })
        .collect()
}

/// Every form of every stance verb of the lexicon with its stance (IRI), longest first: built
/// once when the lexicon is loaded.
pub fn stance_forms(lexicon: &super::lexicon::Lexicon) -> Vec<(String, String)> {
    let mut forms_by_length: Vec<(String, String)> = lexicon
        .entries(Category::Stance)
        .iter()
        .filter_map(|entry| entry.iri.as_ref().map(|iri| (entry, iri)))
        .flat_map(|(entry, iri)| {
            forms(&entry.phrase, lexicon)
                .into_iter()
                .map(move |form| (form, iri.as_str().to_owned()))
        })
        .collect();
    forms_by_length.sort_by_key(|form| std::cmp::Reverse(form.0.len()));
    forms_by_length
}

/// The stance verbs of a sentence, longest form first at each place, not overlapping.
fn verbs(sentence: &str, english: &English) -> Vec<Verb> {
    let mut found = Vec::new();
    let mut next_free = 0;
    for (at, _) in sentence.char_indices() {
        if at < next_free
            || sentence[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '-')
        {
            continue;
        }
        let rest = &sentence[at..];
        if let Some((form, stance)) = english
            .stance_forms
            .iter()
            .find(|(form, _)| super::lexicon::starts_with_phrase(rest, form))
        {
            found.push(Verb {
                range: at..at + form.len(),
                stance: stance.clone(),
            });
            next_free = at + form.len();
        }
    }
    found
}

/// Where the words before `at` that may stand between a subject and its verb begin (modal words,
/// adverbs in `-ly`, negations), and whether a negation was among them.
fn before_modals(sentence: &str, at: usize, english: &English) -> (usize, bool) {
    let mut start = at;
    let mut negated = false;
    loop {
        let head = sentence[..start].trim_end();
        let word_start = head
            .rfind(|c: char| !(c.is_alphanumeric() || c == '\''))
            .map_or(0, |index| {
                index + head[index..].chars().next().map_or(1, char::len_utf8)
            });
        let word = &head[word_start..];
        if word.is_empty() {
            return (start, negated);
        }
        let lower = word.to_lowercase();
        let is_negation = english
            .lexicon
            .entries(Category::Negation)
            .iter()
            .any(|entry| entry.phrase == lower || entry.phrase.ends_with(&format!(" {lower}")));
        let is_modal = english
            .lexicon
            .entries(Category::Modal)
            .iter()
            .any(|entry| entry.phrase == lower || entry.phrase.ends_with(&format!(" {lower}")))
            // An adverb in `-ly` is written in lower case: `Italy` and `Assembly` are names.
            || (word.starts_with(char::is_lowercase) && lower.ends_with("ly") && lower.len() > 4)
            || matches!(
                lower.as_str(),
                "do" | "does"
                    | "did"
                    | "have"
                    | "has"
                    | "had"
                    | "would"
                    | "can"
                    | "to"
                    | "continue"
                    | "continues"
                    | "continued"
            );
        if is_negation {
            negated = true;
        } else if !is_modal {
            return (start, negated);
        }
        start = word_start;
    }
}

impl Extractor for StatementExtractor {
    fn name(&self) -> &'static str {
        "en-statements"
    }

    fn produces(&self) -> &'static [&'static str] {
        &["statement"]
    }

    fn extract(&self, document: &Document, context: &Context<'_>) -> Vec<Record> {
        let english = context.english;
        let reference = context.reference;
        let people = introduced_persons(document, english, reference);
        let parties = parties(document, english, reference, &people);
        let title = super::actors::title_range(document);
        let mut records = Vec::new();
        for (_, part) in document.parts_of(PartKind::Sentence) {
            if title
                .as_ref()
                .is_some_and(|title| part.range.start < title.end)
            {
                continue;
            }
            let offset = part.range.start;
            let sentence = document.slice(part.range.clone());
            let mut previous: Option<(Vec<String>, usize)> = None;
            for verb in verbs(sentence, english) {
                let (subject_end, negated) = before_modals(sentence, verb.range.start, english);
                // `will` is a commitment only as the verb group's head (`we will work`), not
                // in `will not` read above or as a noun.
                let clause_start = sentence[..subject_end]
                    .rfind([';', ':', '—'])
                    .map_or(0, |index| {
                        index + sentence[index..].chars().next().map_or(1, char::len_utf8)
                    });
                let subject = &sentence[clause_start..subject_end];
                // The subject from the clause's start, else after its last comma, else after
                // `that` (a clause of its own), else after its last `and`.
                let resolved = std::iter::once(0)
                    .chain(subject.rfind(',').map(|index| index + 1))
                    .chain(subject.rfind(" that ").map(|index| index + 6))
                    .chain(subject.rfind(" and ").map(|index| index + 5))
                    .find_map(|from| {
                        let candidate = subject[from..].trim();
                        if candidate.is_empty() {
                            return None;
                        }
                        resolve_subject(candidate, english, reference, &people, &parties)
                            .map(|actors| (clause_start + from, actors))
                    })
                    .or_else(|| {
                        // A phrase set off by commas between the subject and its verb (`The
                        // Government of X and the Government of Y, in conformity with the
                        // interests of the two peoples, have decided …`).
                        let inserted = subject.trim_end().strip_suffix(',')?;
                        let candidate = subject[..inserted.find(',')?].trim();
                        resolve_subject(candidate, english, reference, &people, &parties)
                            .map(|actors| (clause_start, actors))
                    });
                let (rule, start, speakers) = match resolved {
                    Some((from, actors)) => (
                        "en-statements.subject-verb",
                        from,
                        actors
                            .into_iter()
                            .map(|actor| reference.entities[actor].iri.as_str().to_owned())
                            .collect::<Vec<_>>(),
                    ),
                    None => {
                        let joined = subject.trim_end().ends_with(" and")
                            || subject.trim_end().ends_with(',')
                            || subject.trim_end().ends_with(", and");
                        match &previous {
                            Some((speakers, end)) if joined && *end <= subject_end => {
                                ("en-statements.coordinated", subject_end, speakers.clone())
                            }
                            _ => continue,
                        }
                    }
                };
                let start =
                    start + (sentence[start..].len() - sentence[start..].trim_start().len());
                let at = offset + start..offset + sentence.len();
                records.push(Record::new(
                    document,
                    at,
                    rule,
                    Fact::Statement {
                        speakers: speakers.clone(),
                        delegations: Vec::new(),
                        persons: Vec::new(),
                        stance: verb.stance.clone(),
                        verb: sentence[verb.range.clone()].to_owned(),
                        verb_end: verb.range.end - start,
                        negated,
                        about: Vec::new(),
                        topics: Vec::new(),
                    },
                ));
                previous = Some((speakers, verb.range.end));
            }
        }
        records
    }
}

#[cfg(test)]
mod tests {
    use crate::map::mapping::{Iris, DEFAULT_BASE};
    use crate::map::pipeline::{DataFiles, Pipeline};

    #[test]
    fn forms_of_stance_verbs() {
        let pipeline =
            Pipeline::load(&DataFiles::embedded(), Iris::new(DEFAULT_BASE).unwrap()).unwrap();
        let forms = |phrase: &str| super::forms(phrase, &pipeline.english.lexicon);
        assert!(forms("reaffirm").contains(&"reaffirmed".to_owned()));
        assert!(forms("welcome").contains(&"welcomes".to_owned()));
        assert!(forms("commit to").contains(&"committed to".to_owned()));
        assert!(forms("call on").contains(&"called on".to_owned()));
        assert!(forms("emphasize").contains(&"emphasized".to_owned()));
        assert!(forms("express").contains(&"expressed".to_owned()));
        assert!(forms("take note of").contains(&"took note of".to_owned()));
        assert!(!forms("consider").contains(&"considerred".to_owned()));
        assert_eq!(forms("will"), ["will"]);
    }
}
