//! The reference data of `ontology/`: entities with their names, and the document kinds.
//!
//! Dictionaries are built from `ontology/reference.ttl` (states, organisations, persons, places)
//! and `ontology/diplograph.ttl` (document kinds and their title endings), never from Rust
//! literals. Loading checks the data: every entity has one type diplograph knows and exactly one
//! Chinese `skos:prefLabel`; a name (`skos:prefLabel`, `skos:altLabel`) belongs to one entity only;
//! Wikidata links are `owl:sameAs <http://www.wikidata.org/entity/Q…>`. An error names the file and
//! the entity.
//!
//! Cost: loading is linear in the size of the files; matching uses one Aho–Corasick automaton
//! (leftmost-longest), linear in the length of the text searched.

use crate::error::DataError;
use crate::vocab::{dg, owl, rdf, skos};
use aho_corasick::{AhoCorasick, MatchKind};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedNode, NamedOrBlankNode, Quad, Term};
use std::collections::BTreeMap;

/// An entity of the reference data.
#[derive(Debug, Clone)]
pub struct Entity {
    pub iri: NamedNode,
    /// Its class: `dg:State`, `dg:City`…
    pub class: NamedNode,
    /// The Chinese name.
    pub label_zh: String,
    /// The English name, where known.
    pub label_en: Option<String>,
    /// The checked Wikidata item, where known.
    pub wikidata: Option<NamedNode>,
    /// For a state, its ruling party (index into [`Reference::entities`]).
    pub ruling_party: Option<usize>,
}

/// How a name refers to its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NameKind {
    /// A name that always means the entity (`skos:prefLabel`, `skos:altLabel`).
    Name,
    /// An "X方" form, meaning the entity only in a document that names it otherwise.
    PartyForm,
    /// A one-character form recognised only in context.
    ShortForm,
}

/// A name found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameMatch {
    /// Byte range in the searched text.
    pub range: std::ops::Range<usize>,
    pub kind: NameKind,
    /// Indices into [`Reference::entities`] of the entities the name may mean.
    pub entities: Vec<usize>,
}

/// A kind of document or instrument, with the title endings that give it.
#[derive(Debug, Clone)]
pub struct DocumentKind {
    pub iri: NamedNode,
    pub label_zh: String,
    pub endings: Vec<String>,
}

/// The loaded reference data.
#[derive(Debug, Clone)]
pub struct Reference {
    pub entities: Vec<Entity>,
    /// Names (full names and party forms) in automaton order.
    names: Vec<(String, NameKind, Vec<usize>)>,
    matcher: AhoCorasick,
    /// Document kinds, by title ending, longest ending first.
    kind_endings: Vec<(String, usize)>,
    pub kinds: Vec<DocumentKind>,
    /// Short forms: character → entity indices.
    pub short_forms: BTreeMap<String, Vec<usize>>,
}

const ENTITY_CLASSES: &[oxigraph::model::NamedNodeRef<'static>] = &[
    dg::STATE,
    dg::INTERNATIONAL_ORGANISATION,
    dg::POLITICAL_PARTY,
    dg::GOVERNMENT_BODY,
    dg::NEWS_AGENCY,
    dg::PERSON,
    dg::CITY,
    dg::REGION,
    dg::PLACE,
    dg::INSTRUMENT,
    dg::INITIATIVE,
    dg::EVENT,
];

const WIKIDATA_ENTITY: &str = "http://www.wikidata.org/entity/Q";

/// Parses a Turtle file into quads; `file` names it in errors.
pub fn parse_turtle(file: &str, text: &str) -> Result<Vec<Quad>, DataError> {
    RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(text.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|error| DataError::Invalid {
            file: file.to_owned(),
            message: error.to_string(),
        })
}

impl Reference {
    /// Builds the reference data from the reference and ontology quads.
    pub fn build(
        reference_file: &str,
        reference: &[Quad],
        ontology_file: &str,
        ontology: &[Quad],
    ) -> Result<Self, DataError> {
        let invalid = |file: &str, message: String| DataError::Invalid {
            file: file.to_owned(),
            message,
        };
        // Group the reference triples by subject.
        let mut subjects: BTreeMap<String, Vec<&Quad>> = BTreeMap::new();
        for quad in reference {
            if let NamedOrBlankNode::NamedNode(subject) = &quad.subject {
                subjects
                    .entry(subject.as_str().to_owned())
                    .or_default()
                    .push(quad);
            }
        }
        let mut entities = Vec::new();
        let mut names: BTreeMap<String, (NameKind, Vec<usize>)> = BTreeMap::new();
        let mut short_forms: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut ruling_parties: Vec<Option<String>> = Vec::new();
        for (subject, quads) in &subjects {
            let index = entities.len();
            let mut class = None;
            let mut label_zh = None;
            let mut label_en = None;
            let mut wikidata = None;
            let mut ruling_party = None;
            let mut entity_names = Vec::new();
            for quad in quads {
                let predicate = quad.predicate.as_ref();
                match (&quad.object, predicate) {
                    (Term::NamedNode(object), p) if p == rdf::TYPE => {
                        if !ENTITY_CLASSES.contains(&object.as_ref()) {
                            return Err(invalid(reference_file, format!("<{subject}> has type <{object}>, which is not an entity class of the ontology")));
                        }
                        if class.replace(object.clone()).is_some() {
                            return Err(invalid(
                                reference_file,
                                format!("<{subject}> has more than one type"),
                            ));
                        }
                    }
                    (Term::NamedNode(object), p) if p == dg::RULING_PARTY => {
                        ruling_party = Some(object.as_str().to_owned());
                    }
                    (Term::NamedNode(object), p) if p == owl::SAME_AS => {
                        if !object.as_str().starts_with(WIKIDATA_ENTITY)
                            || !object.as_str()[WIKIDATA_ENTITY.len()..]
                                .bytes()
                                .all(|b| b.is_ascii_digit())
                        {
                            return Err(invalid(reference_file, format!("<{subject}> owl:sameAs <{object}> is not a Wikidata item IRI (http://www.wikidata.org/entity/Q…)")));
                        }
                        wikidata = Some(object.clone());
                    }
                    (Term::Literal(literal), p) => {
                        let language = literal.language().unwrap_or("");
                        let value = literal.value().to_owned();
                        if p == skos::PREF_LABEL && language == "zh" {
                            if label_zh.replace(value.clone()).is_some() {
                                return Err(invalid(
                                    reference_file,
                                    format!("<{subject}> has more than one Chinese skos:prefLabel"),
                                ));
                            }
                            entity_names.push((value, NameKind::Name));
                        } else if p == skos::PREF_LABEL && language == "en" {
                            label_en = Some(value);
                        } else if p == skos::ALT_LABEL && language == "zh" {
                            entity_names.push((value, NameKind::Name));
                        } else if p == dg::PARTY_FORM {
                            entity_names.push((value, NameKind::PartyForm));
                        } else if p == dg::SHORT_FORM {
                            short_forms.entry(value).or_default().push(index);
                        }
                    }
                    _ => {}
                }
            }
            let class = class.ok_or_else(|| {
                invalid(
                    reference_file,
                    format!("<{subject}> has no type (rdf:type dg:State, dg:City…)"),
                )
            })?;
            let label_zh = label_zh.ok_or_else(|| {
                invalid(
                    reference_file,
                    format!("<{subject}> has no Chinese skos:prefLabel"),
                )
            })?;
            for (name, kind) in entity_names {
                if name.chars().count() < 2 {
                    return Err(invalid(reference_file, format!("<{subject}>: the name `{name}` is one character long; one-character names belong in dg:shortForm")));
                }
                let entry = names.entry(name.clone()).or_insert((kind, Vec::new()));
                if entry.0 != kind {
                    return Err(invalid(
                        reference_file,
                        format!("the name `{name}` is both a full name and a party form"),
                    ));
                }
                if kind == NameKind::Name && !entry.1.is_empty() {
                    let other = &entities_iri(&entities, entry.1[0]);
                    return Err(invalid(reference_file, format!("the name `{name}` belongs to both <{other}> and <{subject}>; a name must mean one entity (use dg:partyForm for shared “X方” forms)")));
                }
                entry.1.push(index);
            }
            entities.push(Entity {
                iri: NamedNode::new_unchecked(subject.clone()),
                class,
                label_zh,
                label_en,
                wikidata,
                ruling_party: None,
            });
            ruling_parties.push(ruling_party);
        }
        if entities.is_empty() {
            return Err(invalid(reference_file, "no entities found".to_owned()));
        }
        for (index, party) in ruling_parties.into_iter().enumerate() {
            if let Some(party) = party {
                let found = entities
                    .iter()
                    .position(|entity| entity.iri.as_str() == party);
                let Some(found) =
                    found.filter(|found| entities[*found].class.as_ref() == dg::POLITICAL_PARTY)
                else {
                    return Err(invalid(reference_file, format!("<{}> dg:rulingParty <{party}>, which is not a dg:PoliticalParty of the reference data", entities[index].iri.as_str())));
                };
                entities[index].ruling_party = Some(found);
            }
        }
        let names: Vec<(String, NameKind, Vec<usize>)> = names
            .into_iter()
            .map(|(name, (kind, entities))| (name, kind, entities))
            .collect();
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(names.iter().map(|(name, _, _)| name.as_str()))
            .map_err(|error| invalid(reference_file, error.to_string()))?;
        let kinds = document_kinds(ontology_file, ontology)?;
        let mut kind_endings: Vec<(String, usize)> = kinds
            .iter()
            .enumerate()
            .flat_map(|(index, kind)| {
                kind.endings
                    .iter()
                    .map(move |ending| (ending.clone(), index))
            })
            .collect();
        kind_endings.sort_by(|a, b| {
            b.0.chars()
                .count()
                .cmp(&a.0.chars().count())
                .then(a.0.cmp(&b.0))
        });
        Ok(Self {
            entities,
            names,
            matcher,
            kind_endings,
            kinds,
            short_forms,
        })
    }

    /// All full names and party forms in `text`, leftmost-longest, not overlapping.
    pub fn find_names(&self, text: &str) -> Vec<NameMatch> {
        self.matcher
            .find_iter(text)
            .map(|found| {
                let (_, kind, entities) = &self.names[found.pattern().as_usize()];
                NameMatch {
                    range: found.range(),
                    kind: *kind,
                    entities: entities.clone(),
                }
            })
            .collect()
    }

    /// The entity a name always means (not a party form), if any.
    pub fn entity_named(&self, name: &str) -> Option<usize> {
        self.names
            .binary_search_by(|(candidate, _, _)| candidate.as_str().cmp(name))
            .ok()
            .map(|index| &self.names[index])
            .filter(|(_, kind, _)| *kind == NameKind::Name)
            .map(|(_, _, entities)| entities[0])
    }

    /// True for entities that can act: states, organisations, parties, bodies, persons (not
    /// places, instruments or events).
    pub fn is_actor(&self, entity: usize) -> bool {
        let class = self.entities[entity].class.as_ref();
        [
            dg::STATE,
            dg::INTERNATIONAL_ORGANISATION,
            dg::POLITICAL_PARTY,
            dg::GOVERNMENT_BODY,
            dg::NEWS_AGENCY,
            dg::PERSON,
        ]
        .contains(&class)
    }

    /// The kind a title ends with (longest ending first).
    pub fn kind_of_title(&self, title: &str) -> Option<&DocumentKind> {
        self.kind_endings
            .iter()
            .find(|(ending, _)| title.ends_with(ending.as_str()))
            .map(|(_, index)| &self.kinds[*index])
    }
}

fn entities_iri(entities: &[Entity], index: usize) -> String {
    entities[index].iri.as_str().to_owned()
}

fn document_kinds(file: &str, ontology: &[Quad]) -> Result<Vec<DocumentKind>, DataError> {
    let mut kinds: BTreeMap<String, DocumentKind> = BTreeMap::new();
    for quad in ontology {
        let NamedOrBlankNode::NamedNode(subject) = &quad.subject else {
            continue;
        };
        let Term::Literal(literal) = &quad.object else {
            continue;
        };
        let predicate = quad.predicate.as_ref();
        if predicate == dg::TITLE_ENDING {
            kinds
                .entry(subject.as_str().to_owned())
                .or_insert_with(|| DocumentKind {
                    iri: subject.clone(),
                    label_zh: String::new(),
                    endings: Vec::new(),
                })
                .endings
                .push(literal.value().to_owned());
        }
    }
    for quad in ontology {
        if let (NamedOrBlankNode::NamedNode(subject), Term::Literal(literal)) =
            (&quad.subject, &quad.object)
        {
            if quad.predicate.as_ref() == skos::PREF_LABEL && literal.language() == Some("zh") {
                if let Some(kind) = kinds.get_mut(subject.as_str()) {
                    kind.label_zh = literal.value().to_owned();
                }
            }
        }
    }
    if kinds.is_empty() {
        return Err(DataError::Invalid {
            file: file.to_owned(),
            message: "no document kinds (skos:Concept with dg:titleEnding) found".to_owned(),
        });
    }
    if let Some(kind) = kinds.values().find(|kind| kind.label_zh.is_empty()) {
        return Err(DataError::Invalid {
            file: file.to_owned(),
            message: format!(
                "document kind <{}> has no Chinese skos:prefLabel",
                kind.iri.as_str()
            ),
        });
    }
    Ok(kinds.into_values().collect())
}
