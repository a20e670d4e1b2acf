//! `diplograph validate`: checks each document graph of a store against SHACL shapes (the bundled
//! `ontology/shapes.ttl`, or a file of the user's) and reports every result with its document, the
//! shape and path it breaks, and the characters of the source the node was read from (its
//! `dg:start` and `dg:end`), so that a user can go from a result to the text.
//!
//! The shapes are read into the SHACL Core constraints that diplograph's shapes use: node shapes
//! with `sh:targetClass`, and property shapes with an IRI `sh:path` and `sh:minCount`,
//! `sh:maxCount`, `sh:datatype`, `sh:class`, `sh:minInclusive`, `sh:minExclusive`,
//! `sh:lessThanOrEquals` and `sh:or` of datatypes, each with `sh:severity` and `sh:message`. A
//! shapes file that uses any other SHACL term is refused when it is read, with the term named,
//! rather than checked in part. The tests compare the results with those of pyshacl, an
//! independent processor, on the export of the same store.
//!
//! A node's classes are its `rdf:type`s in its document's graph and in the ontology and reference
//! graphs (where the reference entities and the stances are typed), closed under
//! `rdfs:subClassOf`. Values are compared as SPARQL compares them: numbers by value, dates, months
//! and years with their own kind; values that cannot be compared break the constraint.
//!
//! Cost: one document graph in memory at a time; checking is linear in its quads times the number
//! of shapes, plus the ontology and reference graphs held once.

use crate::error::{DataError, StoreError, ValidateError};
use crate::map::mapping::{ONTOLOGY_GRAPH, REFERENCE_GRAPH};
use crate::query::compact_iri;
use crate::query::order::sparql_compare;
use crate::rdf::subjects::{as_subject, Subjects};
use crate::rdf::vocab::{dcterms, dg, dgs, rdf, rdfs, sh};
use crate::store::GraphStore;
use oxigraph::model::{
    GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term,
};
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

/// The bundled shapes.
pub const BUNDLED_SHAPES: &str = include_str!("../../ontology/shapes.ttl");

/// The bundled shapes' file name, for messages.
pub const BUNDLED_SHAPES_FILE: &str = "ontology/shapes.ttl";

/// How grave a result is (`sh:severity`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The data breaks a rule no extraction may break.
    Violation,
    /// Extraction found less than a reader would (a document without a date).
    Warning,
    /// For information.
    Info,
}

impl Severity {
    /// The lower-case word of reports.
    pub fn word(self) -> &'static str {
        match self {
            Self::Violation => "violation",
            Self::Warning => "warning",
            Self::Info => "info",
        }
    }
}

/// One constraint of a property shape.
#[derive(Debug, Clone)]
enum Constraint {
    MinCount(usize),
    MaxCount(usize),
    Datatype(NamedNode),
    Class(NamedNode),
    MinInclusive(Literal),
    MinExclusive(Literal),
    LessThanOrEquals(NamedNode),
    /// `sh:or` of shapes that each give one datatype.
    OneOfDatatypes(Vec<NamedNode>),
}

/// A property shape: a predicate of the focus node and what its values must be.
#[derive(Debug, Clone)]
struct PropertyShape {
    path: NamedNode,
    constraints: Vec<Constraint>,
    severity: Severity,
    message: Option<String>,
}

/// A node shape: the classes whose instances it checks, and its property shapes.
#[derive(Debug, Clone)]
struct NodeShape {
    name: String,
    targets: Vec<NamedNode>,
    properties: Vec<PropertyShape>,
}

/// SHACL shapes, read and checked.
#[derive(Debug, Clone)]
pub struct Shapes {
    shapes: Vec<NodeShape>,
}

impl Shapes {
    /// The bundled shapes.
    pub fn bundled() -> Result<Self, DataError> {
        Self::parse(BUNDLED_SHAPES_FILE, BUNDLED_SHAPES)
    }

    /// Reads shapes from Turtle; `file` names them in errors.
    pub fn parse(file: &str, text: &str) -> Result<Self, DataError> {
        let quads = crate::lang::reference::parse_turtle(file, text)?;
        let index = Subjects::new(&quads);
        let invalid = |message: String| DataError::Invalid {
            file: file.to_owned(),
            message,
        };
        let mut names: Vec<&NamedOrBlankNode> = index
            .subjects()
            .filter(|subject| index.is_a(subject, sh::NODE_SHAPE))
            .collect();
        names.sort_by_key(|subject| subject.to_string());
        let mut shapes = Vec::new();
        for subject in names {
            let name = match subject {
                NamedOrBlankNode::NamedNode(node) => {
                    match node.as_str().strip_prefix(dgs::NAMESPACE) {
                        Some(local) => format!("dgs:{local}"),
                        None => compact_iri(node.as_str()),
                    }
                }
                NamedOrBlankNode::BlankNode(node) => node.to_string(),
            };
            let mut shape = NodeShape {
                name: name.clone(),
                targets: Vec::new(),
                properties: Vec::new(),
            };
            for (predicate, object) in index.statements(subject) {
                match (*predicate, *object) {
                    (p, Term::NamedNode(class)) if p == sh::TARGET_CLASS => {
                        shape.targets.push(class.clone())
                    }
                    (p, object) if p == sh::PROPERTY => {
                        let property = as_subject(object).ok_or_else(|| {
                            invalid(format!("shape {name}: sh:property is a literal"))
                        })?;
                        shape
                            .properties
                            .push(property_shape(&index, &property, &name).map_err(invalid)?);
                    }
                    (p, _) if p == rdf::TYPE || !p.as_str().starts_with(sh::NAMESPACE) => {}
                    (p, _) if p == sh::NAME || p == sh::DESCRIPTION => {}
                    (p, _) => return Err(invalid(unsupported(&name, p))),
                }
            }
            if shape.targets.is_empty() {
                return Err(invalid(format!(
                    "shape {name} has no sh:targetClass\nhint: `diplograph validate` checks shapes that target a class"
                )));
            }
            shapes.push(shape);
        }
        if shapes.is_empty() {
            return Err(invalid(
                "no sh:NodeShape is declared\nhint: name a Turtle file of SHACL shapes".to_owned(),
            ));
        }
        Ok(Self { shapes })
    }

    /// Number of node shapes.
    pub fn len(&self) -> usize {
        self.shapes.len()
    }

    /// Whether there are no shapes (never, once read).
    pub fn is_empty(&self) -> bool {
        self.shapes.is_empty()
    }
}

fn unsupported(shape: &str, term: NamedNodeRef<'_>) -> String {
    format!(
        "shape {shape} uses {}, which `diplograph validate` does not check\nhint: it checks sh:targetClass, sh:property with an IRI sh:path, sh:minCount, sh:maxCount, sh:datatype, sh:class, sh:minInclusive, sh:minExclusive, sh:lessThanOrEquals, sh:or of datatypes, sh:severity and sh:message; validate such shapes with a full SHACL processor (pyshacl) on `diplograph export`",
        compact_iri(term.as_str()).replace("<http://www.w3.org/ns/shacl#", "sh:").trim_end_matches('>')
    )
}

fn property_shape(
    index: &Subjects<'_>,
    subject: &NamedOrBlankNode,
    shape: &str,
) -> Result<PropertyShape, String> {
    let mut path = None;
    let mut constraints = Vec::new();
    let mut severity = Severity::Violation;
    let mut messages: Vec<&Literal> = Vec::new();
    let count = |object: &Term, term: &str| match object {
        Term::Literal(literal) => literal
            .value()
            .parse::<usize>()
            .map_err(|_| format!("shape {shape}: {term} `{}` is not a count", literal.value())),
        other => Err(format!("shape {shape}: {term} {other} is not a count")),
    };
    let iri = |object: &Term, term: &str| match object {
        Term::NamedNode(node) => Ok(node.clone()),
        other => Err(format!(
            "shape {shape}: {term} {other} is not an IRI (property paths are not checked)"
        )),
    };
    let literal = |object: &Term, term: &str| match object {
        Term::Literal(literal) => Ok(literal.clone()),
        other => Err(format!("shape {shape}: {term} {other} is not a literal")),
    };
    for &(p, object) in index.statements(subject) {
        if p == sh::PATH {
            path = Some(iri(object, "sh:path")?);
        } else if p == sh::MIN_COUNT {
            constraints.push(Constraint::MinCount(count(object, "sh:minCount")?));
        } else if p == sh::MAX_COUNT {
            constraints.push(Constraint::MaxCount(count(object, "sh:maxCount")?));
        } else if p == sh::DATATYPE {
            constraints.push(Constraint::Datatype(iri(object, "sh:datatype")?));
        } else if p == sh::CLASS {
            constraints.push(Constraint::Class(iri(object, "sh:class")?));
        } else if p == sh::MIN_INCLUSIVE {
            constraints.push(Constraint::MinInclusive(literal(
                object,
                "sh:minInclusive",
            )?));
        } else if p == sh::MIN_EXCLUSIVE {
            constraints.push(Constraint::MinExclusive(literal(
                object,
                "sh:minExclusive",
            )?));
        } else if p == sh::LESS_THAN_OR_EQUALS {
            constraints.push(Constraint::LessThanOrEquals(iri(
                object,
                "sh:lessThanOrEquals",
            )?));
        } else if p == sh::OR {
            constraints.push(Constraint::OneOfDatatypes(datatype_list(
                index, object, shape,
            )?));
        } else if p == sh::SEVERITY {
            severity = match object {
                Term::NamedNode(node) if node.as_ref() == sh::VIOLATION => Severity::Violation,
                Term::NamedNode(node) if node.as_ref() == sh::WARNING => Severity::Warning,
                Term::NamedNode(node) if node.as_ref() == sh::INFO => Severity::Info,
                other => return Err(format!("shape {shape}: unknown sh:severity {other}")),
            };
        } else if p == sh::MESSAGE {
            if let Term::Literal(message) = object {
                messages.push(message);
            }
        } else if p == sh::NAME || p == sh::DESCRIPTION || !p.as_str().starts_with(sh::NAMESPACE) {
        } else {
            return Err(unsupported(shape, p));
        }
    }
    let path = path.ok_or_else(|| format!("shape {shape} has a property shape without sh:path"))?;
    // The English message, else one without a language, else any.
    messages.sort_by_key(|message| match message.language() {
        Some("en") => 0,
        None => 1,
        Some(_) => 2,
    });
    Ok(PropertyShape {
        path,
        constraints,
        severity,
        message: messages.first().map(|message| message.value().to_owned()),
    })
}

/// The datatypes of an `sh:or` list whose members each give only `sh:datatype`.
fn datatype_list(index: &Subjects<'_>, list: &Term, shape: &str) -> Result<Vec<NamedNode>, String> {
    let mut datatypes = Vec::new();
    let mut node = list.clone();
    let nil = Term::from(rdf::NIL.into_owned());
    while node != nil {
        let subject =
            as_subject(&node).ok_or_else(|| format!("shape {shape}: sh:or is not a list"))?;
        let first = index
            .objects(&subject, rdf::FIRST)
            .next()
            .and_then(as_subject)
            .ok_or_else(|| format!("shape {shape}: sh:or is not a list of shapes"))?;
        match index.statements(&first) {
            [(p, Term::NamedNode(datatype))] if *p == sh::DATATYPE => {
                datatypes.push(datatype.clone())
            }
            _ => {
                return Err(format!(
                    "shape {shape}: sh:or is checked only as a list of shapes that each give one sh:datatype\nhint: validate such shapes with a full SHACL processor (pyshacl) on `diplograph export`"
                ));
            }
        }
        node = index
            .objects(&subject, rdf::REST)
            .next()
            .cloned()
            .ok_or_else(|| format!("shape {shape}: sh:or is a list without its rest"))?;
    }
    Ok(datatypes)
}

/// One result: a node of a document that breaks a constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationResult {
    /// The document's identifier.
    pub document: String,
    /// The file the document was read from, where its graph names it.
    pub source_file: Option<String>,
    /// How grave the result is.
    pub severity: Severity,
    /// The node shape (compact IRI).
    pub shape: String,
    /// The property checked (compact IRI).
    pub path: String,
    /// The node that breaks it (compact IRI).
    pub focus: String,
    /// The value that breaks it, where one does.
    pub value: Option<String>,
    /// The shape's message, else what was checked.
    pub message: String,
    /// What was found, in words (`0 values, fewer than 1`).
    pub detail: String,
    /// The characters of the source text the node was read from.
    pub span: Option<(u64, u64)>,
}

/// What `validate` found.
#[derive(Debug, Default)]
pub struct Report {
    /// The documents checked.
    pub documents: usize,
    /// The results, by document, then by where in the text, then by shape.
    pub results: Vec<ValidationResult>,
}

impl Report {
    /// Results of one severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.results
            .iter()
            .filter(|result| result.severity == severity)
            .count()
    }

    /// Whether no result is a violation (warnings and information allowed).
    pub fn conforms(&self) -> bool {
        self.count(Severity::Violation) == 0
    }
}

/// The classes of the ontology and the reference data: types of the nodes they describe, and the
/// superclasses (the class itself included) of each class.
struct Classes {
    types: HashMap<NamedOrBlankNode, Vec<NamedNode>>,
    superclasses: HashMap<NamedNode, HashSet<NamedNode>>,
}

impl Classes {
    fn read(store: &GraphStore) -> Result<Self, StoreError> {
        let mut types: HashMap<NamedOrBlankNode, Vec<NamedNode>> = HashMap::new();
        let mut parents: HashMap<NamedNode, Vec<NamedNode>> = HashMap::new();
        for graph in [ONTOLOGY_GRAPH, REFERENCE_GRAPH] {
            let graph = NamedNodeRef::new_unchecked(graph);
            for quad in store.graph_quads(GraphNameRef::NamedNode(graph)) {
                let quad = quad?;
                match (quad.predicate.as_ref(), quad.object) {
                    (p, Term::NamedNode(class)) if p == rdf::TYPE => {
                        types.entry(quad.subject).or_default().push(class)
                    }
                    (p, Term::NamedNode(parent)) if p == rdfs::SUB_CLASS_OF => {
                        if let NamedOrBlankNode::NamedNode(child) = quad.subject {
                            parents.entry(child).or_default().push(parent);
                        }
                    }
                    _ => {}
                }
            }
        }
        let mut superclasses = HashMap::new();
        for class in parents.keys() {
            let mut seen = HashSet::from([class.clone()]);
            let mut stack = vec![class.clone()];
            while let Some(next) = stack.pop() {
                for parent in parents.get(&next).into_iter().flatten() {
                    if seen.insert(parent.clone()) {
                        stack.push(parent.clone());
                    }
                }
            }
            superclasses.insert(class.clone(), seen);
        }
        Ok(Self {
            types,
            superclasses,
        })
    }

    /// Whether `class` is `target` or one of its subclasses.
    fn is_a(&self, class: &NamedNode, target: &NamedNode) -> bool {
        class == target
            || self
                .superclasses
                .get(class)
                .is_some_and(|parents| parents.contains(target))
    }

    /// Whether `node` is an instance of `target`, by its types in `graph` or in the ontology and
    /// the reference data.
    fn instance_of(
        &self,
        graph: &Subjects<'_>,
        node: &NamedOrBlankNode,
        target: &NamedNode,
    ) -> bool {
        let local = graph
            .objects(node, rdf::TYPE)
            .filter_map(|term| match term {
                Term::NamedNode(class) => Some(class),
                _ => None,
            });
        let global = self.types.get(node).into_iter().flatten();
        local.chain(global).any(|class| self.is_a(class, target))
    }
}

/// Checks every document graph of `store` against `shapes`.
pub fn validate(store: &GraphStore, shapes: &Shapes) -> Result<Report, ValidateError> {
    let classes = Classes::read(store)?;
    let mut documents = store.graphs_saying_of_themselves(rdf::TYPE, dg::DOCUMENT.into())?;
    documents.sort();
    let mut report = Report {
        documents: documents.len(),
        results: Vec::new(),
    };
    for document in documents {
        let quads = store
            .graph_quads(GraphNameRef::NamedNode(document.as_ref()))
            .collect::<Result<Vec<Quad>, _>>()?;
        let graph = Subjects::new(&quads);
        let mut results = Vec::new();
        check_graph(&graph, &document, &classes, shapes, &mut results);
        results.sort_by(|a, b| {
            (a.span, &a.focus, &a.shape, &a.path).cmp(&(b.span, &b.focus, &b.shape, &b.path))
        });
        report.results.extend(results);
    }
    Ok(report)
}

fn check_graph(
    graph: &Subjects<'_>,
    document: &NamedNode,
    classes: &Classes,
    shapes: &Shapes,
    results: &mut Vec<ValidationResult>,
) {
    let document_subject: NamedOrBlankNode = document.clone().into();
    let literal_value = |subject: &NamedOrBlankNode, predicate: NamedNodeRef<'_>| {
        graph
            .objects(subject, predicate)
            .find_map(|term| match term {
                Term::Literal(literal) => Some(literal.value().to_owned()),
                _ => None,
            })
    };
    let identifier = literal_value(&document_subject, dcterms::IDENTIFIER)
        .unwrap_or_else(|| compact_iri(document.as_str()));
    let source_file = literal_value(&document_subject, dg::SOURCE_FILE);
    let mut subjects: Vec<&NamedOrBlankNode> = graph.subjects().collect();
    subjects.sort_by_key(|subject| subject.to_string());
    for shape in &shapes.shapes {
        for focus in subjects.iter().copied() {
            if !shape
                .targets
                .iter()
                .any(|target| classes.instance_of(graph, focus, target))
            {
                continue;
            }
            let offset = |predicate| {
                literal_value(focus, predicate).and_then(|value| value.parse::<u64>().ok())
            };
            let span = offset(dg::START).zip(offset(dg::END));
            for property in &shape.properties {
                for (detail, value) in check_property(graph, classes, focus, property) {
                    results.push(ValidationResult {
                        document: identifier.clone(),
                        source_file: source_file.clone(),
                        severity: property.severity,
                        shape: shape.name.clone(),
                        path: compact_iri(property.path.as_str()),
                        focus: match focus {
                            NamedOrBlankNode::NamedNode(node) => compact_iri(node.as_str()),
                            NamedOrBlankNode::BlankNode(node) => node.to_string(),
                        },
                        value: value.map(|term| crate::query::display_term(&term)),
                        message: property.message.clone().unwrap_or_else(|| detail.clone()),
                        detail,
                        span,
                    });
                }
            }
        }
    }
}

/// What breaks `property` at `focus`: a description, and the value at fault where one is.
fn check_property(
    graph: &Subjects<'_>,
    classes: &Classes,
    focus: &NamedOrBlankNode,
    property: &PropertyShape,
) -> Vec<(String, Option<Term>)> {
    let values: Vec<&Term> = graph.objects(focus, property.path.as_ref()).collect();
    let mut broken = Vec::new();
    let path = compact_iri(property.path.as_str());
    for constraint in &property.constraints {
        match constraint {
            Constraint::MinCount(least) if values.len() < *least => broken.push((
                format!("{} value(s) of {path}, fewer than {least}", values.len()),
                None,
            )),
            Constraint::MaxCount(most) if values.len() > *most => broken.push((
                format!("{} values of {path}, more than {most}", values.len()),
                None,
            )),
            Constraint::Datatype(datatype) => {
                for value in &values {
                    if !has_datatype(value, datatype) {
                        broken.push((
                            format!(
                                "{path} is not of datatype {}",
                                compact_iri(datatype.as_str())
                            ),
                            Some((*value).clone()),
                        ));
                    }
                }
            }
            Constraint::OneOfDatatypes(datatypes) => {
                for value in &values {
                    if !datatypes
                        .iter()
                        .any(|datatype| has_datatype(value, datatype))
                    {
                        let names: Vec<String> = datatypes
                            .iter()
                            .map(|datatype| compact_iri(datatype.as_str()))
                            .collect();
                        broken.push((
                            format!("{path} is none of {}", names.join(", ")),
                            Some((*value).clone()),
                        ));
                    }
                }
            }
            Constraint::Class(class) => {
                for value in &values {
                    let is = as_subject(value)
                        .is_some_and(|node| classes.instance_of(graph, &node, class));
                    if !is {
                        broken.push((
                            format!("{path} is not a {}", compact_iri(class.as_str())),
                            Some((*value).clone()),
                        ));
                    }
                }
            }
            Constraint::MinInclusive(least) | Constraint::MinExclusive(least) => {
                let inclusive = matches!(constraint, Constraint::MinInclusive(_));
                for value in &values {
                    let order = match value {
                        Term::Literal(value) => sparql_compare(value, least),
                        _ => None,
                    };
                    let holds = match order {
                        Some(Ordering::Greater) => true,
                        Some(Ordering::Equal) => inclusive,
                        _ => false,
                    };
                    if !holds {
                        broken.push((
                            format!(
                                "{path} is not {} {}",
                                if inclusive { "at least" } else { "above" },
                                least.value()
                            ),
                            Some((*value).clone()),
                        ));
                    }
                }
            }
            Constraint::LessThanOrEquals(other) => {
                let others: Vec<&Term> = graph.objects(focus, other.as_ref()).collect();
                for value in &values {
                    for bound in &others {
                        let order = match (value, bound) {
                            (Term::Literal(value), Term::Literal(bound)) => {
                                sparql_compare(value, bound)
                            }
                            _ => None,
                        };
                        if !matches!(order, Some(Ordering::Less | Ordering::Equal)) {
                            broken.push((
                                format!(
                                    "{path} {} is not at most {} {}",
                                    crate::query::display_term(value),
                                    compact_iri(other.as_str()),
                                    crate::query::display_term(bound)
                                ),
                                Some((*value).clone()),
                            ));
                        }
                    }
                }
            }
            Constraint::MinCount(_) | Constraint::MaxCount(_) => {}
        }
    }
    broken
}

/// Whether `value` is a literal of `datatype` (`rdf:langString` for a language-tagged string).
fn has_datatype(value: &Term, datatype: &NamedNode) -> bool {
    matches!(value, Term::Literal(literal) if literal.datatype() == datatype.as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rdf::vocab::xsd;

    #[test]
    fn the_bundled_shapes_are_read() {
        let shapes = Shapes::bundled().unwrap();
        assert!(shapes.len() >= 8, "{}", shapes.len());
        let document = shapes
            .shapes
            .iter()
            .find(|shape| shape.name == "dgs:DocumentUnderstood")
            .unwrap();
        assert!(document
            .properties
            .iter()
            .any(|property| property.severity == Severity::Warning));
    }

    #[test]
    fn a_shape_with_a_term_not_checked_is_refused() {
        let text = "@prefix sh: <http://www.w3.org/ns/shacl#> .
            @prefix ex: <http://example.org/> .
            ex:S a sh:NodeShape ; sh:targetClass ex:C ;
              sh:property [ sh:path ex:p ; sh:pattern \"^a\" ] .";
        let error = Shapes::parse("mine.ttl", text).unwrap_err().to_string();
        assert!(error.starts_with("mine.ttl: "), "{error}");
        assert!(error.contains("sh:pattern"), "{error}");
        let no_shape = Shapes::parse("empty.ttl", "<urn:a> <urn:b> <urn:c> .")
            .unwrap_err()
            .to_string();
        assert!(no_shape.contains("no sh:NodeShape"), "{no_shape}");
    }

    #[test]
    fn literals_compare_as_sparql_does() {
        let typed = |value: &str, datatype| Literal::new_typed_literal(value, datatype);
        assert_eq!(
            sparql_compare(&typed("10", xsd::INTEGER), &typed("9.5", xsd::DECIMAL)),
            Some(Ordering::Greater)
        );
        assert_eq!(
            sparql_compare(
                &typed("2020-05-01", xsd::DATE),
                &typed("2020-05-02", xsd::DATE)
            ),
            Some(Ordering::Less)
        );
        assert_eq!(
            sparql_compare(
                &typed("2020-05", xsd::G_YEAR_MONTH),
                &typed("2020-04", xsd::G_YEAR_MONTH)
            ),
            Some(Ordering::Greater)
        );
        // A day and a month are not compared; nor is a number with a date.
        assert_eq!(
            sparql_compare(
                &typed("2020-05-01", xsd::DATE),
                &typed("2020-05", xsd::G_YEAR_MONTH)
            ),
            None
        );
        assert_eq!(
            sparql_compare(&typed("1", xsd::INTEGER), &typed("2020-05-01", xsd::DATE)),
            None
        );
    }
}
