//! The trigger words of `ontology/triggers.tsv`: event heads, list conjunctions, status and stance
//! verbs. Loaded and checked at start: an unknown category, a missing value, or a value that is not
//! a concept of the ontology is an error that names the file and line.

use crate::error::DataError;
use crate::lang::data_file::{data_lines, line_error};
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

/// The loaded trigger words, each category sorted longest first.
#[derive(Debug, Clone)]
pub struct Triggers {
    by_category: BTreeMap<Category, Vec<Trigger>>,
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
        Ok(Self { by_category })
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
