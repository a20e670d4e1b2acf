//! Export of the store in the standard RDF formats, byte-identical for the same store.
//!
//! Turtle, N-Triples and RDF/XML hold triples: a whole-store export merges the graphs (duplicates
//! dropped); TriG, N-Quads and JSON-LD keep one named graph per document. The formats people read
//! are sorted (graph, subject, predicate, object) before they are written; N-Quads, the format for
//! moving a whole archive, streams each graph in the store's index order, which depends only on
//! the quads. Either way the same store gives the same bytes every time, and users can diff
//! exports. Turtle, TriG, RDF/XML and JSON-LD get readable
//! prefixes (`dg:`, `dgr:`, `doc:` for documents; `this:` for the parts of a one-document export,
//! `d1:`, `d2:`… for those of each document of a store of up to 200 documents).
//!
//! Cost: N-Quads is one pass over the store in constant memory. Sorting needs the quads of the
//! exported graphs in memory (TriG and JSON-LD one graph at a time, the triple formats all of
//! them); O(n log n) in the number of quads.

use crate::rdf::formats::GraphFormat;
use crate::store::GraphStore;
use oxigraph::io::RdfSerializer;
use oxigraph::model::{GraphNameRef, NamedNode, Quad, Triple};
use std::io::Write;

/// What an export wrote.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExportSummary {
    pub graphs: usize,
    pub statements: usize,
}

/// Errors of an export.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("the store holds no document `{0}`\nhint: `diplograph documents` lists the document identifiers")]
    UnknownDocument(String),
    #[error(transparent)]
    Store(#[from] crate::error::StoreError),
    #[error("cannot write the export: {0}")]
    Write(#[from] std::io::Error),
}

/// The graph of a document given by identifier or IRI.
pub fn find_document_graph(store: &GraphStore, document: &str) -> Result<NamedNode, ExportError> {
    let suffix = format!("/document/{document}");
    store
        .graphs()?
        .into_iter()
        .find(|graph| graph.as_str() == document || graph.as_str().ends_with(&suffix))
        .ok_or_else(|| ExportError::UnknownDocument(document.to_owned()))
}

/// Up to this many documents, a whole-store export declares a prefix for each.
const MAX_DOCUMENT_PREFIXES: usize = 200;

fn serializer(
    format: GraphFormat,
    graphs: &[NamedNode],
    single: Option<&NamedNode>,
) -> RdfSerializer {
    if !format.declares_prefixes() {
        return format.serializer();
    }
    let mut prefixes: Vec<(String, String)> = Vec::new();
    let mut namespaces: Vec<String> = graphs
        .iter()
        .filter_map(|graph| {
            graph
                .as_str()
                .rfind("/document/")
                .map(|at| graph.as_str()[..at + 10].to_owned())
        })
        .collect();
    namespaces.sort();
    namespaces.dedup();
    for (index, namespace) in namespaces.into_iter().enumerate() {
        let name = if index == 0 {
            "doc".to_owned()
        } else {
            format!("doc{}", index + 1)
        };
        prefixes.push((name, namespace));
    }
    // Parts of a document (`…/ID/sentence-3`) read best under a prefix of their own: `this:` for
    // a one-document export, `d1:`, `d2:`… in IRI order for a store of modest size.
    if let Some(document) = single {
        prefixes.push(("this".to_owned(), format!("{}/", document.as_str())));
    } else {
        let documents: Vec<&NamedNode> = graphs
            .iter()
            .filter(|graph| graph.as_str().contains("/document/"))
            .collect();
        if documents.len() <= MAX_DOCUMENT_PREFIXES {
            for (index, document) in documents.into_iter().enumerate() {
                prefixes.push((format!("d{}", index + 1), format!("{}/", document.as_str())));
            }
        }
    }
    format.serializer_with(
        prefixes
            .iter()
            .map(|(name, iri)| (name.as_str(), iri.as_str())),
    )
}

/// The quads of one graph, in the store's index order.
fn graph_quads<'a>(
    store: &'a GraphStore,
    graph: &NamedNode,
) -> impl Iterator<Item = Result<Quad, ExportError>> + 'a {
    store
        .graph_quads(GraphNameRef::NamedNode(graph.as_ref()))
        .map(|quad| quad.map_err(ExportError::from))
}

fn sorted_quads(store: &GraphStore, graph: &NamedNode) -> Result<Vec<Quad>, ExportError> {
    let mut quads = graph_quads(store, graph).collect::<Result<Vec<_>, _>>()?;
    quads.sort_by_cached_key(|quad| {
        (
            quad.subject.to_string(),
            quad.predicate.to_string(),
            quad.object.to_string(),
        )
    });
    Ok(quads)
}

/// Writes the store (or one document's graph) in `format`.
pub fn export(
    store: &GraphStore,
    format: GraphFormat,
    document: Option<&str>,
    writer: impl Write,
) -> Result<ExportSummary, ExportError> {
    let single = document
        .map(|document| find_document_graph(store, document))
        .transpose()?;
    let graphs = match &single {
        Some(graph) => vec![graph.clone()],
        None => store.graphs()?,
    };
    let mut out = serializer(format, &graphs, single.as_ref()).for_writer(writer);
    let mut summary = ExportSummary {
        graphs: graphs.len(),
        statements: 0,
    };
    if format == GraphFormat::NQUADS {
        // Streamed in the store's index order, which depends only on the quads: as fast as the
        // store can be read, in constant memory, and the same bytes for the same quads.
        for graph in &graphs {
            for quad in graph_quads(store, graph) {
                out.serialize_quad(&quad?)?;
                summary.statements += 1;
            }
        }
    } else if format.keeps_graphs() {
        for graph in &graphs {
            for quad in sorted_quads(store, graph)? {
                out.serialize_quad(&quad)?;
                summary.statements += 1;
            }
        }
    } else {
        let mut triples: Vec<(String, Triple)> = Vec::new();
        for graph in &graphs {
            for quad in sorted_quads(store, graph)? {
                let triple = Triple::from(quad);
                triples.push((
                    format!("{} {} {}", triple.subject, triple.predicate, triple.object),
                    triple,
                ));
            }
        }
        triples.sort_by(|a, b| a.0.cmp(&b.0));
        triples.dedup_by(|b, a| a.0 == b.0);
        for (_, triple) in &triples {
            out.serialize_triple(triple)?;
            summary.statements += 1;
        }
    }
    out.finish()?;
    Ok(summary)
}
