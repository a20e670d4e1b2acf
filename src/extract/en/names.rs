//! English names of the reference data's entities, found in text as whole words.
//!
//! The names are the English labels of the reference data (`skos:prefLabel`/`skos:altLabel` in
//! `@en`) and the `name` entries of the English lexicon (`U.S.`, `ROK`), each also with its words
//! of two spellings (`spelling`: `Organisation`, `Organization`; `Saint`, `St.`) in the other, two
//! such words both (`St. Vincent and The Grenadines`), and a name of three words around a small
//! one also with hyphens (`Port-of-Spain`). A person of the
//! reference data is also found by one word of their name after an office (`President Biden`,
//! `President Moon`), when no other person has that word. A match must start and end at a word
//! boundary and must not lie inside a `not-name` phrase (`Korean Peninsula`), nor follow a small
//! word joined by hyphens (`name-connector`: `Port-of-Spain` names no Spain). A city or a person
//! stands for its state where one is recorded (`dg:country`). Demonyms (`Chinese`) are kept
//! apart: they name a state only where a subject or an office says so (see `actors`).
//!
//! Cost: building is linear in the names; a search is linear in the text (one Aho–Corasick pass).

use super::lexicon::{Category, Lexicon};
use crate::lang::reference::Reference;
use crate::rdf::vocab::{dg, skos};
use aho_corasick::{AhoCorasick, MatchKind};
use oxigraph::model::{NamedOrBlankNode, Quad, Term};
use std::collections::HashMap;
use std::ops::Range;

/// A name found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub range: Range<usize>,
    /// Index into [`Reference::entities`].
    pub entity: usize,
}

/// The English names, ready to search.
#[derive(Debug, Clone)]
pub struct Names {
    matcher: AhoCorasick,
    /// Entity of each pattern of `matcher`; `None` for a `not-name` phrase.
    targets: Vec<Option<usize>>,
    /// For persons, cities and bodies: the state they belong to.
    country: HashMap<usize, usize>,
    /// One word of a person's English name → the person, where only one person has that word.
    person_words: HashMap<String, usize>,
    /// The lexicon's demonyms (`Chinese`) → their state, longest first.
    demonyms: Vec<(String, usize)>,
    /// The lexicon's offices that only one state has (`Taoiseach`) → that state.
    state_offices: HashMap<String, usize>,
    /// The lexicon's small words inside names (`of`, `de`): one joined by a hyphen before a name
    /// makes it part of a longer word (`Port-of-Spain` names no Spain).
    connectors: Vec<String>,
}

/// The names `name` is also written as, one `spelling` of the lexicon changed in each
/// (`Organisation` as `Organization`, `Saint` as `St.`).
fn respellings(name: &str, entity: usize, lexicon: &Lexicon) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    for entry in lexicon.entries(Category::Spelling) {
        for (from, to) in [(&entry.phrase, &entry.text), (&entry.text, &entry.phrase)] {
            if name.split(' ').any(|word| word == from.as_str()) {
                let other: Vec<&str> = name
                    .split(' ')
                    .map(|word| {
                        if word == from.as_str() {
                            to.as_str()
                        } else {
                            word
                        }
                    })
                    .collect();
                found.push((other.join(" "), entity));
            }
        }
    }
    found
}

impl Names {
    /// Collects the names; `quads` are the reference data the `reference` was built from.
    pub fn build(reference: &Reference, quads: &[Quad], lexicon: &Lexicon) -> Self {
        let index = reference.indices_by_iri();
        let mut names: HashMap<String, usize> = HashMap::new();
        let mut country = HashMap::new();
        for quad in quads {
            let NamedOrBlankNode::NamedNode(subject) = &quad.subject else {
                continue;
            };
            let Some(&subject) = index.get(subject.as_str()) else {
                continue;
            };
            match &quad.object {
                Term::Literal(literal)
                    if literal.language() == Some("en")
                        && (quad.predicate == skos::PREF_LABEL
                            || quad.predicate == skos::ALT_LABEL) =>
                {
                    names.entry(literal.value().to_owned()).or_insert(subject);
                }
                Term::NamedNode(object) if quad.predicate == dg::COUNTRY => {
                    if let Some(&state) = index.get(object.as_str()) {
                        country.insert(subject, state);
                    }
                }
                _ => {}
            }
        }
        for entry in lexicon.entries(Category::Name) {
            if let Some(&entity) = entry.iri.as_ref().and_then(|iri| index.get(iri.as_str())) {
                names.insert(entry.phrase.clone(), entity);
            }
        }
        // A name with a word spelled either way (`Shanghai Cooperation Organisation`) is also
        // found in the other spelling, and with two such words in both (`Saint Vincent and the
        // Grenadines` as `St. Vincent and The Grenadines`).
        let once: Vec<(String, usize)> = names
            .iter()
            .flat_map(|(name, &entity)| respellings(name, entity, lexicon))
            .collect();
        let twice: Vec<(String, usize)> = once
            .iter()
            .flat_map(|(name, entity)| respellings(name, *entity, lexicon))
            .collect();
        let mut respelled: Vec<(String, usize)> = once.into_iter().chain(twice).collect();
        // A name of three words around a small one (`Port of Spain`) is also written with
        // hyphens (`Port-of-Spain`).
        let connectors: Vec<String> = lexicon
            .entries(Category::NameConnector)
            .iter()
            .map(|entry| entry.phrase.clone())
            .collect();
        for (name, &entity) in &names {
            let words: Vec<&str> = name.split(' ').collect();
            if let [_, small, _] = words.as_slice() {
                if connectors.iter().any(|connector| connector == small) {
                    respelled.push((words.join("-"), entity));
                }
            }
        }
        respelled.sort();
        for (name, entity) in respelled {
            names.entry(name).or_insert(entity);
        }
        // The phrases of a category whose value is an entity, with that entity.
        let with_entities = |category| {
            lexicon
                .entries(category)
                .iter()
                .filter_map(|entry| {
                    let entity = *index.get(entry.iri.as_ref()?.as_str())?;
                    Some((entry.phrase.clone(), entity))
                })
                .collect::<Vec<_>>()
        };
        let demonyms = with_entities(Category::Demonym);
        let state_offices = with_entities(Category::StateOffice).into_iter().collect();
        let mut word_owners: HashMap<String, Vec<usize>> = HashMap::new();
        for (position, entity) in reference.entities.iter().enumerate() {
            if entity.class.as_ref() != dg::PERSON {
                continue;
            }
            for word in entity.label_en.iter().flat_map(|label| label.split(' ')) {
                let word = word.trim_matches(|c: char| !c.is_alphanumeric());
                if word.chars().count() > 2 && word.chars().next().is_some_and(char::is_uppercase) {
                    word_owners
                        .entry(word.to_owned())
                        .or_default()
                        .push(position);
                }
            }
        }
        let person_words = word_owners
            .into_iter()
            .filter(|(_, owners)| {
                let mut owners = owners.clone();
                owners.dedup();
                owners.len() == 1
            })
            .map(|(word, owners)| (word, owners[0]))
            .collect();
        let mut patterns: Vec<(String, Option<usize>)> = names
            .into_iter()
            .map(|(name, entity)| (name, Some(entity)))
            .collect();
        patterns.extend(
            lexicon
                .entries(Category::NotName)
                .iter()
                .map(|entry| (entry.phrase.clone(), None)),
        );
        patterns.sort();
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(patterns.iter().map(|(name, _)| name))
            .expect("the English names build an automaton");
        Self {
            matcher,
            targets: patterns.into_iter().map(|(_, target)| target).collect(),
            country,
            person_words,
            demonyms,
            state_offices,
            connectors,
        }
    }

    /// The state an office belongs to when only one state has it (`Taoiseach`: Ireland).
    pub fn state_of_office(&self, office: &str) -> Option<usize> {
        self.state_offices.get(office).copied()
    }

    /// The demonym `text` starts with (`Chinese side`), as whole words: its length and state.
    pub fn demonym_at(&self, text: &str) -> Option<(usize, usize)> {
        self.demonyms
            .iter()
            .find(|(phrase, _)| super::lexicon::starts_with_phrase(text, phrase))
            .map(|(phrase, entity)| (phrase.len(), *entity))
    }

    /// The demonym that ends `text` right before a space (`Kenyan ` before `President`).
    pub fn demonym_before(&self, text: &str) -> Option<usize> {
        let text = text.strip_suffix(' ')?;
        self.demonyms
            .iter()
            .find(|(phrase, _)| {
                text.ends_with(phrase.as_str())
                    && super::lexicon::is_whole_word(text, text.len() - phrase.len()..text.len())
            })
            .map(|(_, entity)| *entity)
    }

    /// The names in `text`, left to right, whole words only.
    pub fn find(&self, text: &str) -> Vec<Found> {
        let bytes = text.as_bytes();
        let boundary_before = |at: usize| {
            let before = &text[..at];
            let joined = before.strip_suffix('-').is_some_and(|before| {
                let word = before
                    .rsplit(|c: char| !c.is_alphanumeric())
                    .next()
                    .unwrap_or_default();
                let previous = &before[..before.len() - word.len()];
                previous.ends_with('-')
                    && self
                        .connectors
                        .iter()
                        .any(|small| small.eq_ignore_ascii_case(word))
            });
            !joined
                && before
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric())
        };
        let boundary_after = |at: usize| {
            text[at..].chars().next().is_none_or(|c| !c.is_alphanumeric())
                // `U.S.` ends with a full stop: it may be followed by anything.
                || bytes.get(at.wrapping_sub(1)) == Some(&b'.')
        };
        self.candidates(text)
            .into_iter()
            .filter(|(range, _)| boundary_before(range.start) && boundary_after(range.end))
            .fold(
                Vec::<(Range<usize>, Option<usize>)>::new(),
                |mut kept, (range, target)| {
                    // Leftmost-longest among the whole-word matches.
                    match kept.last() {
                        Some((last, _)) if range.start < last.end => {
                            if range.start == last.start && range.end > last.end {
                                kept.pop();
                                kept.push((range, target));
                            }
                        }
                        _ => kept.push((range, target)),
                    }
                    kept
                },
            )
            .into_iter()
            .filter_map(|(range, target)| target.map(|entity| Found { range, entity }))
            .collect()
    }

    /// The person of the reference data one of whose name words is `word`, where that word ends
    /// its run of capitalized words: `next` is the word written after it. A word of one
    /// person's name followed by another name word is someone else's name (`Sir Julius Chan` is
    /// not Julius Nyerere).
    pub fn person_by_word(&self, word: &str, next: Option<&str>) -> Option<usize> {
        if next.is_some_and(|next| next.starts_with(char::is_uppercase)) {
            return None;
        }
        self.person_words.get(word).copied()
    }

    /// The person a word of `words` names, as [`Names::person_by_word`] reads each.
    pub fn person_in_words(&self, words: &[&str]) -> Option<usize> {
        words
            .iter()
            .enumerate()
            .find_map(|(index, word)| self.person_by_word(word, words.get(index + 1).copied()))
    }

    /// The state a person, city or body belongs to.
    pub fn country_of(&self, entity: usize) -> Option<usize> {
        self.country.get(&entity).copied()
    }
}

impl Names {
    /// The longest match at each place where one starts, left to right: the automaton's own
    /// search skips past a match, and one that fails the word test must not hide a name that
    /// starts inside it (`XUnited States`).
    fn candidates(&self, text: &str) -> Vec<(Range<usize>, Option<usize>)> {
        let mut found = Vec::new();
        let mut at = 0;
        while at < text.len() {
            let input = aho_corasick::Input::new(text).range(at..);
            let Some(hit) = self.matcher.find(input) else {
                break;
            };
            found.push((hit.range(), self.targets[hit.pattern().as_usize()]));
            // Go on from the next character after the match's start, so that matches starting
            // inside a rejected one are still seen; accepted ones are kept by the fold.
            at = hit.start() + text[hit.start()..].chars().next().map_or(1, char::len_utf8);
        }
        found
    }
}
