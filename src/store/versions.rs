//! Versions of one document in several languages: the Chinese and the English text of one joint
//! communiqué are two documents of the store and one work.
//!
//! The versions graph ([`VERSIONS_GRAPH`]) says, in FRBR terms, which documents realize one work
//! (`frbr:Work`, `frbr:realization`, `frbr:realizationOf`), how that was decided
//! (`dg:versionMethod` `declared` or `detected`, with `dg:versionScore` for a detected one), and
//! which numbered parts of two versions say the same thing (`dg:alignedWith`, both ways).
//!
//! - **Declared** versions come from the user (`ingest --version-of`, `ingest --versions`); the
//!   declarations are kept in the graph (`dg:declaredVersionOf`) and always win: a declared
//!   document is never paired by detection.
//! - **Detected** versions are two documents in different languages whose metadata agree: the
//!   same date where both have one (a different date rules the pair out), the same parties, the
//!   same reference entities named, the same kind ([`score`]). Each document is paired at most
//!   once per language, the best-scoring pairs first.
//! - **Alignment** pairs the parts that carry the same number in each version: `一、` with `1.`,
//!   `（二）` under `三、` with `(b)` under `III.`, counting from the outermost numbering each
//!   version uses. Where numbers pair nothing (neither version is numbered, or one only), the
//!   paragraphs are paired in order by their lengths ([`align_by_length`]).
//!
//! The graph is rebuilt whole at the end of every ingest (one transaction), so it always
//! matches the documents the store holds.
//!
//! Cost: reading the metadata is linear in the documents and their mentions and parties; a store
//! in one language stops there. Detection compares every pair of documents in different
//! languages: quadratic in the number of documents, a comparison of small sets each, rejected at
//! once where both dates differ. Alignment reads the parts of paired documents only, and pairs
//! paragraphs by length in time proportional to the product of their counts.

use crate::error::StoreError;
use crate::map::mapping::{Iris, VERSIONS_GRAPH};
use crate::rdf::vocab::{dcterms, dg, dgr, frbr, rdf, xsd};
use crate::store::GraphStore;
use oxigraph::model::{
    GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Quad,
    Term, TermRef,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// The score from which two documents are taken for versions of one work.
pub const DETECTED_AT: f64 = 0.75;

/// The weights of what [`score`] compares.
const DATE_WEIGHT: f64 = 0.3;
const PARTIES_WEIGHT: f64 = 0.25;
const ENTITIES_WEIGHT: f64 = 0.3;
const KIND_WEIGHT: f64 = 0.15;
/// Parties that share less than this are different documents, whatever else agrees.
const PARTIES_AT_LEAST: f64 = 0.5;
/// Reference entities are compared when each version names at least this many.
const ENTITIES_AT_LEAST: usize = 3;

/// Errors of declaring versions.
#[derive(Debug, thiserror::Error)]
pub enum VersionsError {
    #[error("there is no document `{id}` in the store, so it cannot be declared a version\nhint: `diplograph documents` lists the IDs; the documents of this run were stored, the versions were not changed")]
    UnknownDocument { id: String },
    #[error("`{path}`: {message}\nhint: a versions table holds two document IDs a line, separated by a tab; `#` starts a comment")]
    Table { path: PathBuf, message: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// How two documents came to be versions of one work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    /// The user said so.
    Declared,
    /// Their metadata agree.
    Detected,
}

impl Method {
    /// The value of `dg:versionMethod`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Declared => "declared",
            Self::Detected => "detected",
        }
    }
}

/// A work of the versions graph.
#[derive(Debug, Clone, PartialEq)]
pub struct Work {
    pub iri: NamedNode,
    /// The IDs of its versions, in ID order.
    pub versions: Vec<String>,
    pub method: Method,
    /// The score of a detected pair.
    pub score: Option<f64>,
    /// Pairs of aligned parts.
    pub aligned: usize,
}

/// The metadata of a document that detection compares.
#[derive(Debug, Default)]
struct Features {
    id: String,
    language: String,
    date: Option<String>,
    kind: Option<NamedNode>,
    parties: BTreeSet<NamedNode>,
    entities: BTreeSet<NamedNode>,
}

/// Reads a versions table: two document IDs a line, tab-separated; blank lines and `#` comments
/// are skipped.
pub fn read_table(path: &Path) -> Result<Vec<(String, String)>, VersionsError> {
    let table = |message: String| VersionsError::Table {
        path: path.to_owned(),
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|error| table(error.to_string()))?;
    let mut pairs = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or_default().trim();
        if line.is_empty() {
            continue;
        }
        let cells: Vec<&str> = line.split('\t').map(str::trim).collect();
        match cells.as_slice() {
            [first, second] if !first.is_empty() && !second.is_empty() => {
                pairs.push(((*first).to_owned(), (*second).to_owned()));
            }
            _ => {
                return Err(table(format!(
                    "line {} holds {} cell(s), not two document IDs",
                    index + 1,
                    cells.len()
                )))
            }
        }
    }
    Ok(pairs)
}

/// Adds `declared` pairs of document IDs to the declarations of the store and rebuilds the
/// versions graph. An ID the store does not hold is an error, and nothing is changed.
pub fn declare(
    store: &GraphStore,
    iris: &Iris,
    declared: &[(String, String)],
) -> Result<Vec<Work>, VersionsError> {
    let documents = documents(store)?;
    for (first, second) in declared {
        for id in [first, second] {
            if !documents.contains_key(id.as_str()) {
                return Err(VersionsError::UnknownDocument { id: id.clone() });
            }
        }
    }
    Ok(rebuild(store, iris, &documents, declared)?)
}

/// Rebuilds the versions graph from the documents of the store and its declarations.
pub fn refresh(store: &GraphStore, iris: &Iris) -> Result<Vec<Work>, StoreError> {
    let documents = documents(store)?;
    rebuild(store, iris, &documents, &[])
}

/// The documents of the store by ID, with their IRIs.
fn documents(store: &GraphStore) -> Result<BTreeMap<String, NamedNode>, StoreError> {
    let mut documents = BTreeMap::new();
    for quad in store
        .store
        .quads_for_pattern(None, Some(dcterms::IDENTIFIER), None, None)
    {
        let quad = quad.map_err(|source| store.storage_error(source))?;
        let (NamedOrBlankNode::NamedNode(document), Term::Literal(id)) =
            (&quad.subject, &quad.object)
        else {
            continue;
        };
        if matches!(&quad.graph_name, oxigraph::model::GraphName::NamedNode(graph) if graph == document)
        {
            documents.insert(id.value().to_owned(), document.clone());
        }
    }
    Ok(documents)
}

fn rebuild(
    store: &GraphStore,
    iris: &Iris,
    documents: &BTreeMap<String, NamedNode>,
    declared_now: &[(String, String)],
) -> Result<Vec<Work>, StoreError> {
    let graph = NamedNodeRef::new_unchecked(VERSIONS_GRAPH);
    // The declarations kept from earlier runs, of documents still stored.
    let mut declared: BTreeSet<(String, String)> = BTreeSet::new();
    let by_iri: HashMap<&str, &str> = documents
        .iter()
        .map(|(id, iri)| (iri.as_str(), id.as_str()))
        .collect();
    for quad in store.store.quads_for_pattern(
        None,
        Some(dg::DECLARED_VERSION_OF),
        None,
        Some(GraphNameRef::NamedNode(graph)),
    ) {
        let quad = quad.map_err(|source| store.storage_error(source))?;
        let subject = quad.subject.to_string();
        let object = quad.object.to_string();
        let iri = |text: &str| {
            text.trim_start_matches('<')
                .trim_end_matches('>')
                .to_owned()
        };
        if let (Some(first), Some(second)) = (
            by_iri.get(iri(&subject).as_str()),
            by_iri.get(iri(&object).as_str()),
        ) {
            declared.insert(((*first).to_owned(), (*second).to_owned()));
        }
    }
    declared.extend(
        declared_now
            .iter()
            .filter(|(first, second)| first != second)
            .cloned(),
    );

    // Declared works: the documents that declarations connect.
    let mut groups = Groups::default();
    for (first, second) in &declared {
        groups.join(first, second);
    }
    let mut works: Vec<(Vec<String>, Method, Option<f64>)> = groups
        .sets()
        .into_iter()
        .map(|set| (set, Method::Declared, None))
        .collect();

    // Detected works among the documents no declaration names.
    let features = features(store, documents)?;
    let languages: BTreeSet<&str> = features.values().map(|f| f.language.as_str()).collect();
    if languages.len() > 1 {
        let free: Vec<&Features> = features
            .values()
            .filter(|f| !groups.contains(&f.id))
            .collect();
        let mut candidates = Vec::new();
        for (index, first) in free.iter().enumerate() {
            for second in &free[index + 1..] {
                if let Some(score) = score(first, second).filter(|s| *s >= DETECTED_AT) {
                    candidates.push((score, first, second));
                }
            }
        }
        candidates.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then((a.1.id.as_str(), a.2.id.as_str()).cmp(&(b.1.id.as_str(), b.2.id.as_str())))
        });
        // Each document gets at most one version in each other language.
        let mut taken: BTreeSet<(&str, &str)> = BTreeSet::new();
        for (score, first, second) in candidates {
            if taken.contains(&(first.id.as_str(), second.language.as_str()))
                || taken.contains(&(second.id.as_str(), first.language.as_str()))
            {
                continue;
            }
            taken.insert((first.id.as_str(), second.language.as_str()));
            taken.insert((second.id.as_str(), first.language.as_str()));
            works.push((
                vec![first.id.clone(), second.id.clone()],
                Method::Detected,
                Some(score),
            ));
        }
    }

    // The graph.
    let graph_name = oxigraph::model::GraphName::NamedNode(graph.into_owned());
    let mut quads = Vec::new();
    let mut add = |subject: &NamedNode, predicate: NamedNodeRef<'_>, object: Term| {
        quads.push(Quad::new(
            subject.clone(),
            predicate.into_owned(),
            object,
            graph_name.clone(),
        ));
    };
    for (first, second) in &declared {
        add(
            &documents[first],
            dg::DECLARED_VERSION_OF,
            documents[second].clone().into(),
        );
    }
    let mut result = Vec::new();
    for (mut versions, method, score) in works {
        versions.sort();
        let work = iris.work(&versions[0]);
        add(&work, rdf::TYPE, frbr::WORK.into_owned().into());
        add(
            &work,
            dg::VERSION_METHOD,
            Literal::new_simple_literal(method.name()).into(),
        );
        if let Some(score) = score {
            add(
                &work,
                dg::VERSION_SCORE,
                Literal::new_typed_literal(format!("{score:.3}"), xsd::DECIMAL).into(),
            );
        }
        for id in &versions {
            add(&work, frbr::REALIZATION, documents[id].clone().into());
            add(&documents[id], frbr::REALIZATION_OF, work.clone().into());
        }
        let mut aligned = 0;
        for (index, first) in versions.iter().enumerate() {
            for second in &versions[index + 1..] {
                for (a, b) in align(store, &documents[first], &documents[second])? {
                    add(&a, dg::ALIGNED_WITH, b.clone().into());
                    add(&b, dg::ALIGNED_WITH, a.into());
                    aligned += 1;
                }
            }
        }
        result.push(Work {
            iri: work,
            versions,
            method,
            score,
            aligned,
        });
    }
    store.replace_graph(graph, &quads)?;
    result.sort_by(|a, b| a.versions.cmp(&b.versions));
    Ok(result)
}

/// How far two documents read as versions of one work, from 0 to 1; `None` where they cannot be
/// (one language, two dates, parties that differ) or where too little is known to say.
fn score(first: &Features, second: &Features) -> Option<f64> {
    if first.language == second.language {
        return None;
    }
    let mut total = 0.0;
    let mut weight = 0.0;
    let mut add = |value: f64, w: f64| {
        total += value * w;
        weight += w;
    };
    if let (Some(a), Some(b)) = (&first.date, &second.date) {
        if a != b {
            return None;
        }
        add(1.0, DATE_WEIGHT);
    }
    let mut known = false;
    if !first.parties.is_empty() && !second.parties.is_empty() {
        let shared = jaccard(&first.parties, &second.parties);
        if shared < PARTIES_AT_LEAST {
            return None;
        }
        add(shared, PARTIES_WEIGHT);
        known = true;
    }
    if first.entities.len() >= ENTITIES_AT_LEAST && second.entities.len() >= ENTITIES_AT_LEAST {
        add(jaccard(&first.entities, &second.entities), ENTITIES_WEIGHT);
        known = true;
    }
    if let (Some(a), Some(b)) = (&first.kind, &second.kind) {
        add(f64::from(u8::from(a == b)), KIND_WEIGHT);
    }
    // Parties or entities, and a date or both: enough to tell one document from another.
    (known && weight >= DATE_WEIGHT + PARTIES_WEIGHT).then(|| total / weight)
}

fn jaccard(first: &BTreeSet<NamedNode>, second: &BTreeSet<NamedNode>) -> f64 {
    let shared = first.intersection(second).count();
    let all = first.union(second).count();
    if all == 0 {
        0.0
    } else {
        shared as f64 / all as f64
    }
}

/// The metadata of every document that says its language.
fn features(
    store: &GraphStore,
    documents: &BTreeMap<String, NamedNode>,
) -> Result<BTreeMap<String, Features>, StoreError> {
    let mut features = BTreeMap::new();
    for (id, document) in documents {
        let graph = GraphNameRef::NamedNode(document.as_ref());
        let subject = NamedOrBlankNodeRef::NamedNode(document.as_ref());
        let objects = |predicate: NamedNodeRef<'_>| -> Result<Vec<Term>, StoreError> {
            store
                .store
                .quads_for_pattern(Some(subject), Some(predicate), None, Some(graph))
                .map(|quad| {
                    quad.map(|quad| quad.object)
                        .map_err(|source| store.storage_error(source))
                })
                .collect()
        };
        let Some(Term::NamedNode(language)) = objects(dcterms::LANGUAGE)?.into_iter().next() else {
            continue;
        };
        let named = |terms: Vec<Term>| -> BTreeSet<NamedNode> {
            terms
                .into_iter()
                .filter_map(|term| match term {
                    Term::NamedNode(node) => Some(node),
                    _ => None,
                })
                .collect()
        };
        let mut entities = BTreeSet::new();
        for quad in store
            .store
            .quads_for_pattern(None, Some(dg::MENTIONS), None, Some(graph))
        {
            let quad = quad.map_err(|source| store.storage_error(source))?;
            if let Term::NamedNode(entity) = quad.object {
                if entity.as_str().starts_with(dgr::NAMESPACE) {
                    entities.insert(entity);
                }
            }
        }
        features.insert(
            id.clone(),
            Features {
                id: id.clone(),
                language: language.as_str().to_owned(),
                date: objects(dcterms::DATE)?
                    .into_iter()
                    .find_map(|term| match term {
                        Term::Literal(date) => Some(date.value().to_owned()),
                        _ => None,
                    }),
                kind: named(objects(dg::KIND)?).into_iter().next(),
                parties: named(objects(dg::PARTY)?),
                entities,
            },
        );
    }
    Ok(features)
}

/// The numbered parts of a document by their place in its numbering: `[3]` for `三、` or `3.`,
/// `[3, 2]` for `（二）` under `三、`; without sections, a subsection is `[2]`.
fn numbered_parts(
    store: &GraphStore,
    document: &NamedNode,
) -> Result<BTreeMap<Vec<u32>, NamedNode>, StoreError> {
    let graph = GraphNameRef::NamedNode(document.as_ref());
    let mut markers: HashMap<NamedNode, u32> = HashMap::new();
    for quad in store
        .store
        .quads_for_pattern(None, Some(dg::MARKER), None, Some(graph))
    {
        let quad = quad.map_err(|source| store.storage_error(source))?;
        if let (NamedOrBlankNode::NamedNode(part), Term::Literal(marker)) =
            (quad.subject, quad.object)
        {
            if let Some(number) = marker_number(marker.value()) {
                markers.insert(part, number);
            }
        }
    }
    let is_section = |part: &NamedNode| {
        store
            .store
            .contains(oxigraph::model::QuadRef::new(
                part,
                rdf::TYPE,
                dg::SECTION,
                graph,
            ))
            .map_err(|source| store.storage_error(source))
    };
    let parent = |part: &NamedNode| -> Result<Option<NamedNode>, StoreError> {
        for quad in store.store.quads_for_pattern(
            Some(NamedOrBlankNodeRef::NamedNode(part.as_ref())),
            Some(dg::PART_OF),
            None,
            Some(graph),
        ) {
            let quad = quad.map_err(|source| store.storage_error(source))?;
            if let Term::NamedNode(parent) = quad.object {
                return Ok(Some(parent));
            }
        }
        Ok(None)
    };
    let mut sections = BTreeSet::new();
    for part in markers.keys() {
        if is_section(part)? {
            sections.insert(part.clone());
        }
    }
    let mut numbered = BTreeMap::new();
    for (part, number) in &markers {
        let path = if sections.contains(part) || sections.is_empty() {
            vec![*number]
        } else {
            let section = parent(part)?
                .filter(|parent| sections.contains(parent))
                .and_then(|parent| markers.get(&parent).copied())
                .unwrap_or(0);
            vec![section, *number]
        };
        numbered.entry(path).or_insert_with(|| part.clone());
    }
    Ok(numbered)
}

/// The paragraphs of a document in order, with their lengths in characters.
fn paragraphs(
    store: &GraphStore,
    document: &NamedNode,
) -> Result<Vec<(NamedNode, u32)>, StoreError> {
    let graph = GraphNameRef::NamedNode(document.as_ref());
    let number = |paragraph: &NamedNode, predicate: NamedNodeRef<'_>| {
        store
            .store
            .quads_for_pattern(
                Some(NamedOrBlankNodeRef::NamedNode(paragraph.as_ref())),
                Some(predicate),
                None,
                Some(graph),
            )
            .next()
            .transpose()
            .map_err(|source| store.storage_error(source))
            .map(|quad| {
                quad.and_then(|quad| match quad.object {
                    Term::Literal(value) => value.value().parse::<u32>().ok(),
                    _ => None,
                })
                .unwrap_or(0)
            })
    };
    let mut found = Vec::new();
    for quad in store.store.quads_for_pattern(
        None,
        Some(rdf::TYPE),
        Some(TermRef::NamedNode(dg::PARAGRAPH)),
        Some(graph),
    ) {
        let quad = quad.map_err(|source| store.storage_error(source))?;
        let NamedOrBlankNode::NamedNode(paragraph) = quad.subject else {
            continue;
        };
        let ordinal = number(&paragraph, dg::ORDINAL)?;
        let length = number(&paragraph, dg::END)?.saturating_sub(number(&paragraph, dg::START)?);
        found.push((ordinal, paragraph, length));
    }
    found.sort();
    Ok(found
        .into_iter()
        .map(|(_, paragraph, length)| (paragraph, length))
        .collect())
}

/// The parts of two versions that say the same thing: those with the same number; else, where
/// numbers pair nothing, the paragraphs by their lengths ([`align_by_length`]).
fn align(
    store: &GraphStore,
    first: &NamedNode,
    second: &NamedNode,
) -> Result<Vec<(NamedNode, NamedNode)>, StoreError> {
    let first_numbered = numbered_parts(store, first)?;
    let second_numbered = numbered_parts(store, second)?;
    let by_number: Vec<(NamedNode, NamedNode)> = first_numbered
        .into_iter()
        .filter_map(|(path, part)| Some((part, second_numbered.get(&path)?.clone())))
        .collect();
    if !by_number.is_empty() {
        return Ok(by_number);
    }
    let first_paragraphs = paragraphs(store, first)?;
    let second_paragraphs = paragraphs(store, second)?;
    let first_lengths: Vec<u32> = first_paragraphs.iter().map(|(_, length)| *length).collect();
    let second_lengths: Vec<u32> = second_paragraphs
        .iter()
        .map(|(_, length)| *length)
        .collect();
    Ok(align_by_length(&first_lengths, &second_lengths)
        .into_iter()
        .map(|(a, b)| {
            (
                first_paragraphs[a].0.clone(),
                second_paragraphs[b].0.clone(),
            )
        })
        .collect())
}

/// A paragraph skipped by [`align_by_length`] costs this much: a pair whose lengths differ from
/// the expected ratio by more than a factor of e is not made.
const SKIP_COST: f64 = 1.0;

/// Pairs paragraphs of two versions in order by their lengths, in the manner of Gale and
/// Church: a Chinese paragraph and its English version keep about the ratio of the two texts'
/// lengths. The pairs of least total cost (|ln(actual / expected ratio)| a pair, [`SKIP_COST`]
/// a paragraph left out: a title line, a dateline that one version writes apart) are kept.
/// O(n·m) in the paragraphs of the two versions.
pub fn align_by_length(first: &[u32], second: &[u32]) -> Vec<(usize, usize)> {
    let total = |lengths: &[u32]| lengths.iter().map(|l| f64::from(*l)).sum::<f64>();
    let (first_total, second_total) = (total(first), total(second));
    if first_total == 0.0 || second_total == 0.0 {
        return Vec::new();
    }
    let ratio = second_total / first_total;
    let pair_cost = |a: u32, b: u32| {
        let (a, b) = (f64::from(a.max(1)), f64::from(b.max(1)));
        (b / (a * ratio)).ln().abs()
    };
    let (n, m) = (first.len(), second.len());
    // cost[i][j]: the least cost of aligning first[..i] with second[..j].
    let mut cost = vec![vec![f64::INFINITY; m + 1]; n + 1];
    let mut step = vec![vec![0u8; m + 1]; n + 1];
    cost[0][0] = 0.0;
    for i in 0..=n {
        for j in 0..=m {
            let here = cost[i][j];
            if !here.is_finite() {
                continue;
            }
            if i < n && j < m {
                let c = here + pair_cost(first[i], second[j]);
                if c < cost[i + 1][j + 1] {
                    cost[i + 1][j + 1] = c;
                    step[i + 1][j + 1] = 1;
                }
            }
            if i < n && here + SKIP_COST < cost[i + 1][j] {
                cost[i + 1][j] = here + SKIP_COST;
                step[i + 1][j] = 2;
            }
            if j < m && here + SKIP_COST < cost[i][j + 1] {
                cost[i][j + 1] = here + SKIP_COST;
                step[i][j + 1] = 3;
            }
        }
    }
    let mut pairs = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        match step[i][j] {
            1 => {
                pairs.push((i - 1, j - 1));
                i -= 1;
                j -= 1;
            }
            2 => i -= 1,
            _ => j -= 1,
        }
    }
    pairs.reverse();
    pairs
}

/// The number a marker gives: `3.`, `三、`, `（三）`, `III.`, `(c)`.
pub fn marker_number(marker: &str) -> Option<u32> {
    let core: String = marker.chars().filter(|c| c.is_alphanumeric()).collect();
    if core.is_empty() {
        return None;
    }
    if let Ok(number) = core.parse::<u32>() {
        return Some(number);
    }
    if core.chars().all(|c| "IVXLC".contains(c)) {
        return roman(&core);
    }
    if core.len() == 1 && core.chars().all(|c| c.is_ascii_lowercase()) {
        return core
            .chars()
            .next()
            .map(|c| u32::from(c) - u32::from('a') + 1);
    }
    crate::lang::numerals::small_number(&core)
}

fn roman(text: &str) -> Option<u32> {
    let value = |c: char| match c {
        'I' => 1,
        'V' => 5,
        'X' => 10,
        'L' => 50,
        'C' => 100,
        _ => 0,
    };
    let digits: Vec<u32> = text.chars().map(value).collect();
    let mut total = 0;
    for (index, digit) in digits.iter().enumerate() {
        if digits.get(index + 1).is_some_and(|next| next > digit) {
            total -= *digit as i64;
        } else {
            total += *digit as i64;
        }
    }
    u32::try_from(total).ok().filter(|total| *total > 0)
}

/// Sets of document IDs joined by declarations.
#[derive(Default)]
struct Groups {
    of: BTreeMap<String, usize>,
    sets: Vec<BTreeSet<String>>,
}

impl Groups {
    fn join(&mut self, first: &str, second: &str) {
        match (self.of.get(first).copied(), self.of.get(second).copied()) {
            (Some(a), Some(b)) if a == b => {}
            (Some(a), Some(b)) => {
                let moved = std::mem::take(&mut self.sets[b]);
                for id in &moved {
                    self.of.insert(id.clone(), a);
                }
                self.sets[a].extend(moved);
            }
            (Some(a), None) => {
                self.of.insert(second.to_owned(), a);
                self.sets[a].insert(second.to_owned());
            }
            (None, Some(b)) => {
                self.of.insert(first.to_owned(), b);
                self.sets[b].insert(first.to_owned());
            }
            (None, None) => {
                let index = self.sets.len();
                self.sets
                    .push([first.to_owned(), second.to_owned()].into_iter().collect());
                self.of.insert(first.to_owned(), index);
                self.of.insert(second.to_owned(), index);
            }
        }
    }

    fn contains(&self, id: &str) -> bool {
        self.of.contains_key(id)
    }

    fn sets(&self) -> Vec<Vec<String>> {
        self.sets
            .iter()
            .filter(|set| !set.is_empty())
            .map(|set| set.iter().cloned().collect())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_give_their_numbers() {
        for (marker, number) in [
            ("3.", 3),
            ("三、", 3),
            ("（十二）", 12),
            ("IV.", 4),
            ("XIV.", 14),
            ("(c)", 3),
            ("12", 12),
        ] {
            assert_eq!(marker_number(marker), Some(number), "{marker}");
        }
        for marker in ["、", "()", "(abc)", "ABC."] {
            assert_eq!(marker_number(marker), None, "{marker}");
        }
    }

    fn features(
        language: &str,
        date: Option<&str>,
        parties: &[&str],
        entities: &[&str],
    ) -> Features {
        let nodes = |names: &[&str]| {
            names
                .iter()
                .map(|name| NamedNode::new_unchecked(format!("{}{name}", dgr::NAMESPACE)))
                .collect()
        };
        Features {
            id: format!("{language}-{}", date.unwrap_or("undated")),
            language: language.to_owned(),
            date: date.map(str::to_owned),
            kind: Some(NamedNode::new_unchecked(format!(
                "{}JointStatement",
                dg::NAMESPACE
            ))),
            parties: nodes(parties),
            entities: nodes(entities),
        }
    }

    #[test]
    fn paragraphs_pair_by_their_lengths() {
        // A Chinese text and its English version, about three times as long a paragraph; the
        // English has a dateline of its own under the title.
        let chinese = [30, 120, 60, 90, 12];
        let english = [90, 25, 370, 170, 280, 40];
        assert_eq!(
            align_by_length(&chinese, &english),
            [(0, 0), (1, 2), (2, 3), (3, 4), (4, 5)]
        );
        // As many paragraphs, as long: in order.
        assert_eq!(
            align_by_length(&[10, 20, 30], &[30, 60, 90]),
            [(0, 0), (1, 1), (2, 2)]
        );
        assert!(align_by_length(&[], &[10]).is_empty());
    }

    #[test]
    fn versions_agree_on_date_parties_and_entities() {
        let zh = features(
            "zh",
            Some("2025-03-16"),
            &["China", "Kenya"],
            &["China", "Kenya", "Nairobi", "XiJinping"],
        );
        let en = features(
            "en",
            Some("2025-03-16"),
            &["China", "Kenya"],
            &["China", "Kenya", "Nairobi"],
        );
        assert!(score(&zh, &en).unwrap() >= DETECTED_AT);
        // Without a date on one side, the parties and entities still tell.
        let undated = features(
            "en",
            None,
            &["China", "Kenya"],
            &["China", "Kenya", "Nairobi", "XiJinping"],
        );
        assert!(score(&zh, &undated).unwrap() >= DETECTED_AT);
    }

    #[test]
    fn other_documents_are_not_versions() {
        let zh = features(
            "zh",
            Some("2024-09-10"),
            &["China", "Iceland"],
            &["China", "Iceland", "Beijing"],
        );
        // The same day and place, another partner.
        let other = features(
            "en",
            Some("2024-09-10"),
            &["China", "Norway"],
            &["China", "Norway", "Beijing"],
        );
        assert_eq!(score(&zh, &other), None);
        // The same partners, another day.
        let later = features(
            "en",
            Some("2024-09-11"),
            &["China", "Iceland"],
            &["China", "Iceland", "Beijing"],
        );
        assert_eq!(score(&zh, &later), None);
        // One language.
        let same = features(
            "zh",
            Some("2024-09-10"),
            &["China", "Iceland"],
            &["China", "Iceland", "Beijing"],
        );
        assert_eq!(score(&zh, &same), None);
        // Nothing but a kind in common: too little to say.
        let bare = features("en", None, &[], &[]);
        assert_eq!(score(&zh, &bare), None);
    }
}
