//! The summary graph: tallies that the questions across the whole corpus read instead of every
//! statement, event and instrument.
//!
//! Counting how often each actor agrees, supports or stresses means reading every statement of
//! every document: half a million statements for a 100 MB archive. The counts only change when
//! documents do, so ingest keeps them, in the graph [`SUMMARY_GRAPH`], as tallies: nodes of a class
//! of [`dg::TALLY`] with the terms they count for and a count (`dg:tally`). A bundled query sums
//! the tallies with the same terms: rows that grow with what the corpus names (14,482 tallies at
//! 100 MB of text), not with what it says. Tallies name their terms with properties of their own
//! (`dg:tallySpeaker`, not `dg:speaker`), so a pattern written for documents never matches them.
//!
//! Tallies are computed from the quads of one document's graph ([`Tallies::add_document`]), so
//! they count exactly what the document graph says. The summary graph says which version of the
//! tallies it keeps ([`SUMMARY_VERSION`]); a store whose summary is of an earlier version, or has
//! none, gets it rebuilt at its next ingest or compaction ([`bring_up_to_date`]). The summary
//! stays right through crashes and replacements because every write carries its own change to it:
//! - a bulk-loaded batch of new documents adds one *contribution* (their tallies, under node IRIs
//!   of their own) in the same atomic load;
//! - a transaction that replaces or removes documents adds a contribution with the new documents'
//!   tallies minus the old ones', in the same transaction.
//!
//! The sum over all contributions is therefore always the tally of the stored documents, and the
//! queries sum them. [`fold`] merges the contributions of each tally into one node (in
//! transactions of bounded size, each of which keeps the sums): at the end of an ingest run that
//! left few to merge, and in `diplograph compact` whatever their number. [`rebuild`] reads every
//! document graph once.
//!
//! Cost: computing a document's tallies is linear in its quads (one hash index by subject); a
//! contribution has one node per distinct tally of its documents; folding lists the tally nodes
//! (one quad each), then reads and rewrites the nodes of a few tallies at a time, at most about
//! [`FOLD_NODES`] in a transaction: linear in the summary graph, and only the list of nodes is
//! held whole.

use crate::error::StoreError;
use crate::rdf::run_record::fnv1a;
use crate::rdf::subjects::{as_subject, Subjects};
use crate::rdf::vocab::{dcterms, dg, rdf, rdfs, skos, xsd};
use crate::store::GraphStore;
use oxigraph::model::{
    GraphName, GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, QuadRef,
    Term, TermRef,
};
use std::collections::{HashMap, HashSet};

/// The graph that holds the tallies.
pub const SUMMARY_GRAPH: &str = "https://w3id.org/diplograph/graph/summary";

/// Tally nodes are named under this namespace: `KEY` once folded, `KEY-CONTRIBUTION` before.
const TALLY_NAMESPACE: &str = "https://w3id.org/diplograph/summary/";

/// A fold rewrites at most about this many tally nodes in one transaction.
pub const FOLD_NODES: usize = 5_000;

/// A fold opens the store again after merging this many nodes, to write out the store's write
/// buffers (see [`fold`]): as many as an ingest run merges at its end (`FOLD_AT_INGEST`).
pub const FOLD_NODES_PER_OPENING: usize = 20_000;

/// The version of the tallies this build keeps (`dg:summaryVersion` of the summary graph). A
/// build that counts more raises it, so that a store kept by an earlier one is rebuilt
/// ([`bring_up_to_date`]) instead of answering from tallies it never wrote. Version 2 added the
/// tallies of entities.
pub const SUMMARY_VERSION: i64 = 2;

/// The properties that name an entity, as the `entities` queries read them: the preferred label
/// in any language, and the label or title in Chinese.
const ENTITY_NAME_PROPERTIES: [NamedNodeRef<'static>; 3] =
    [skos::PREF_LABEL, rdfs::LABEL, dcterms::TITLE];

/// The summary graph's name.
pub fn summary_graph() -> NamedNodeRef<'static> {
    NamedNodeRef::new_unchecked(SUMMARY_GRAPH)
}

/// What a tally counts, for what: its class and the terms that identify it, sorted by predicate
/// (a key has one term for each predicate).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    class: NamedNode,
    terms: Vec<(NamedNode, Term)>,
}

impl Key {
    fn new(class: NamedNodeRef<'_>, terms: &[(NamedNodeRef<'_>, TermRef<'_>)]) -> Self {
        let mut terms: Vec<(NamedNode, Term)> = terms
            .iter()
            .map(|(predicate, object)| (predicate.into_owned(), object.into_owned()))
            .collect();
        terms.sort_by(|a, b| a.0.cmp(&b.0));
        Self {
            class: class.into_owned(),
            terms,
        }
    }

    /// A stable digest of the key, which names its folded node.
    fn digest(&self) -> String {
        let mut text = self.class.to_string();
        for (predicate, object) in &self.terms {
            text.push(' ');
            text.push_str(&predicate.to_string());
            text.push(' ');
            text.push_str(&object.to_string());
        }
        format!("{:016x}", fnv1a(text.as_bytes()))
    }
}

/// Counts by tally: what a set of documents adds to the summary (or takes away from it).
#[derive(Debug, Default, Clone)]
pub struct Tallies {
    counts: HashMap<Key, i64>,
}

impl Tallies {
    /// Nothing counted.
    pub fn new() -> Self {
        Self::default()
    }

    /// True when every count is zero.
    pub fn is_empty(&self) -> bool {
        self.counts.values().all(|count| *count == 0)
    }

    fn count(
        &mut self,
        class: NamedNodeRef<'_>,
        terms: &[(NamedNodeRef<'_>, TermRef<'_>)],
        by: i64,
    ) {
        *self.counts.entry(Key::new(class, terms)).or_default() += by;
    }

    /// Adds (`sign` 1) or takes away (`sign` -1) the tallies of one document, read from the quads
    /// of its graph (`document` names the graph; the quads' own graph names are ignored).
    ///
    /// What is counted mirrors the bundled queries that read the tallies:
    /// - `stances`: each stance statement once for each actor that speaks in it and each of its
    ///   stances; a delegation of the document speaks for its state;
    /// - `topics`: the statements (any subject with `dg:topic`) and the documents of each topic;
    /// - `timeline` and `places`: the documents that date a named thing (an event, a visit, an
    ///   instrument, the document itself) and, for each name and place they give it, the
    ///   documents that name it so;
    /// - `entities` and `shared-entities`: the documents that mention an entity and, for each
    ///   type and name they give it, the documents that describe it so.
    pub fn add_document(&mut self, document: NamedNodeRef<'_>, subjects: &Subjects<'_>, sign: i64) {
        let document_subject: NamedOrBlankNode = document.into_owned().into();
        let mut topics: HashSet<&Term> = HashSet::new();
        let mut entities: HashSet<&Term> = HashSet::new();
        for subject in subjects.subjects() {
            entities.extend(subjects.objects(subject, dg::MENTIONS));
            if subjects.is_a(subject, dg::STANCE_STATEMENT) {
                self.add_statement(subjects, document, subject, sign);
            }
            let statement_topics: HashSet<&Term> = subjects.objects(subject, dg::TOPIC).collect();
            for topic in &statement_topics {
                self.count(dg::TOPIC_TALLY, &[(dg::TALLY_TOPIC, topic.as_ref())], sign);
            }
            topics.extend(statement_topics);

            let dated = if subjects.is_a(subject, dg::EVENT) {
                let kind = if subjects.is_a(subject, dg::VISIT) {
                    "visit"
                } else {
                    "meeting"
                };
                Some((kind, dg::START_DATE, rdfs::LABEL))
            } else if subjects.is_a(subject, dg::INSTRUMENT) {
                Some(("instrument", dcterms::DATE, dcterms::TITLE))
            } else if *subject == document_subject && subjects.is_a(subject, dg::DOCUMENT) {
                Some(("document", dcterms::DATE, rdfs::LABEL))
            } else {
                None
            };
            if let Some((kind, date, name)) = dated {
                self.add_dated(subjects, subject, kind, date, name, sign);
            }
        }
        for topic in topics {
            self.count(
                dg::TOPIC_DOCUMENT_TALLY,
                &[(dg::TALLY_TOPIC, topic.as_ref())],
                sign,
            );
        }
        for entity in entities {
            self.add_entity(subjects, entity, sign);
        }
    }

    /// One document's mention of `entity` (however many times it is named there), with the
    /// types and names the document gives it.
    fn add_entity(&mut self, subjects: &Subjects<'_>, entity: &Term, sign: i64) {
        let tallied = (dg::TALLY_ENTITY, entity.as_ref());
        self.count(dg::ENTITY_TALLY, &[tallied], sign);
        let Some(node) = as_subject(entity) else {
            return;
        };
        let types: HashSet<&Term> = subjects.objects(&node, rdf::TYPE).collect();
        for entity_type in types {
            let terms = [tallied, (dg::TALLY_TYPE, entity_type.as_ref())];
            self.count(dg::ENTITY_TYPE_TALLY, &terms, sign);
        }
        for property in ENTITY_NAME_PROPERTIES {
            let names: HashSet<&Term> = subjects.objects(&node, property).collect();
            for name in names {
                let terms = [
                    tallied,
                    (dg::TALLY_NAME_PROPERTY, property.into()),
                    (dg::TALLY_NAME, name.as_ref()),
                ];
                self.count(dg::ENTITY_NAME_TALLY, &terms, sign);
            }
        }
    }

    fn add_statement(
        &mut self,
        subjects: &Subjects<'_>,
        document: NamedNodeRef<'_>,
        statement: &NamedOrBlankNode,
        sign: i64,
    ) {
        let mut actors: HashSet<&Term> = HashSet::new();
        for speaker in subjects.objects(statement, dg::SPEAKER) {
            // A delegation is a node of its document (DOCUMENT/delegation-…) and speaks for
            // its state; any other speaker is an actor shared by all documents.
            if let Some(node) = as_subject(speaker) {
                actors.extend(subjects.objects(&node, dg::DELEGATION_OF));
            }
            let of_document = matches!(speaker, Term::NamedNode(node) if node.as_str().starts_with(document.as_str()));
            if !of_document {
                actors.insert(speaker);
            }
        }
        let stances: HashSet<&Term> = subjects.objects(statement, dg::STANCE).collect();
        for actor in &actors {
            for stance in &stances {
                self.count(
                    dg::STANCE_TALLY,
                    &[
                        (dg::TALLY_SPEAKER, actor.as_ref()),
                        (dg::TALLY_STANCE, stance.as_ref()),
                    ],
                    sign,
                );
            }
        }
    }

    fn add_dated(
        &mut self,
        subjects: &Subjects<'_>,
        thing: &NamedOrBlankNode,
        kind: &str,
        date: NamedNodeRef<'_>,
        name: NamedNodeRef<'_>,
        sign: i64,
    ) {
        let NamedOrBlankNode::NamedNode(thing_node) = thing else {
            return;
        };
        let kind = Literal::new_simple_literal(kind);
        let names: HashSet<&Term> = subjects.objects(thing, name).collect();
        if names.is_empty() {
            return;
        }
        let places: HashSet<&Term> = subjects.objects(thing, dg::PLACE_PROPERTY).collect();
        let dates: HashSet<&Term> = subjects.objects(thing, date).collect();
        for date in dates {
            let dated = [
                (dg::TALLIED, TermRef::from(thing_node.as_ref())),
                (dg::TALLY_KIND, kind.as_ref().into()),
                (dg::TALLY_DATE, date.as_ref()),
            ];
            self.count(dg::DATED_TALLY, &dated, sign);
            for name in &names {
                let mut terms = dated.to_vec();
                terms.push((dg::TALLY_NAME, name.as_ref()));
                if places.is_empty() {
                    self.count(dg::NAME_TALLY, &terms, sign);
                }
                for place in &places {
                    terms.push((dg::TALLY_PLACE, place.as_ref()));
                    self.count(dg::NAME_TALLY, &terms, sign);
                    terms.pop();
                }
            }
        }
    }

    /// Adds `other` to these tallies.
    pub fn merge(&mut self, other: Tallies) {
        for (key, count) in other.counts {
            *self.counts.entry(key).or_default() += count;
        }
    }

    /// The quads of these tallies as one contribution to the summary graph, named by
    /// `contribution` (unique in the store: a contribution must not coincide with another, or
    /// the store would keep one of the two). Zero counts are left out.
    pub fn contribution_quads(&self, contribution: &str) -> Vec<Quad> {
        let mut keys: Vec<(String, &Key, i64)> = self
            .counts
            .iter()
            .filter(|(_, count)| **count != 0)
            .map(|(key, count)| (key.digest(), key, *count))
            .collect();
        keys.sort_by(|a, b| a.0.cmp(&b.0));
        let mut quads = Vec::new();
        for (digest, key, count) in keys {
            let node =
                NamedNode::new_unchecked(format!("{TALLY_NAMESPACE}{digest}-{contribution}"));
            push_tally(&mut quads, &node, key, count);
        }
        quads
    }
}

/// The triples that say the store keeps its summary graph, and which version of it: written with
/// every contribution, and after [`rebuild`] has finished.
pub fn marker_quads() -> Vec<Quad> {
    let graph = summary_graph().into_owned();
    vec![
        Quad::new(
            graph.clone(),
            rdf::TYPE,
            dg::SUMMARY.into_owned(),
            graph.clone(),
        ),
        Quad::new(graph.clone(), dg::SUMMARY_VERSION, version_literal(), graph),
    ]
}

fn version_literal() -> Literal {
    Literal::new_typed_literal(SUMMARY_VERSION.to_string(), xsd::INTEGER)
}

fn push_tally(quads: &mut Vec<Quad>, node: &NamedNode, key: &Key, count: i64) {
    let graph = GraphName::NamedNode(summary_graph().into_owned());
    let mut add = |predicate: NamedNode, object: Term| {
        quads.push(Quad::new(node.clone(), predicate, object, graph.clone()));
    };
    add(rdf::TYPE.into_owned(), key.class.clone().into());
    for (predicate, object) in &key.terms {
        add(predicate.clone(), object.clone());
    }
    add(
        dg::TALLY_COUNT.into_owned(),
        Literal::new_typed_literal(count.to_string(), xsd::INTEGER).into(),
    );
}

/// True when the store keeps a summary graph of this build's version (its marker is there).
pub fn is_kept(store: &GraphStore) -> Result<bool, StoreError> {
    let graph = summary_graph();
    let version = version_literal();
    store
        .store
        .contains(QuadRef::new(
            graph,
            dg::SUMMARY_VERSION,
            version.as_ref(),
            graph,
        ))
        .map_err(|source| store.storage_error(source))
}

/// True when the store holds documents but not the summary this build reads: it was written
/// before the summary existed, or by a build that kept fewer tallies. Two index lookups.
pub fn is_outdated(store: &GraphStore) -> Result<bool, StoreError> {
    if is_kept(store)? {
        return Ok(false);
    }
    let mut documents =
        store
            .store
            .quads_for_pattern(None, Some(rdf::TYPE), Some(dg::DOCUMENT.into()), None);
    match documents.next() {
        Some(quad) => quad
            .map(|_| true)
            .map_err(|source| store.storage_error(source)),
        None => Ok(false),
    }
}

/// Rebuilds the summary when [`is_outdated`] (at the start of an ingest and of a compaction).
pub fn bring_up_to_date(store: &mut GraphStore) -> Result<(), StoreError> {
    if is_outdated(store)? {
        rebuild(store)?;
    }
    Ok(())
}

/// One tally node read back from the store.
struct StoredTally {
    quads: Vec<Quad>,
    key: Key,
    count: i64,
}

/// The tally nodes of the summary graph, grouped by the digest their IRI starts with (a folded
/// node is named by the digest alone, a contribution by the digest and a suffix): one index
/// lookup, one quad per node.
fn nodes_by_digest(store: &GraphStore) -> Result<HashMap<String, Vec<NamedNode>>, StoreError> {
    let mut nodes: HashMap<String, Vec<NamedNode>> = HashMap::new();
    for quad in store.store.quads_for_pattern(
        None,
        Some(rdf::TYPE),
        None,
        Some(GraphNameRef::NamedNode(summary_graph())),
    ) {
        let quad = quad.map_err(|source| store.storage_error(source))?;
        if let NamedOrBlankNode::NamedNode(node) = quad.subject {
            if let Some(name) = node.as_str().strip_prefix(TALLY_NAMESPACE) {
                let digest = name.split('-').next().unwrap_or_default().to_owned();
                nodes.entry(digest).or_default().push(node);
            }
        }
    }
    Ok(nodes)
}

/// The tally a node holds, read with its quads.
fn read_tally(store: &GraphStore, node: &NamedNode) -> Result<Option<StoredTally>, StoreError> {
    let quads: Vec<Quad> = store
        .store
        .quads_for_pattern(
            Some(node.as_ref().into()),
            None,
            None,
            Some(GraphNameRef::NamedNode(summary_graph())),
        )
        .collect::<Result<_, _>>()
        .map_err(|source| store.storage_error(source))?;
    let mut class = None;
    let mut count = None;
    let mut terms = Vec::new();
    for quad in &quads {
        if quad.predicate.as_ref() == rdf::TYPE {
            if let Term::NamedNode(node) = &quad.object {
                class = Some(node.clone());
            }
        } else if quad.predicate.as_ref() == dg::TALLY_COUNT {
            if let Term::Literal(literal) = &quad.object {
                count = literal.value().parse::<i64>().ok();
            }
        } else {
            terms.push((quad.predicate.clone(), quad.object.clone()));
        }
    }
    terms.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(match (class, count) {
        (Some(class), Some(count)) => Some(StoredTally {
            key: Key { class, terms },
            count,
            quads,
        }),
        _ => None,
    })
}

/// What [`fold`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Folded {
    /// This many nodes were merged (none when every tally had one node already).
    Merged(usize),
    /// This many nodes were to be merged, more than the limit: left for a later fold.
    Postponed(usize),
}

/// Merges the contributions of each tally that has several into one node named by the tally
/// alone, dropping tallies whose sum is zero; a tally with one node keeps it. With a `limit`,
/// nothing is done when more nodes than that would be merged (see `ingest`). Each transaction
/// folds every node of some tallies, at most about [`FOLD_NODES`] nodes, so the sums hold after
/// each one and an interrupted fold loses nothing.
///
/// Memory: the transactions' writes stay in the store's write buffers until they are written
/// out, some kilobytes a node across the store's indexes. So the store is opened again (which
/// writes them out, see [`GraphStore::reopen`]) after every [`FOLD_NODES_PER_OPENING`] merged
/// nodes: the fold of everything in `diplograph compact` after a large ingest, hundreds of
/// thousands of nodes, stays within the memory of a fold at the end of an ingest run.
pub fn fold(store: &mut GraphStore, limit: Option<usize>) -> Result<Folded, StoreError> {
    let mut groups: Vec<(String, Vec<NamedNode>)> = nodes_by_digest(store)?
        .into_iter()
        .filter(|(_, nodes)| nodes.len() > 1)
        .collect();
    let nodes: usize = groups.iter().map(|(_, nodes)| nodes.len()).sum();
    if limit.is_some_and(|limit| nodes > limit) {
        return Ok(Folded::Postponed(nodes));
    }
    groups.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut pending: &[(String, Vec<NamedNode>)] = &groups;
    let mut since_opening = 0;
    while !pending.is_empty() {
        let mut size = 0;
        let mut take = 0;
        while take < pending.len() && (take == 0 || size + pending[take].1.len() <= FOLD_NODES) {
            size += pending[take].1.len();
            take += 1;
        }
        let (chunk, rest) = pending.split_at(take);
        fold_groups(store, chunk)?;
        pending = rest;
        since_opening += size;
        if since_opening >= FOLD_NODES_PER_OPENING && !pending.is_empty() {
            store.reopen()?;
            since_opening = 0;
        }
    }
    Ok(Folded::Merged(nodes))
}

/// Folds the nodes of some tallies in one transaction.
fn fold_groups(store: &GraphStore, groups: &[(String, Vec<NamedNode>)]) -> Result<(), StoreError> {
    let mut sums: HashMap<Key, i64> = HashMap::new();
    let mut old: Vec<Quad> = Vec::new();
    for (_, nodes) in groups {
        for node in nodes {
            if let Some(tally) = read_tally(store, node)? {
                *sums.entry(tally.key).or_default() += tally.count;
                old.extend(tally.quads);
            }
        }
    }
    let mut new = Vec::new();
    for (key, count) in &sums {
        if *count != 0 {
            let node = NamedNode::new_unchecked(format!("{TALLY_NAMESPACE}{}", key.digest()));
            push_tally(&mut new, &node, key, *count);
        }
    }
    store.remove_and_insert(&old, &new)
}

/// Writes the summary of every document graph in the store, for a store written before the
/// summary was kept or whose summary is of an earlier version: whatever was there before (an
/// earlier version's tallies, what an interrupted rebuild left) is cleared, one contribution per
/// transaction of a few hundred documents is written, folded, and only then marked as kept, so
/// an interrupted rebuild starts over on the next run. Each document graph is read once.
pub fn rebuild(store: &mut GraphStore) -> Result<(), StoreError> {
    const DOCUMENTS_PER_TRANSACTION: usize = 200;
    store
        .store
        .clear_graph(GraphNameRef::NamedNode(summary_graph()))
        .map_err(|source| store.storage_error(source))?;
    let document_graphs = document_graphs(store)?;
    for (part, graphs) in document_graphs
        .chunks(DOCUMENTS_PER_TRANSACTION)
        .enumerate()
    {
        let mut tallies = Tallies::new();
        for graph in graphs {
            let quads: Vec<Quad> = store
                .graph_quads(GraphNameRef::NamedNode(graph.as_ref()))
                .collect::<Result<_, _>>()?;
            tallies.add_document(graph.as_ref(), &Subjects::new(&quads), 1);
        }
        let quads = tallies.contribution_quads(&format!("rebuild{part}"));
        store.remove_and_insert([], &quads)?;
    }
    fold(store, None)?;
    // The marker last, whole, in one transaction: a rebuild cut short leaves none, and the next
    // opening of the store rebuilds again.
    store.remove_and_insert([], &marker_quads())
}

/// The graphs of the stored documents (a document's graph says it is a document, under its own
/// name), in index order.
pub fn document_graphs(store: &GraphStore) -> Result<Vec<NamedNode>, StoreError> {
    store.graphs_saying_of_themselves(rdf::TYPE, dg::DOCUMENT.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::reference::parse_turtle;

    const DOCUMENT: &str = "https://w3id.org/diplograph/document/d";

    /// A document graph: a statement of China and of the delegation of Russia, a topic, an event
    /// with two names at one place.
    fn document_quads() -> Vec<Quad> {
        parse_turtle(
            "test",
            r#"
            @prefix dg: <https://w3id.org/diplograph/ontology#> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            @prefix dcterms: <http://purl.org/dc/terms/> .
            @prefix id: <https://w3id.org/diplograph/id/> .
            @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
            <https://w3id.org/diplograph/document/d> a dg:Document ;
                rdfs:label "声明" ; dcterms:date "2022-11-01" .
            <https://w3id.org/diplograph/document/d/delegation-Russia> dg:delegationOf id:Russia .
            <https://w3id.org/diplograph/document/d/statement-1> a dg:StanceStatement ;
                dg:speaker id:China , <https://w3id.org/diplograph/document/d/delegation-Russia> ;
                dg:stance dg:Support ; dg:topic dg:TopicTrade .
            <https://w3id.org/diplograph/document/d/statement-2> a dg:StanceStatement ;
                dg:speaker id:China ; dg:stance dg:Support , dg:Stress ; dg:topic dg:TopicTrade .
            <https://w3id.org/diplograph/event/e> a dg:Event ; dg:startDate "2022-11-01" ;
                rdfs:label "会议" , "会晤" ; dg:place id:Tashkent .
            <https://w3id.org/diplograph/document/d/mention-1> dg:mentions id:China .
            <https://w3id.org/diplograph/document/d/mention-2> dg:mentions id:China .
            <https://w3id.org/diplograph/document/d/mention-3> dg:mentions id:XiJinping .
            id:XiJinping a dg:Person ; skos:prefLabel "习近平"@zh ; dg:country id:China .
            "#,
        )
        .unwrap()
    }

    fn count(tallies: &Tallies, class: NamedNodeRef<'_>, term: &str) -> i64 {
        tallies
            .counts
            .iter()
            .filter(|(key, _)| key.class.as_ref() == class)
            .filter(|(key, _)| {
                key.terms
                    .iter()
                    .any(|(_, object)| object.to_string().contains(term))
            })
            .map(|(_, count)| count)
            .sum()
    }

    /// How many tallies of `tallies` count something: the nodes a fold leaves for them.
    fn nonzero_tallies(tallies: &Tallies) -> usize {
        tallies.counts.values().filter(|count| **count != 0).count()
    }

    /// The summary holds one node for each tally of `expected` that counts something, holding its
    /// count, and nothing else. Returns the nodes, by digest.
    fn assert_folded_to(store: &GraphStore, expected: &Tallies) -> HashMap<String, Vec<NamedNode>> {
        let nodes = nodes_by_digest(store).unwrap();
        assert_eq!(nodes.len(), nonzero_tallies(expected));
        for (digest, nodes) in &nodes {
            assert_eq!(nodes.len(), 1, "one node for {digest}");
            let tally = read_tally(store, &nodes[0]).unwrap().unwrap();
            assert_eq!(&tally.key.digest(), digest);
            assert_eq!(Some(&tally.count), expected.counts.get(&tally.key));
        }
        nodes
    }

    #[test]
    fn a_document_is_tallied_as_the_bundled_queries_count() {
        let mut tallies = Tallies::new();
        tallies.add_document(
            NamedNodeRef::new_unchecked(DOCUMENT),
            &Subjects::new(&document_quads()),
            1,
        );
        // China supports in two statements and stresses in one; the delegation speaks for Russia
        // and is not an actor of its own.
        let stances = |actor: &str, stance: &str| {
            tallies
                .counts
                .iter()
                .filter(|(key, _)| key.class.as_ref() == dg::STANCE_TALLY)
                .filter(|(key, _)| {
                    key.terms[0].1.to_string().contains(actor)
                        && key.terms[1].1.to_string().contains(stance)
                })
                .map(|(_, count)| *count)
                .sum::<i64>()
        };
        assert_eq!(stances("China", "Support"), 2);
        assert_eq!(stances("China", "Stress"), 1);
        assert_eq!(stances("Russia", "Support"), 1);
        assert_eq!(count(&tallies, dg::STANCE_TALLY, "delegation"), 0);
        assert_eq!(count(&tallies, dg::TOPIC_TALLY, "TopicTrade"), 2);
        assert_eq!(count(&tallies, dg::TOPIC_DOCUMENT_TALLY, "TopicTrade"), 1);
        // The event is dated once, named two ways at Tashkent; the document is dated and named.
        assert_eq!(count(&tallies, dg::DATED_TALLY, "event/e"), 1);
        assert_eq!(count(&tallies, dg::NAME_TALLY, "Tashkent"), 2);
        assert_eq!(count(&tallies, dg::DATED_TALLY, "document/d"), 1);
        // China is mentioned twice, in one document; Xi Jinping is typed and named there.
        assert_eq!(count(&tallies, dg::ENTITY_TALLY, "id/China"), 1);
        assert_eq!(count(&tallies, dg::ENTITY_TALLY, "id/XiJinping"), 1);
        assert_eq!(count(&tallies, dg::ENTITY_TYPE_TALLY, "ontology#Person"), 1);
        assert_eq!(count(&tallies, dg::ENTITY_TYPE_TALLY, "id/China"), 0);
        assert_eq!(count(&tallies, dg::ENTITY_NAME_TALLY, "习近平"), 1);
        // The event is not mentioned, so it is no entity of this document.
        assert_eq!(count(&tallies, dg::ENTITY_TALLY, "event/e"), 0);
    }

    #[test]
    fn a_document_taken_away_leaves_nothing() {
        let document = NamedNodeRef::new_unchecked(DOCUMENT);
        let mut tallies = Tallies::new();
        tallies.add_document(document, &Subjects::new(&document_quads()), 1);
        assert!(!tallies.is_empty());
        let mut removal = Tallies::new();
        removal.add_document(document, &Subjects::new(&document_quads()), -1);
        tallies.merge(removal);
        assert!(tallies.is_empty());
        assert!(tallies.contribution_quads("x").is_empty());
    }

    #[test]
    fn contributions_fold_into_one_node_per_tally() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = GraphStore::open_for_writing(dir.path()).unwrap();
        let document = NamedNodeRef::new_unchecked(DOCUMENT);
        let mut once = Tallies::new();
        once.add_document(document, &Subjects::new(&document_quads()), 1);
        let tallies = nonzero_tallies(&once);
        // Added twice, taken away once: each tally sums to what one document gives.
        let mut removal = Tallies::new();
        removal.add_document(document, &Subjects::new(&document_quads()), -1);
        for (contribution, tallies) in [("a", &once), ("b", &once), ("c", &removal)] {
            for quad in tallies.contribution_quads(contribution) {
                store.store.insert(&quad).unwrap();
            }
        }
        assert_eq!(
            fold(&mut store, Some(2)).unwrap(),
            Folded::Postponed(3 * tallies)
        );
        assert_eq!(fold(&mut store, None).unwrap(), Folded::Merged(3 * tallies));
        // Merged contributions leave a node named by the tally's digest alone.
        for (digest, nodes) in assert_folded_to(&store, &once) {
            assert_eq!(nodes[0].as_str(), format!("{TALLY_NAMESPACE}{digest}"));
        }
    }

    #[test]
    fn a_store_without_its_summary_gets_it_from_the_documents() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = GraphStore::open_for_writing(dir.path()).unwrap();
        let document = NamedNodeRef::new_unchecked(DOCUMENT);
        for quad in document_quads() {
            let in_document = Quad::new(quad.subject, quad.predicate, quad.object, document);
            store.store.insert(&in_document).unwrap();
        }
        // The document's tallies, also left in the summary from before without its marker: the
        // rebuild must start from nothing, not add to them.
        let mut once = Tallies::new();
        once.add_document(document, &Subjects::new(&document_quads()), 1);
        for quad in once.contribution_quads("stray") {
            store.store.insert(&quad).unwrap();
        }
        assert!(!is_kept(&store).unwrap());

        rebuild(&mut store).unwrap();
        assert!(is_kept(&store).unwrap());
        assert_folded_to(&store, &once);
    }
}
