//! The statements of one graph held in memory, by subject: what reading a document graph node by
//! node needs (its summary tallies, its check against shapes), without a query per node.
//!
//! Cost: building is linear in the quads (one hash entry per subject); the objects of a subject
//! and predicate are found in the subject's statements.

use crate::rdf::vocab::rdf;
use oxigraph::model::{NamedNodeRef, NamedOrBlankNode, Quad, Term};
use std::collections::HashMap;

/// The quads of one graph, indexed by subject (borrowed from the quads).
pub struct Subjects<'a> {
    properties: HashMap<&'a NamedOrBlankNode, Vec<(NamedNodeRef<'a>, &'a Term)>>,
}

impl<'a> Subjects<'a> {
    /// Indexes `quads` (their graph names are not looked at).
    pub fn new(quads: impl IntoIterator<Item = &'a Quad>) -> Self {
        Self::from_statements(
            quads
                .into_iter()
                .map(|quad| (&quad.subject, quad.predicate.as_ref(), &quad.object)),
        )
    }

    /// Indexes statements given as subject, predicate and object.
    pub fn from_statements(
        statements: impl IntoIterator<Item = (&'a NamedOrBlankNode, NamedNodeRef<'a>, &'a Term)>,
    ) -> Self {
        let mut properties: HashMap<&NamedOrBlankNode, Vec<(NamedNodeRef<'_>, &Term)>> =
            HashMap::new();
        for (subject, predicate, object) in statements {
            properties
                .entry(subject)
                .or_default()
                .push((predicate, object));
        }
        Self { properties }
    }

    /// Every subject, in no particular order.
    pub fn subjects(&self) -> impl Iterator<Item = &'a NamedOrBlankNode> + '_ {
        self.properties.keys().copied()
    }

    /// The predicates and objects of `subject`, in the order of the quads.
    pub fn statements(&self, subject: &NamedOrBlankNode) -> &[(NamedNodeRef<'a>, &'a Term)] {
        self.properties.get(subject).map_or(&[], Vec::as_slice)
    }

    /// The objects of `subject` and `predicate`.
    pub fn objects(
        &self,
        subject: &NamedOrBlankNode,
        predicate: NamedNodeRef<'a>,
    ) -> impl Iterator<Item = &'a Term> + '_ {
        self.statements(subject)
            .iter()
            .filter(move |(p, _)| *p == predicate)
            .map(|(_, object)| *object)
    }

    /// Whether `subject` has the type `class` (no subclasses).
    pub fn is_a(&self, subject: &NamedOrBlankNode, class: NamedNodeRef<'_>) -> bool {
        self.objects(subject, rdf::TYPE)
            .any(|object| matches!(object, Term::NamedNode(node) if node.as_ref() == class))
    }
}

/// A term as a subject: an IRI or a blank node, not a literal.
pub fn as_subject(term: &Term) -> Option<NamedOrBlankNode> {
    match term {
        Term::NamedNode(node) => Some(node.clone().into()),
        Term::BlankNode(node) => Some(node.clone().into()),
        Term::Literal(_) => None,
    }
}
