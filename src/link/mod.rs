//! Linking entities to Wikidata, and recording each decision with its provenance.
//!
//! Every entity that documents mention gets at most one decision, written to the links graph
//! ([`LINKS_GRAPH`]):
//!
//! 1. the user's decisions file comes first: `accept` links to the item given, `reject` rules an
//!    item out (or, with `*`, every item);
//! 2. an entity the reference data links (a checked `owl:sameAs`) is recorded as linked by
//!    `reference`;
//! 3. any other entity whose class has a row in `ontology/wikidata-classes.tsv` is searched for by
//!    its Chinese label and aliases (`wbsearchentities`); each candidate is then checked
//!    (`wbgetentities`): its Chinese label or alias must equal one of the entity's names (score 1
//!    for a label, 0.9 for an alias; another search match, 0.6, is never linked) and its type must
//!    fit (`P31`, or `P31/P279*` asked of the SPARQL endpoint). One best fitting candidate is
//!    linked; two or more equally good ones make the decision ambiguous; none makes it a no match.
//!
//! Linked entities also get the item's English label (when they have none) and, for places, its
//! coordinates (`P625`), as GeoSPARQL `geo:asWKT` and WGS84 `wgs84:lat`/`wgs84:long`.
//!
//! All decisions of a run are written in one transaction. When the run fails part-way (a server
//! that keeps failing, a malformed answer), the decisions made before the failure are written,
//! whole, and the error is returned; the store never holds half a decision.
//!
//! Cost: one search per name and one check per 50 candidates, each cached on disk, so a second run
//! makes no request for what it asked before; memory holds one decision per entity.

pub mod wikidata;

use crate::error::{DataError, StoreError, WikidataError};
use crate::lang::data_file::{data_lines, line_error};
use crate::lang::wikidata_classes::ClassTable;
use crate::link::wikidata::{is_item_id, ItemData, WikidataClient, ENTITY_PREFIX};
use crate::map::mapping::{LINKS_GRAPH, REFERENCE_GRAPH};
use crate::rdf::vocab::{dg, geo, owl, prov, rdf, rdfs, skos, wgs84, xsd, PREFIXES};
use crate::store::GraphStore;
use oxigraph::model::{GraphNameRef, Literal, NamedNode, NamedNodeRef, Quad, QuadRef, Term};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::SystemTime;

/// The method of decisions taken from the reference data.
pub const METHOD_REFERENCE: &str = "reference";
/// The method of decisions taken from the user's decisions file.
pub const METHOD_MANUAL: &str = "manual";
/// The method of decisions found by searching Wikidata.
pub const METHOD_SEARCH: &str = "wbsearchentities+wbgetentities";

/// Score of a candidate whose Chinese label is one of the entity's names.
const SCORE_LABEL: f64 = 1.0;
/// Score of a candidate with one of the entity's names as a Chinese alias.
const SCORE_ALIAS: f64 = 0.9;
/// Score of a candidate that the search found by another match.
const SCORE_OTHER: f64 = 0.6;
/// Names searched per entity (its label first, then aliases).
const NAMES_SEARCHED: usize = 3;
/// The languages of labels read from Wikidata: Chinese variants, then English.
const LANGUAGES: &[&str] = &["zh", "zh-hans", "zh-cn", "en"];

/// What the user decided for one entity, from the decisions file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserDecision {
    /// The item the user accepted.
    pub accept: Option<String>,
    /// Items the user rejected.
    pub reject: BTreeSet<String>,
    /// The user rejected every item.
    pub reject_all: bool,
}

/// The decisions file: `ENTITY<TAB>accept|reject<TAB>Q…|*<TAB>comment`, keyed by entity as
/// written (an IRI, a prefixed name such as `dgr:Kunming`, or a Chinese name).
#[derive(Debug, Clone, Default)]
pub struct UserDecisions {
    by_key: BTreeMap<String, UserDecision>,
}

impl UserDecisions {
    /// Parses a decisions file; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Self, DataError> {
        let mut by_key: BTreeMap<String, UserDecision> = BTreeMap::new();
        for (number, line) in data_lines(text) {
            let invalid = |message: String| line_error(file, number, message);
            let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
            if fields.len() < 3 {
                return Err(invalid(
                    "expected `ENTITY<TAB>accept|reject<TAB>Q…` (`*` rejects every item)"
                        .to_owned(),
                ));
            }
            let key = expand_entity_key(fields[0]);
            let item = fields[2].trim_start_matches("wd:");
            let item = item.strip_prefix(ENTITY_PREFIX).unwrap_or(item);
            let decision = by_key.entry(key).or_default();
            match (fields[1], item) {
                ("reject", "*") => decision.reject_all = true,
                ("accept" | "reject", item) if !is_item_id(item) => {
                    return Err(invalid(format!(
                        "`{}` is not a Wikidata item (Q followed by digits, or `*` to reject all)",
                        fields[2]
                    )))
                }
                ("accept", item) => {
                    if decision
                        .accept
                        .as_deref()
                        .is_some_and(|other| other != item)
                    {
                        return Err(invalid(format!(
                            "`{}` is accepted for two items; keep one line",
                            fields[0]
                        )));
                    }
                    decision.accept = Some(item.to_owned());
                }
                ("reject", item) => {
                    decision.reject.insert(item.to_owned());
                }
                (other, _) => {
                    return Err(invalid(format!(
                        "`{other}` is neither `accept` nor `reject`"
                    )))
                }
            }
        }
        Ok(Self { by_key })
    }

    /// Reads a decisions file.
    pub fn read(path: &Path) -> Result<Self, DataError> {
        let text = std::fs::read_to_string(path).map_err(|error| DataError::Invalid {
            file: path.display().to_string(),
            message: error.to_string(),
        })?;
        Self::parse(&path.display().to_string(), &text)
    }

    /// The user's decision for an entity, found by its IRI or any of its names.
    fn for_entity(&self, entity: &Entity) -> Option<&UserDecision> {
        self.by_key.get(entity.iri.as_str()).or_else(|| {
            entity
                .names
                .iter()
                .find_map(|name| self.by_key.get(name.as_str()))
        })
    }

    /// Keys that name no entity of the store, to warn about.
    fn unused<'a>(&'a self, entities: &[Entity]) -> Vec<&'a str> {
        self.by_key
            .keys()
            .filter(|key| {
                !entities.iter().any(|entity| {
                    entity.iri.as_str() == key.as_str() || entity.names.contains(*key)
                })
            })
            .map(String::as_str)
            .collect()
    }
}

/// `<iri>` and `prefix:name` to full IRIs; anything else (a name) as it is.
fn expand_entity_key(key: &str) -> String {
    if let Some(iri) = key.strip_prefix('<').and_then(|key| key.strip_suffix('>')) {
        return iri.to_owned();
    }
    if let Some((prefix, local)) = key.split_once(':') {
        if !local.starts_with("//") {
            if let Some((_, namespace)) = PREFIXES.iter().find(|(name, _)| *name == prefix) {
                return format!("{namespace}{local}");
            }
        }
    }
    key.to_owned()
}

/// An entity that documents mention, as the store knows it.
#[derive(Debug, Clone)]
pub struct Entity {
    pub iri: NamedNode,
    pub classes: Vec<NamedNode>,
    /// Chinese names: preferred labels first, then other labels.
    pub names: Vec<String>,
    /// Whether it has an English preferred label outside the links graph.
    pub has_english_label: bool,
    /// The checked Wikidata item of the reference data.
    pub reference_item: Option<String>,
}

/// The outcome of a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    Linked,
    Ambiguous,
    NoMatch,
    Rejected,
}

impl Outcome {
    fn term(self) -> NamedNodeRef<'static> {
        match self {
            Self::Linked => dg::LINKED,
            Self::Ambiguous => dg::AMBIGUOUS,
            Self::NoMatch => dg::NO_MATCH,
            Self::Rejected => dg::REJECTED,
        }
    }

    /// A word for summaries.
    pub fn word(self) -> &'static str {
        match self {
            Self::Linked => "linked",
            Self::Ambiguous => "ambiguous",
            Self::NoMatch => "no match",
            Self::Rejected => "rejected",
        }
    }
}

/// One decision.
#[derive(Debug, Clone)]
pub struct Decision {
    pub entity: NamedNode,
    /// The entity's Chinese name, for messages.
    pub name: String,
    pub outcome: Outcome,
    pub method: &'static str,
    pub score: f64,
    /// Candidates weighed, best first.
    pub candidates: Vec<String>,
    /// The item linked to.
    pub chosen: Option<String>,
    /// What Wikidata says of the chosen item, for enrichment.
    pub item: Option<ItemData>,
    /// Whether the entity had an English label already.
    pub has_english_label: bool,
    /// The API asked, for decisions made over HTTP.
    pub source: Option<String>,
}

/// What a run did.
#[derive(Debug, Default)]
pub struct LinkReport {
    pub decisions: Vec<Decision>,
    /// Entities left without a decision because `--offline` found no cached answer for them.
    pub not_cached: Vec<String>,
    /// Keys of the decisions file that name no entity of the store.
    pub unused_user_decisions: Vec<String>,
    /// The error that ended the run early, after the decisions above were written.
    pub error: Option<WikidataError>,
}

impl LinkReport {
    /// Decisions by outcome.
    pub fn count(&self, outcome: Outcome) -> usize {
        self.decisions
            .iter()
            .filter(|decision| decision.outcome == outcome)
            .count()
    }
}

/// Progress events, for a progress bar.
pub enum LinkProgress<'a> {
    Started { entities: usize },
    Entity { name: &'a str },
}

/// Links the entities of `store`, writes the decisions to the links graph and returns what it did.
/// A store error is returned as such; a Wikidata failure ends the run early and is kept in the
/// report, after the decisions made before it have been written.
pub fn link(
    store: &GraphStore,
    client: &mut WikidataClient,
    classes: &ClassTable,
    user: &UserDecisions,
    progress: &mut dyn FnMut(LinkProgress<'_>),
) -> Result<LinkReport, StoreError> {
    let entities = mentioned_entities(store)?;
    let mut report = LinkReport {
        unused_user_decisions: user
            .unused(&entities)
            .into_iter()
            .map(str::to_owned)
            .collect(),
        ..LinkReport::default()
    };
    progress(LinkProgress::Started {
        entities: entities.len(),
    });
    if let Err(error) = decide_all(&entities, client, classes, user, &mut report, progress) {
        report.error = Some(error);
    }
    write_decisions(store, &report.decisions)?;
    Ok(report)
}

fn decide_all(
    entities: &[Entity],
    client: &mut WikidataClient,
    classes: &ClassTable,
    user: &UserDecisions,
    report: &mut LinkReport,
    progress: &mut dyn FnMut(LinkProgress<'_>),
) -> Result<(), WikidataError> {
    // Entities with a known item first: their items are read in batches for enrichment.
    let mut known: Vec<(&Entity, &'static str, String)> = Vec::new();
    let mut searched: Vec<(&Entity, Option<&UserDecision>, &[String])> = Vec::new();
    for entity in entities {
        let decision = user.for_entity(entity);
        if let Some(item) = decision.and_then(|decision| decision.accept.clone()) {
            known.push((entity, METHOD_MANUAL, item));
        } else if decision.is_some_and(|decision| decision.reject_all) {
            report.decisions.push(Decision {
                entity: entity.iri.clone(),
                name: entity.display_name(),
                outcome: Outcome::Rejected,
                method: METHOD_MANUAL,
                score: 0.0,
                candidates: Vec::new(),
                chosen: None,
                item: None,
                has_english_label: entity.has_english_label,
                source: None,
            });
        } else if let Some(item) = entity
            .reference_item
            .clone()
            .filter(|item| !decision.is_some_and(|decision| decision.reject.contains(item)))
        {
            known.push((entity, METHOD_REFERENCE, item));
        } else if let Some(wikidata_classes) = classes.wikidata_classes(&entity.classes) {
            if !entity.names.is_empty() {
                searched.push((entity, decision, wikidata_classes));
            }
        }
    }
    let items: Vec<String> = known
        .iter()
        .map(|(_, _, item)| item.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let data = match client.entities(&items, LANGUAGES) {
        Ok(data) => data,
        Err(WikidataError::NotCached { .. }) => BTreeMap::new(),
        Err(error) => return Err(error),
    };
    for (entity, method, item) in known {
        progress(LinkProgress::Entity {
            name: &entity.display_name(),
        });
        report.decisions.push(Decision {
            entity: entity.iri.clone(),
            name: entity.display_name(),
            outcome: Outcome::Linked,
            method,
            score: 1.0,
            candidates: vec![item.clone()],
            item: data.get(&item).cloned(),
            chosen: Some(item),
            has_english_label: entity.has_english_label,
            source: None,
        });
    }
    for (entity, user_decision, wikidata_classes) in searched {
        progress(LinkProgress::Entity {
            name: &entity.display_name(),
        });
        match search(client, entity, user_decision, wikidata_classes) {
            Ok(decision) => report.decisions.push(decision),
            Err(WikidataError::NotCached { .. }) => report.not_cached.push(entity.display_name()),
            Err(error) => return Err(error),
        }
    }
    Ok(())
}

/// Searches Wikidata for one entity and decides.
fn search(
    client: &mut WikidataClient,
    entity: &Entity,
    user: Option<&UserDecision>,
    wikidata_classes: &[String],
) -> Result<Decision, WikidataError> {
    let mut candidates: Vec<String> = Vec::new();
    for name in entity.names.iter().take(NAMES_SEARCHED) {
        for hit in client.search(name, "zh")? {
            let rejected = user.is_some_and(|user| user.reject.contains(&hit.id));
            if !rejected && !candidates.contains(&hit.id) {
                candidates.push(hit.id);
            }
        }
    }
    let items = client.entities(&candidates, LANGUAGES)?;
    let mut scored: Vec<(f64, &ItemData)> = items
        .values()
        .map(|item| (label_score(item, &entity.names), item))
        .collect();
    // Best first; Wikidata's own order among equals.
    scored.sort_by(|a, b| {
        b.0.total_cmp(&a.0).then_with(|| {
            let rank = |item: &ItemData| candidates.iter().position(|id| id == &item.id);
            rank(a.1).cmp(&rank(b.1))
        })
    });
    let mut fitting: Vec<(f64, &ItemData)> = Vec::new();
    // Only a candidate whose label or alias is one of the entity's names can be linked.
    for (score, item) in scored
        .into_iter()
        .filter(|(score, _)| *score >= SCORE_ALIAS)
    {
        if fitting.first().is_some_and(|(best, _)| score < *best) {
            break;
        }
        let fits = item
            .instance_of
            .iter()
            .any(|class| wikidata_classes.contains(class))
            || client.is_instance_of(&item.id, wikidata_classes)?;
        if fits {
            fitting.push((score, item));
        }
    }
    let mut decision = Decision {
        entity: entity.iri.clone(),
        name: entity.display_name(),
        outcome: Outcome::NoMatch,
        method: METHOD_SEARCH,
        score: 0.0,
        candidates: candidates.clone(),
        chosen: None,
        item: None,
        has_english_label: entity.has_english_label,
        source: Some(client.api().to_owned()),
    };
    match fitting.as_slice() {
        [] => {}
        [(score, item)] => {
            decision.outcome = Outcome::Linked;
            decision.score = *score;
            decision.chosen = Some(item.id.clone());
            decision.item = Some((*item).clone());
        }
        [(score, _), ..] => {
            decision.outcome = Outcome::Ambiguous;
            decision.score = *score;
            // The tied candidates first, so that the summary can name them.
            let tied: Vec<String> = fitting.iter().map(|(_, item)| item.id.clone()).collect();
            decision
                .candidates
                .sort_by_key(|id| tied.iter().position(|t| t == id).unwrap_or(usize::MAX));
        }
    }
    Ok(decision)
}

/// How well an item's Chinese label or aliases match the entity's names.
fn label_score(item: &ItemData, names: &[String]) -> f64 {
    let chinese = |language: &String| language == "zh" || language.starts_with("zh-");
    if item
        .labels
        .iter()
        .any(|(language, label)| chinese(language) && names.contains(label))
    {
        SCORE_LABEL
    } else if item.aliases.iter().any(|(language, aliases)| {
        chinese(language) && aliases.iter().any(|alias| names.contains(alias))
    }) {
        SCORE_ALIAS
    } else {
        SCORE_OTHER
    }
}

impl Entity {
    fn display_name(&self) -> String {
        self.names
            .first()
            .cloned()
            .unwrap_or_else(|| self.iri.as_str().to_owned())
    }
}

/// The entities that documents mention, sorted by IRI, with their classes and names.
pub fn mentioned_entities(store: &GraphStore) -> Result<Vec<Entity>, StoreError> {
    let error = |source| store.storage_error(source);
    let mut iris = BTreeSet::new();
    for quad in store
        .store
        .quads_for_pattern(None, Some(dg::MENTIONS), None, None)
    {
        if let Term::NamedNode(entity) = quad.map_err(error)?.object {
            iris.insert(entity);
        }
    }
    let links = NamedNodeRef::new_unchecked(LINKS_GRAPH);
    let reference = NamedNodeRef::new_unchecked(REFERENCE_GRAPH);
    let mut entities = Vec::with_capacity(iris.len());
    for iri in iris {
        let mut entity = Entity {
            iri: iri.clone(),
            classes: Vec::new(),
            names: Vec::new(),
            has_english_label: false,
            reference_item: None,
        };
        let mut other_names = Vec::new();
        for quad in store
            .store
            .quads_for_pattern(Some(iri.as_ref().into()), None, None, None)
        {
            let quad = quad.map_err(error)?;
            if quad.graph_name == GraphNameRef::NamedNode(links).into() {
                continue;
            }
            let predicate = quad.predicate.as_ref();
            match &quad.object {
                Term::NamedNode(class)
                    if predicate == rdf::TYPE && !entity.classes.contains(class) =>
                {
                    entity.classes.push(class.clone());
                }
                Term::NamedNode(_) if predicate == rdf::TYPE => {}
                Term::NamedNode(item)
                    if predicate == owl::SAME_AS
                        && quad.graph_name == GraphNameRef::NamedNode(reference).into() =>
                {
                    entity.reference_item =
                        item.as_str().strip_prefix(ENTITY_PREFIX).map(str::to_owned);
                }
                Term::Literal(literal) => {
                    let language = literal.language().unwrap_or_default();
                    if language == "en" && predicate == skos::PREF_LABEL {
                        entity.has_english_label = true;
                    }
                    if language != "zh" {
                        continue;
                    }
                    let name = literal.value().to_owned();
                    if predicate == skos::PREF_LABEL || predicate == rdfs::LABEL {
                        if !entity.names.contains(&name) {
                            entity.names.push(name);
                        }
                    } else if predicate == skos::ALT_LABEL && !other_names.contains(&name) {
                        other_names.push(name);
                    }
                }
                _ => {}
            }
        }
        for name in other_names {
            if !entity.names.contains(&name) {
                entity.names.push(name);
            }
        }
        entity.classes.sort();
        entities.push(entity);
    }
    Ok(entities)
}

/// The IRI of the decision about an entity: readable for diplograph's own entities.
fn decision_iri(entity: &NamedNode) -> NamedNode {
    let base = crate::map::mapping::DEFAULT_BASE;
    let key = match entity.as_str().strip_prefix(base) {
        Some(local) => local.to_owned(),
        None => format!(
            "external/{:016x}",
            crate::rdf::run_record::fnv1a(entity.as_str().as_bytes())
        ),
    };
    NamedNode::new(format!("{base}link/{key}")).unwrap_or_else(|_| {
        NamedNode::new_unchecked(format!(
            "{base}link/{:016x}",
            crate::rdf::run_record::fnv1a(key.as_bytes())
        ))
    })
}

/// Writes the decisions in one transaction, each replacing what the links graph said of its
/// entity before.
fn write_decisions(store: &GraphStore, decisions: &[Decision]) -> Result<(), StoreError> {
    let error = |source| store.storage_error(source);
    let graph = NamedNodeRef::new_unchecked(LINKS_GRAPH);
    let now = crate::rdf::run_record::date_time(SystemTime::now());
    let agent = NamedNode::new_unchecked(format!(
        "{}software/diplograph/{}",
        crate::map::mapping::DEFAULT_BASE,
        env!("CARGO_PKG_VERSION")
    ));
    let mut transaction = store.store.start_transaction().map_err(error)?;
    for decision in decisions {
        let node = decision_iri(&decision.entity);
        let geometry = NamedNode::new_unchecked(format!("{}/geometry", node.as_str()));
        for subject in [&decision.entity, &node, &geometry] {
            let old: Vec<Quad> = transaction
                .quads_for_pattern(
                    Some(subject.as_ref().into()),
                    None,
                    None,
                    Some(graph.into()),
                )
                .collect::<Result<_, _>>()
                .map_err(error)?;
            for quad in &old {
                transaction.remove(quad);
            }
        }
        let mut quads = Vec::new();
        decision_quads(decision, &node, &geometry, &agent, &now, &mut quads);
        for (subject, predicate, object) in &quads {
            transaction.insert(QuadRef::new(subject, predicate, object, graph));
        }
    }
    if !decisions.is_empty() {
        let agent_quads = [
            (rdf::TYPE, Term::from(prov::SOFTWARE_AGENT.into_owned())),
            (
                rdfs::LABEL,
                Literal::new_simple_literal(crate::rdf::run_record::TOOL_VERSION).into(),
            ),
        ];
        for (predicate, object) in &agent_quads {
            transaction.insert(QuadRef::new(&agent, *predicate, object, graph));
        }
    }
    transaction.commit().map_err(error)
}

type Triple = (NamedNode, NamedNode, Term);

fn decision_quads(
    decision: &Decision,
    node: &NamedNode,
    geometry: &NamedNode,
    agent: &NamedNode,
    now: &Literal,
    out: &mut Vec<Triple>,
) {
    let mut add = |subject: &NamedNode, predicate: NamedNodeRef<'_>, object: Term| {
        out.push((subject.clone(), predicate.into_owned(), object));
    };
    let item_iri = |id: &str| NamedNode::new_unchecked(format!("{ENTITY_PREFIX}{id}"));
    add(node, rdf::TYPE, dg::LINK_DECISION.into_owned().into());
    add(node, rdf::TYPE, prov::ENTITY.into_owned().into());
    add(node, dg::LINKED_ENTITY, decision.entity.clone().into());
    add(
        node,
        dg::OUTCOME,
        decision.outcome.term().into_owned().into(),
    );
    add(
        node,
        dg::LINK_METHOD,
        Literal::new_simple_literal(decision.method).into(),
    );
    add(
        node,
        dg::SCORE,
        Literal::new_typed_literal(format!("{:.2}", decision.score), xsd::DECIMAL).into(),
    );
    for candidate in &decision.candidates {
        add(node, dg::CANDIDATE, item_iri(candidate).into());
    }
    if let Some(source) = decision
        .source
        .as_deref()
        .and_then(|url| NamedNode::new(url).ok())
    {
        add(node, dg::LINK_SOURCE, source.into());
    }
    add(node, prov::GENERATED_AT_TIME, now.clone().into());
    add(node, prov::WAS_ATTRIBUTED_TO, agent.clone().into());
    let Some(chosen) = &decision.chosen else {
        return;
    };
    add(node, dg::CHOSEN, item_iri(chosen).into());
    add(&decision.entity, owl::SAME_AS, item_iri(chosen).into());
    let Some(item) = &decision.item else {
        return;
    };
    if !decision.has_english_label {
        if let Some(english) = item.labels.get("en") {
            add(
                &decision.entity,
                skos::PREF_LABEL,
                Literal::new_language_tagged_literal_unchecked(english, "en").into(),
            );
        }
    }
    if let Some((latitude, longitude)) = item.coordinates {
        add(&decision.entity, geo::HAS_GEOMETRY, geometry.clone().into());
        add(geometry, rdf::TYPE, geo::GEOMETRY.into_owned().into());
        add(
            geometry,
            geo::AS_WKT,
            Literal::new_typed_literal(format!("POINT({longitude} {latitude})"), geo::WKT_LITERAL)
                .into(),
        );
        add(
            &decision.entity,
            wgs84::LAT,
            Literal::new_typed_literal(latitude.to_string(), xsd::DECIMAL).into(),
        );
        add(
            &decision.entity,
            wgs84::LONG,
            Literal::new_typed_literal(longitude.to_string(), xsd::DECIMAL).into(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_decisions_file_accepts_prefixed_names_iris_and_names() {
        let decisions = UserDecisions::parse(
            "links.tsv",
            "# entity\tdecision\titem\n\
             dgr:Kunming\taccept\tQ1\tthe city\n\
             <https://w3id.org/diplograph/id/Khiva>\treject\twd:Q2\n\
             青岛\treject\t*\n",
        )
        .unwrap();
        let kunming = &decisions.by_key["https://w3id.org/diplograph/id/Kunming"];
        assert_eq!(kunming.accept.as_deref(), Some("Q1"));
        assert!(decisions.by_key["https://w3id.org/diplograph/id/Khiva"]
            .reject
            .contains("Q2"));
        assert!(decisions.by_key["青岛"].reject_all);
        let error = UserDecisions::parse("links.tsv", "dgr:X\tmaybe\tQ1\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "links.tsv:1: `maybe` is neither `accept` nor `reject`"
        );
        assert!(
            UserDecisions::parse("links.tsv", "dgr:X\taccept\tQ1\ndgr:X\taccept\tQ2\n").is_err()
        );
    }

    #[test]
    fn labels_score_above_aliases_above_other_matches() {
        let mut item = ItemData {
            id: "Q1".to_owned(),
            ..ItemData::default()
        };
        let names = vec!["昆明".to_owned()];
        assert_eq!(label_score(&item, &names), SCORE_OTHER);
        item.aliases
            .insert("zh-hans".to_owned(), vec!["昆明".to_owned()]);
        assert_eq!(label_score(&item, &names), SCORE_ALIAS);
        item.labels.insert("zh".to_owned(), "昆明".to_owned());
        assert_eq!(label_score(&item, &names), SCORE_LABEL);
    }
}
