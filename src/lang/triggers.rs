//! The trigger words of `ontology/triggers.tsv`: event heads, list conjunctions, status and stance
//! verbs. Loaded and checked at start: an unknown category, a missing value, or a value that is not
//! a concept of the ontology is an error that names the file and line.

use crate::error::DataError;
use crate::lang::data_file::{data_lines, line_error};
use aho_corasick::{AhoCorasick, MatchKind};
use oxigraph::model::{NamedNode, NamedOrBlankNode, Quad};
use std::collections::{BTreeMap, BTreeSet};

/// The categories of trigger words (see the header of `ontology/triggers.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Category {
    EventHead,
    EventAfter,
    Online,
    NameBoundary,
    Conjunction,
    ProposalHead,
    ProposalVerb,
    Status,
    Stance,
    Negation,
    Obligation,
    NominalBefore,
    Collective,
    Topic,
    CommitmentVerb,
    BodyHead,
    MechanismHead,
    MechanismBoundary,
    MechanismExcluded,
    MechanismListEnd,
    BodyFollower,
    ObjectMarker,
    OfficeTitle,
    Acceptance,
    Honorific,
    PersonNameEnd,
    SubjectJoiner,
    NameExcluded,
    EventVerb,
    PartyFormFollower,
    SubjectSuffix,
    StanceExcluded,
    EventGeneric,
    ClauseObject,
    MarkerModal,
    CapitalSuffix,
}

/// What a collective word (`双方`, `两党`) stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Collective {
    /// The parties of the document.
    Parties,
    /// The ruling parties of the parties of the document.
    RulingParties,
    /// The delegations of the parties of the document (heads of delegation).
    Delegations,
    /// Actors outside the document's parties, not resolved (国际社会).
    Others,
}

impl Category {
    fn parse(name: &str) -> Option<(Self, bool)> {
        // (category, whether it takes a value)
        Some(match name {
            "event-head" => (Self::EventHead, true),
            "event-after" => (Self::EventAfter, false),
            "online" => (Self::Online, false),
            "name-boundary" => (Self::NameBoundary, false),
            "conjunction" => (Self::Conjunction, false),
            "proposal-head" => (Self::ProposalHead, false),
            "proposal-verb" => (Self::ProposalVerb, false),
            "status" => (Self::Status, true),
            "stance" => (Self::Stance, true),
            "negation" => (Self::Negation, false),
            "obligation" => (Self::Obligation, false),
            "nominal-before" => (Self::NominalBefore, false),
            "collective" => (Self::Collective, true),
            "topic" => (Self::Topic, true),
            "commitment-verb" => (Self::CommitmentVerb, false),
            "body-head" => (Self::BodyHead, false),
            "mechanism-head" => (Self::MechanismHead, false),
            "mechanism-boundary" => (Self::MechanismBoundary, false),
            "mechanism-excluded" => (Self::MechanismExcluded, false),
            "mechanism-list-end" => (Self::MechanismListEnd, false),
            "body-follower" => (Self::BodyFollower, false),
            "object-marker" => (Self::ObjectMarker, false),
            "office-title" => (Self::OfficeTitle, false),
            "acceptance" => (Self::Acceptance, false),
            "honorific" => (Self::Honorific, false),
            "person-name-end" => (Self::PersonNameEnd, false),
            "subject-joiner" => (Self::SubjectJoiner, false),
            "name-excluded" => (Self::NameExcluded, false),
            "event-verb" => (Self::EventVerb, false),
            "party-form-follower" => (Self::PartyFormFollower, false),
            "subject-suffix" => (Self::SubjectSuffix, false),
            "stance-excluded" => (Self::StanceExcluded, false),
            "event-generic" => (Self::EventGeneric, false),
            "clause-object" => (Self::ClauseObject, false),
            "marker-modal" => (Self::MarkerModal, false),
            "capital-suffix" => (Self::CapitalSuffix, false),
            _ => return None,
        })
    }
}

/// A trigger word and its value.
#[derive(Debug, Clone)]
pub struct Trigger {
    pub word: String,
    /// The ontology term a word gives (a status, stance, topic or event class).
    pub value: Option<NamedNode>,
    /// What a collective word stands for.
    pub collective: Option<Collective>,
}

/// The loaded trigger words, each category sorted longest first, with an automaton a category
/// that finds them all in one pass.
#[derive(Debug, Clone)]
pub struct Triggers {
    by_category: BTreeMap<Category, Vec<Trigger>>,
    /// Per category: the automaton of its distinct words (leftmost longest), and for each of its
    /// patterns the index of the first trigger with that word.
    automata: BTreeMap<Category, (AhoCorasick, Vec<usize>)>,
}

impl Triggers {
    /// Parses the triggers file; values (`dg:Note`) must be subjects of the ontology.
    pub fn parse(file: &str, text: &str, ontology: &[Quad]) -> Result<Self, DataError> {
        let known: BTreeSet<&str> = ontology
            .iter()
            .filter_map(|quad| match &quad.subject {
                NamedOrBlankNode::NamedNode(node) => Some(node.as_str()),
                _ => None,
            })
            .collect();
        let mut by_category: BTreeMap<Category, Vec<Trigger>> = BTreeMap::new();
        for (number, line) in data_lines(text) {
            let error = |message: String| line_error(file, number, message);
            let fields: Vec<&str> = line.split('\t').collect();
            let (category, takes_value) = Category::parse(fields[0])
                .ok_or_else(|| error(format!("unknown category `{}`", fields[0])))?;
            let word = fields
                .get(1)
                .filter(|word| !word.is_empty())
                .ok_or_else(|| error("expected `CATEGORY<TAB>WORD`".to_owned()))?;
            let mut collective = None;
            let value = match (takes_value, fields.get(2)) {
                (true, Some(value)) if category == Category::Collective => {
                    collective = Some(match *value {
                        "parties" => Collective::Parties,
                        "ruling-parties" => Collective::RulingParties,
                        "delegations" => Collective::Delegations,
                        "others" => Collective::Others,
                        _ => return Err(error(format!("a collective word stands for `parties`, `ruling-parties`, `delegations` or `others`, not `{value}`"))),
                    });
                    None
                }
                (true, Some(value)) => {
                    let iri = value
                        .strip_prefix("dg:")
                        .map(|local| format!("{}{local}", crate::rdf::vocab::dg::NAMESPACE))
                        .ok_or_else(|| {
                            error(format!("the value `{value}` must be a `dg:` term"))
                        })?;
                    if !known.contains(iri.as_str()) {
                        return Err(error(format!("`{value}` is not defined in the ontology")));
                    }
                    Some(NamedNode::new_unchecked(iri))
                }
                (true, None) => {
                    return Err(error(format!("category `{}` needs a value", fields[0])))
                }
                (false, _) => None,
            };
            by_category.entry(category).or_default().push(Trigger {
                word: (*word).to_owned(),
                value,
                collective,
            });
        }
        for words in by_category.values_mut() {
            words.sort_by(|a, b| {
                b.word
                    .chars()
                    .count()
                    .cmp(&a.word.chars().count())
                    .then(a.word.cmp(&b.word))
            });
        }
        let mut automata = BTreeMap::new();
        for (category, words) in &by_category {
            let mut seen = BTreeSet::new();
            let first: Vec<usize> = (0..words.len())
                .filter(|&index| seen.insert(words[index].word.as_str()))
                .collect();
            let automaton = AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(first.iter().map(|&index| words[index].word.as_str()))
                .map_err(|error| DataError::Invalid {
                    file: file.to_owned(),
                    message: format!("the words of a category make no automaton: {error}"),
                })?;
            automata.insert(*category, (automaton, first));
        }
        Ok(Self {
            by_category,
            automata,
        })
    }

    /// Where the words of `category` stand in `text`, the longest at each place, not
    /// overlapping: (start, end, trigger), in text order. Cost: linear in the text's length.
    pub fn occurrences(&self, category: Category, text: &str) -> Vec<(usize, usize, &Trigger)> {
        let (Some((automaton, first)), Some(words)) = (
            self.automata.get(&category),
            self.by_category.get(&category),
        ) else {
            return Vec::new();
        };
        automaton
            .find_iter(text)
            .map(|found| {
                let trigger = &words[first[found.pattern().as_usize()]];
                (found.start(), found.end(), trigger)
            })
            .collect()
    }

    /// The words of a category, longest first.
    pub fn words(&self, category: Category) -> &[Trigger] {
        self.by_category.get(&category).map_or(&[], Vec::as_slice)
    }

    /// The longest word of `category` that `text` ends with.
    pub fn suffix(&self, category: Category, text: &str) -> Option<&Trigger> {
        self.words(category)
            .iter()
            .find(|t| text.ends_with(t.word.as_str()))
    }

    /// The longest word of `category` that `text` starts with.
    pub fn prefix(&self, category: Category, text: &str) -> Option<&Trigger> {
        self.words(category)
            .iter()
            .find(|t| text.starts_with(t.word.as_str()))
    }

    /// The last occurrence in `text` of a word of `category` (the longest word at that place):
    /// byte range and trigger.
    pub fn last(
        &self,
        category: Category,
        text: &str,
    ) -> Option<(std::ops::Range<usize>, &Trigger)> {
        let mut best: Option<(std::ops::Range<usize>, &Trigger)> = None;
        for trigger in self.words(category) {
            if let Some(start) = text.rfind(trigger.word.as_str()) {
                let end = start + trigger.word.len();
                let better = match &best {
                    None => true,
                    Some((range, _)) => {
                        end > range.end || (end == range.end && start < range.start)
                    }
                };
                if better {
                    best = Some((start..end, trigger));
                }
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ontology() -> Vec<Quad> {
        let dg = crate::rdf::vocab::dg::NAMESPACE;
        ["Support", "Agree"]
            .iter()
            .map(|local| {
                Quad::new(
                    NamedNode::new_unchecked(format!("{dg}{local}")),
                    NamedNode::new_unchecked("http://www.w3.org/2000/01/rdf-schema#label"),
                    oxigraph::model::Literal::new_simple_literal(*local),
                    oxigraph::model::GraphName::DefaultGraph,
                )
            })
            .collect()
    }

    #[test]
    fn occurrences_are_the_longest_at_each_place_and_do_not_overlap() {
        let file =
            "stance\t支持\tdg:Support\nstance\t坚定支持\tdg:Support\nstance\t同意\tdg:Agree\n\
                    stance\t同意\tdg:Support\n";
        let triggers = Triggers::parse("triggers.tsv", file, &ontology()).unwrap();
        let text = "双方坚定支持，并同意支持合作。";
        let found: Vec<(&str, &str)> = triggers
            .occurrences(Category::Stance, text)
            .into_iter()
            .map(|(start, end, trigger)| {
                (&text[start..end], trigger.value.as_ref().unwrap().as_str())
            })
            .collect();
        let dg = crate::rdf::vocab::dg::NAMESPACE;
        assert_eq!(
            found,
            [
                ("坚定支持", format!("{dg}Support").as_str()),
                // A word written twice keeps the value of its first line.
                ("同意", format!("{dg}Agree").as_str()),
                ("支持", format!("{dg}Support").as_str()),
            ]
        );
        assert!(triggers.occurrences(Category::Topic, text).is_empty());
    }
}
