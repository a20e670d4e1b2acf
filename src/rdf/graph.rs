//! One named graph held in memory with each distinct term once: a document's statements between
//! extraction and the store or the serializer.
//!
//! A document's triples repeat few terms many times (its own IRI, a node's IRI in each of its
//! statements, a handful of predicates), and as oxigraph quads each triple would own a copy of
//! its four terms, the graph name included. Here a triple is three indexes into tables of
//! distinct subjects, predicates and objects, which keeps a document's graph at a fraction of the
//! memory of its quads, so that files wait for the writer, and documents for their bulk load,
//! in little room.
//!
//! Cost: adding a triple is one hash lookup per term; [`GraphBuilder::finish`] sorts the triples
//! (n log n) after ranking each distinct term once; iteration borrows the terms and allocates
//! nothing.

use crate::rdf::subjects::Subjects;
use indexmap::IndexSet;
use oxigraph::model::{
    GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, QuadRef, Term, TripleRef,
};

/// The triples of one named graph, each a set of three indexes into its tables of terms, sorted
/// in the order of their N-Quads lines and without repeats.
#[derive(Debug, Clone)]
pub struct Graph {
    name: NamedNode,
    subjects: Vec<NamedOrBlankNode>,
    predicates: Vec<NamedNode>,
    objects: Vec<Term>,
    triples: Vec<[u32; 3]>,
}

impl Graph {
    /// The graph's name.
    pub fn name(&self) -> &NamedNode {
        &self.name
    }

    /// How many triples the graph holds.
    pub fn len(&self) -> usize {
        self.triples.len()
    }

    /// Whether the graph holds no triple.
    pub fn is_empty(&self) -> bool {
        self.triples.is_empty()
    }

    /// The triples, in the order of their N-Quads lines.
    pub fn triples(&self) -> impl Iterator<Item = TripleRef<'_>> + '_ {
        self.triples.iter().map(|&[subject, predicate, object]| {
            TripleRef::new(
                &self.subjects[subject as usize],
                &self.predicates[predicate as usize],
                &self.objects[object as usize],
            )
        })
    }

    /// The triples as quads of the graph.
    pub fn quads(&self) -> impl Iterator<Item = QuadRef<'_>> + '_ {
        let name = GraphNameRef::NamedNode(self.name.as_ref());
        self.triples().map(move |triple| triple.in_graph(name))
    }

    /// The triples indexed by subject.
    pub fn subjects(&self) -> Subjects<'_> {
        Subjects::from_statements(self.triples.iter().map(|&[subject, predicate, object]| {
            (
                &self.subjects[subject as usize],
                self.predicates[predicate as usize].as_ref(),
                &self.objects[object as usize],
            )
        }))
    }
}

/// Gathers the triples of one graph, interning their terms.
#[derive(Debug)]
pub struct GraphBuilder {
    name: NamedNode,
    subjects: IndexSet<NamedOrBlankNode>,
    predicates: IndexSet<NamedNode>,
    objects: IndexSet<Term>,
    triples: Vec<[u32; 3]>,
}

impl GraphBuilder {
    /// An empty graph named `name`.
    pub fn new(name: NamedNode) -> Self {
        Self {
            name,
            subjects: IndexSet::new(),
            predicates: IndexSet::new(),
            objects: IndexSet::new(),
            triples: Vec::new(),
        }
    }

    /// Adds the triple `subject predicate object`.
    pub fn add(
        &mut self,
        subject: impl Into<NamedOrBlankNode>,
        predicate: NamedNodeRef<'_>,
        object: impl Into<Term>,
    ) {
        let subject = intern(&mut self.subjects, subject.into());
        let predicate = intern(&mut self.predicates, predicate.into_owned());
        let object = intern(&mut self.objects, object.into());
        self.triples.push([subject, predicate, object]);
    }

    /// The graph, its triples sorted in the order of their N-Quads lines (each term's N-Triples
    /// form compared in turn, which orders as the whole lines do: no term's form is a proper
    /// prefix of another's followed by more than a space) and a triple added twice kept once.
    pub fn finish(self) -> Graph {
        let Self {
            name,
            subjects,
            predicates,
            objects,
            mut triples,
        } = self;
        let subjects: Vec<NamedOrBlankNode> = subjects.into_iter().collect();
        let predicates: Vec<NamedNode> = predicates.into_iter().collect();
        let objects: Vec<Term> = objects.into_iter().collect();
        let subject_ranks = ranks(&subjects);
        let predicate_ranks = ranks(&predicates);
        let object_ranks = ranks(&objects);
        triples.sort_unstable_by_key(|&[subject, predicate, object]| {
            (
                subject_ranks[subject as usize],
                predicate_ranks[predicate as usize],
                object_ranks[object as usize],
            )
        });
        triples.dedup();
        triples.shrink_to_fit();
        Graph {
            name,
            subjects,
            predicates,
            objects,
            triples,
        }
    }
}

fn intern<T: std::hash::Hash + Eq>(table: &mut IndexSet<T>, term: T) -> u32 {
    index_of(table.insert_full(term).0)
}

/// A table index as stored in a triple. A graph has fewer distinct terms than bytes of text, and
/// a file is read whole into memory, far below four billion bytes.
fn index_of(index: usize) -> u32 {
    u32::try_from(index).expect("a graph of fewer than 2^32 distinct terms")
}

/// Each term's place in the order of the terms' N-Triples forms.
fn ranks<T: std::fmt::Display>(terms: &[T]) -> Vec<u32> {
    let mut order: Vec<u32> = (0..terms.len()).map(index_of).collect();
    order.sort_by_cached_key(|&index| terms[index as usize].to_string());
    let mut ranks = vec![0; terms.len()];
    for (rank, index) in order.into_iter().enumerate() {
        ranks[index as usize] = index_of(rank);
    }
    ranks
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{Literal, Quad};

    fn node(iri: &str) -> NamedNode {
        NamedNode::new_unchecked(iri)
    }

    #[test]
    fn triples_come_in_the_order_of_their_n_quads_lines_each_once() {
        let graph_name = node("http://example.org/doc");
        let mut builder = GraphBuilder::new(graph_name.clone());
        let label = node("http://www.w3.org/2000/01/rdf-schema#label");
        let added = [
            (
                node("http://example.org/doc/mention-1"),
                Term::from(Literal::new_simple_literal("b")),
            ),
            (
                node("http://example.org/doc"),
                Literal::new_language_tagged_literal_unchecked("a", "zh").into(),
            ),
            (
                node("http://example.org/doc"),
                Literal::new_simple_literal("a").into(),
            ),
            (
                node("http://example.org/doc/mention-1"),
                Literal::new_simple_literal("b").into(),
            ),
            (
                node("http://example.org/doc"),
                node("http://example.org/x").into(),
            ),
        ];
        for (subject, object) in &added {
            builder.add(subject.clone(), label.as_ref(), object.clone());
        }
        let graph = builder.finish();
        let lines: Vec<String> = graph.quads().map(|quad| quad.to_string()).collect();
        let mut expected: Vec<String> = added
            .iter()
            .map(|(subject, object)| {
                Quad::new(
                    subject.clone(),
                    label.clone(),
                    object.clone(),
                    graph_name.clone(),
                )
                .to_string()
            })
            .collect();
        expected.sort();
        expected.dedup();
        assert_eq!(lines, expected);
        assert_eq!(graph.len(), 4);
        assert_eq!(graph.name(), &graph_name);
    }

    #[test]
    fn a_subject_index_reads_the_triples_by_subject() {
        let mut builder = GraphBuilder::new(node("http://example.org/g"));
        let subject = node("http://example.org/s");
        let kind = node("http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
        builder.add(subject.clone(), kind.as_ref(), node("http://example.org/C"));
        builder.add(
            node("http://example.org/t"),
            kind.as_ref(),
            node("http://example.org/D"),
        );
        let graph = builder.finish();
        let subjects = graph.subjects();
        assert!(subjects.is_a(
            &subject.clone().into(),
            NamedNodeRef::new_unchecked("http://example.org/C")
        ));
        assert!(!subjects.is_a(
            &subject.into(),
            NamedNodeRef::new_unchecked("http://example.org/D")
        ));
    }
}
